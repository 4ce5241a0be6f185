// The kpt-functions adapter, called on a Configs as an SDK user would (the SDK's TestRunner needs
// Jasmine, so not that), and kept off the CLI's import path.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Configs, type KubernetesObject } from 'kpt-functions';
import { injectSandboxRuntimes } from '../src/kpt.js';
import { requireBundle } from './helpers/bundle.js';

const sandbox = (name: string, runtimes: string[]): KubernetesObject =>
  ({
    apiVersion: 'agents.kruise.io/v1alpha1',
    kind: 'Sandbox',
    metadata: { name, namespace: 'default' },
    spec: {
      runtimes: runtimes.map((r) => ({ name: r })),
      template: { spec: { containers: [{ name: 'main', image: 'busybox' }] } },
    },
  }) as KubernetesObject;
const regionConfig = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'function-input' },
  data: { regionId: 'cn-hangzhou' },
} as KubernetesObject;

describe('kpt-functions adapter', () => {
  it('is a KptFunc with usage text', () => {
    assert.equal(typeof injectSandboxRuntimes, 'function');
    assert.match(injectSandboxRuntimes.usage, /SandboxRuntimeInjection/);
  });

  it('expands the Sandboxes of a Configs and adds results in the SDK form', async () => {
    const configs = new Configs([sandbox('a', ['agent-runtime']), sandbox('b', ['gpu'])], regionConfig);
    await injectSandboxRuntimes(configs);
    const [a, b] = configs.getAll() as unknown as {
      spec: { template: { spec: { initContainers?: { name: string }[] } } };
    }[];
    assert.deepEqual(
      a!.spec.template.spec.initContainers?.map((c) => c.name),
      ['init'],
    );
    assert.equal(b!.spec.template.spec.initContainers, undefined);
    const results = configs.getResults();
    assert.ok(
      results.some(
        (r) => r.severity === 'error' && r.resourceRef?.name === 'b' && /no injection config/.test(r.message),
      ),
    );
    assert.ok(results.every((r) => ['error', 'warn', 'info'].includes(r.severity)));
  });

  it('reports what the SDK calls warn', async () => {
    const configs = new Configs(
      [
        {
          apiVersion: 'agents.kruise.io/v1alpha1',
          kind: 'Sandbox',
          metadata: { name: 'ref', namespace: 'default' },
          spec: { runtimes: [{ name: 'csi' }], templateRef: { name: 't' } },
        } as KubernetesObject,
      ],
      regionConfig,
    );
    await injectSandboxRuntimes(configs);
    assert.deepEqual(
      configs.getResults().map((r) => r.severity),
      ['warn'],
    );
  });

  it('is not in the CLI bundle', () => {
    const bundle = readFileSync(requireBundle(), 'utf8');
    assert.ok(!bundle.includes('kpt-functions') && !bundle.includes('js-yaml'));
  });
});
