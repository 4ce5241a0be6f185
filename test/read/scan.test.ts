// The scanner finds item boundaries in the plain ResourceList layout, and declines anything else.
import assert from 'node:assert/strict';
import { Document, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
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

  it("keeps an item's trailing indented and blank lines, which may end a block or quoted scalar", () => {
    const text = list(
      '- apiVersion: v1\n  kind: A\n    # indented comment\n   \n\n- apiVersion: v1\n  kind: B\n\t  tabbed: x\n  # last\n',
    );
    const scanned = scan(text)!;
    assert.deepEqual(
      scanned.chunks.map((c) => text.slice(c.start, c.end)),
      [
        'apiVersion: v1\n  kind: A\n    # indented comment\n   \n\n',
        'apiVersion: v1\n  kind: B\n\t  tabbed: x\n  # last\n',
      ],
    );
  });

  it('ends an item before a comment at column 0, and the blank lines after it', () => {
    const text = list('- apiVersion: v1\n  s: |+\n    x\n\n# between\n\n- apiVersion: v1\n');
    const scanned = scan(text)!;
    assert.deepEqual(
      scanned.chunks.map((c) => text.slice(c.start, c.end)),
      ['apiVersion: v1\n  s: |+\n    x\n\n', 'apiVersion: v1\n'],
    );
  });

  it('gives the same item text as yaml gives the item, for block and quoted scalars ending in comment-like lines', () => {
    for (const item of [
      '- kind: A\n  script: |\n    run\n    # keep running\n',
      '- kind: A\n  kept: |+\n    run\n\n  \n\n',
      '- kind: A\n  quoted: "first\n    # not a comment"\n',
    ]) {
      const text = list(item);
      const [chunk] = scan(text)!.chunks;
      const node = parseDocument(text).get('items', true) as YAMLSeq;
      const expected = (node.items[0] as YAMLMap).toJS(new Document());
      assert.deepEqual(parseDocument('  ' + text.slice(chunk!.start, chunk!.end)).toJS(), expected, item);
    }
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
