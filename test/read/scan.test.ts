// The scanner finds item boundaries in the plain ResourceList layout, and declines anything else.
import assert from 'node:assert/strict';
import { scan } from '../../src/read/scan.js';

const list = (items: string, after = 'functionConfig:\n  kind: ConfigMap\n') =>
  `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}${after}`;

describe('read/scan', () => {
  it('finds each item from its first key to its last content line', () => {
    const text = list(
      '- apiVersion: v1\n  kind: A\n  data:\n    x: |\n      line\n# between\n- apiVersion: v1\n  kind: B\n',
    );
    const scanned = scan(text)!;
    assert.deepEqual(
      scanned.chunks.map((c) => text.slice(c.start, c.end)),
      ['apiVersion: v1\n  kind: A\n  data:\n    x: |\n      line\n', 'apiVersion: v1\n  kind: B\n'],
    );
    assert.equal(scanned.chunks[0]!.column, 2);
    assert.match(
      scanned.envelope,
      /^apiVersion: config.kubernetes.io\/v1\nkind: ResourceList\nitems:\nfunctionConfig:/,
    );
  });

  it('ends an item at its last content line, past indented comments and blank lines', () => {
    const text = list(
      '- apiVersion: v1\n  kind: A\n    # indented comment\n   \n\n- apiVersion: v1\n  kind: B\n\t  tabbed: x\n  # last\n',
    );
    const scanned = scan(text)!;
    assert.deepEqual(
      scanned.chunks.map((c) => text.slice(c.start, c.end)),
      ['apiVersion: v1\n  kind: A\n', 'apiVersion: v1\n  kind: B\n\t  tabbed: x\n'],
    );
  });

  it('declines layouts it cannot read without a parse', () => {
    for (const text of [
      list('- just a scalar\n'),
      list('- {apiVersion: v1, kind: A}\n'),
      list('  - apiVersion: v1\n    kind: A\n'),
      list('- apiVersion: v1\n', 'results:\n- message: x\n'),
      '{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": []}',
      'apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: ConfigMap\n',
      'apiVersion: v1\nkind: List\nitems: []\n',
    ]) {
      assert.equal(scan(text), undefined, text);
    }
  });
});
