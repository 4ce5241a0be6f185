// Values the Pods of a run share (src/reference/shared.ts): made once per run, never written, and the Pods
// and their comparison exactly what they are without sharing.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'yaml';
import { setDefaultPodTemplate } from '../../src/reference/defaults.js';
import { ControllerModel, podDifference, Shared, withApiServerDefaults } from '../../src/reference/model.js';
import type { Container, PodSpec } from '../../src/reference/types.js';
import { caseArbitrary, caseOf } from '../random/generate.js';
import { checkProperty } from '../helpers/property.js';

/** A value frozen whole, as the function's entries are where they are resolved (config/sources.ts). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}

describe('reference/shared', () => {
  it('a Pod and the Pod as the API server stores it are one Pod, item by item (per-item defaults)', function () {
    checkProperty(
      this,
      [caseArbitrary, fc.boolean()],
      (spec, hostNetwork) => {
        const made = caseOf(spec);
        const [sandbox] = (parse(made.text) as { items: { spec: { template: { spec?: PodSpec } } }[] }).items;
        const template = sandbox!.spec.template;
        if (template.spec) template.spec.hostNetwork = hostNetwork;
        const model = new ControllerModel(made.source ?? made.inline);
        const request = {
          template,
          runtimes: spec.runtimes,
          defaulting: made.kind === 'SandboxSet' ? ('sandboxset' as const) : ('none' as const),
        };
        const first = model.podFor(request);
        if (!first.ok) return false;
        const { pod } = first.value;
        // SetObjectDefaults_Pod on the whole spec, against the compared form's defaults item by item.
        assert.equal(podDifference(pod, withApiServerDefaults(pod), model.shared), undefined);
        assert.equal(podDifference(withApiServerDefaults(pod), pod, new Shared()), undefined);
        // Built again by the same model, with what it shares: the same Pod, and the entries as they were.
        const entries = () => JSON.stringify(spec.runtimes.map((runtime) => model.entry(runtime)));
        const before = entries();
        const again = model.podFor(request);
        assert.equal(entries(), before);
        assert.ok(again.ok);
        assert.deepEqual(JSON.parse(JSON.stringify(again.value.pod)), JSON.parse(JSON.stringify(pod)));
        const sidecars = [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])].slice(1);
        return sidecars.length > 0 ? ['sidecars', ...(hostNetwork ? ['host network'] : [])] : ['no sidecar'];
      },
      { runs: 150, floor: 70, floors: { sidecars: 50, 'host network': 20 } },
    );
  });

  it("a template's shared item is decoded and defaulted once per run, and never written", () => {
    const model = new ControllerModel({});
    const sidecar = deepFreeze({ name: 'proxy', image: 'proxy:1', env: [{ name: 'A', valueFrom: { fieldRef: {} } }] });
    const request = (main: string) => ({
      template: { spec: { containers: [{ name: main, image: 'app' }, sidecar] } },
      runtimes: [],
      defaulting: 'sandboxset' as const,
    });
    const [a, b] = [model.podFor(request('one')), model.podFor(request('two'))];
    assert.ok(a.ok && b.ok);
    const [mainA, sharedA] = a.value.pod.spec.containers!;
    const [mainB, sharedB] = b.value.pod.spec.containers!;
    assert.equal(sharedA, sharedB, 'one defaulted value for both Pods');
    assert.ok(model.shared.has(sharedA) && model.shared.has(sharedA!.env![0]!.valueFrom!.fieldRef));
    assert.deepEqual({ ...sharedA!.env![0]!.valueFrom!.fieldRef }, { apiVersion: 'v1' }, 'defaulted, on a copy');
    assert.deepEqual(sidecar.env[0]!.valueFrom.fieldRef, {}, 'the template is untouched');
    assert.notEqual(mainA, mainB);
    assert.ok(!model.shared.has(mainA));
  });

  it('setDefaultPodTemplate defaults an item not shared in place, and a shared one on its copy', () => {
    const own: Container = { name: 'own' };
    const shared = deepFreeze({ name: 'shared' }) as Container;
    const spec: PodSpec = { containers: [own, shared] };
    setDefaultPodTemplate(spec);
    assert.equal(spec.containers![0], own);
    assert.equal(own.imagePullPolicy, 'IfNotPresent');
    assert.notEqual(spec.containers![1], shared);
    assert.equal(spec.containers![1]!.imagePullPolicy, 'IfNotPresent');
    assert.equal(shared.imagePullPolicy, undefined);
  });
});
