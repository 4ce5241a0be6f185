// Paths in the status record: JSON pointers relative to the pod spec, or from the root, both ways.
import assert from 'node:assert/strict';
import { fromPointer, readStatus, toPointer } from '../../src/provenance/status.js';

const POD = ['spec', 'template', 'spec'];

describe('provenance/status', () => {
  const resource = {
    metadata: { annotations: {} },
    spec: { template: { metadata: { labels: {} }, spec: { containers: [{ env: [] }] } } },
  };

  it('writes paths under the pod spec relative to it, and others from the root', () => {
    assert.equal(toPointer(['spec', 'template', 'spec', 'containers', 0, 'env'], POD), 'containers/0/env');
    assert.equal(
      toPointer(['spec', 'template', 'metadata', 'labels', 'app.kubernetes.io/name'], POD),
      '/spec/template/metadata/labels/app.kubernetes.io~1name',
    );
    assert.equal(toPointer(['metadata', 'annotations', 'a~b'], POD), '/metadata/annotations/a~0b');
  });

  it('reads them back, with list indices where the resource has lists', () => {
    for (const path of [
      ['spec', 'template', 'spec', 'containers', 0, 'env'],
      ['spec', 'template', 'metadata', 'labels', 'app.kubernetes.io/name'],
      ['metadata', 'annotations', 'a~b'],
      ['spec', 'template', 'spec'],
    ]) {
      assert.deepEqual(fromPointer(toPointer(path, POD), resource, POD), path);
    }
  });

  const withRecord = (lines: object[]) => ({
    metadata: { annotations: { 'sandbox-inject.dev/status': lines.map((l) => JSON.stringify(l)).join('\n') + '\n' } },
  });
  const runtime = { runtime: 'csi', hash: 'h', added: {}, prepended: {}, set: {} };
  const edits = { created: [], replaced: {}, undeclared: [] };

  it('reads version 3: the main container, and the parts adopted', () => {
    const adopted = { added: { initContainers: [['csi-sidecar', 'abcd1234']] } };
    const read = readStatus(
      withRecord([{ version: 3, base: '/spec/template/spec', main: 'app' }, { ...runtime, adopted }, edits]),
    );
    assert.ok(read?.ok);
    assert.equal(read.value.version, 3);
    assert.equal(read.value.main, 'app');
    assert.deepEqual(read.value.runtimes[0]!.adopted, adopted);
  });

  it('refuses the fields of version 3 in a record that says it is version 2', () => {
    const main = readStatus(withRecord([{ version: 2, base: '/spec/template/spec', main: 'app' }, runtime, edits]));
    assert.ok(main && !main.ok && /"main" is a field of version 3/.test(main.error));
    const adopted = readStatus(
      withRecord([{ version: 2, base: '/spec/template/spec' }, { ...runtime, adopted: {} }, edits]),
    );
    assert.ok(adopted && !adopted.ok && /"adopted" is a field of version 3/.test(adopted.error));
  });
});
