// The reference model's SetDefaults_Container, as far as its pull policy goes: from the image's tag, as
// parsers.ParseImageName gives it (k8s.io/kubernetes pkg/apis/core/v1/defaults.go), "latest" pulling Always.
import assert from 'node:assert/strict';
import { SetDefaults_Container } from '../../src/reference/defaults.js';

const policyOf = (image: string): unknown => {
  const container: Record<string, unknown> = { name: 'c', image };
  SetDefaults_Container(container);
  return container.imagePullPolicy;
};

describe('reference/defaults: the pull policy from the image', () => {
  it('is Always for no tag or "latest", IfNotPresent for another tag or a digest alone', () => {
    assert.equal(policyOf('busybox'), 'Always');
    assert.equal(policyOf('busybox:latest'), 'Always');
    assert.equal(policyOf('registry.example.com:5000/team/app'), 'Always');
    assert.equal(policyOf('nginx:1.27'), 'IfNotPresent');
    assert.equal(policyOf('registry.example.com:5000/team/app:v1'), 'IfNotPresent');
    assert.equal(policyOf(`app@sha256:${'a'.repeat(64)}`), 'IfNotPresent');
    assert.equal(policyOf('host:5000'), 'IfNotPresent');
  });

  it('is IfNotPresent for a reference that does not parse (it has no tag), and ends fast on a long one', () => {
    assert.equal(policyOf('Not An Image!'), 'IfNotPresent');
    assert.equal(policyOf('a:b:c'), 'IfNotPresent');
    const started = performance.now();
    assert.equal(policyOf(`x/${'a-'.repeat(5000)}!`), 'IfNotPresent');
    assert.ok(performance.now() - started < 100, 'linear');
  });
});
