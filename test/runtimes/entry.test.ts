// Entries are read as Go's encoding/json reads them into the controller's struct.
import assert from 'node:assert/strict';
import { decodeEntry, unusedFields } from '../../src/runtimes/entry.js';
import { RUNTIMES } from '../../src/runtimes/table.js';

const fieldsOf = (runtime: string) => RUNTIMES.unitFor(runtime).fields;

describe('runtimes/entry', () => {
  it('matches top-level keys case-insensitively, the last duplicate winning, and lists unknown keys', () => {
    const decoded = decodeEntry({ CsiSidecar: [{ name: 'a' }], csisidecar: [{ name: 'b' }], Volumes: [] });
    assert.ok(decoded.ok);
    assert.deepEqual(decoded.entry.csiSidecar, [{ name: 'b' }]);
    assert.deepEqual(decoded.entry.ignored, ['Volumes']);
  });

  it('reads null as an empty entry, and refuses what is not an object', () => {
    const empty = decodeEntry(null);
    assert.ok(empty.ok && empty.entry.csiSidecar.length === 0 && empty.entry.present.size === 0);
    assert.equal(decodeEntry([1]).ok, false);
    assert.equal(decodeEntry('x').ok, false);
  });

  it('names the fields a runtime does not use', () => {
    const decoded = decodeEntry({
      mainContainer: { image: 'x', lifecycle: { postStart: { exec: { command: ['a'] } } } },
      labels: { a: 'b' },
      containers: [{ name: 'c' }],
    });
    assert.ok(decoded.ok);
    assert.deepEqual(unusedFields(decoded.entry, fieldsOf('csi')), [
      'containers',
      'labels',
      'mainContainer.image',
      'mainContainer.lifecycle',
    ]);
    assert.deepEqual(unusedFields(decoded.entry, fieldsOf('agent-runtime')), [
      'containers',
      'labels',
      'mainContainer.image',
    ]);
    assert.deepEqual(unusedFields(decoded.entry, fieldsOf('logger')), ['mainContainer']);
  });
});
