// Paths in the status record: JSON pointers relative to the pod spec, or from the root, both ways.
import assert from 'node:assert/strict';
import { fromPointer, toPointer } from '../../src/provenance/status.js';

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
});
