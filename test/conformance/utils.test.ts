// Conformance with the controller's pkg/utils/sidecarutils/utils_test.go (openkruise/agents 0b72c83):
// one test per Go entry, each with the Go test's own assertions (their lines cited); anything checked
// beyond them is marked "derived from reading". README.md lists every entry, applicable or not.
import assert from 'node:assert/strict';
import type { Resolver } from '../../src/config/sources.js';
import { ControllerModel } from '../../src/reference/model.js';
import { caseTitle, WHOLE_CASES } from './whole-cases.js';
import { entryOf, plain } from './model.js';
import { podDifference, resolverWith, SUBJECTS } from './subjects.js';

const SOURCE = 'ConfigMap sandbox-system/sandbox-injection-config';

/** Every key of the data is an entry read from the ConfigMap as written; any other key is missing. */
function assertDataIs(resolver: Resolver, expected: Record<string, string>) {
  for (const [key, text] of Object.entries(expected)) {
    const found = resolver.lookup(key);
    assert.ok(found.ok, `${key}: ${JSON.stringify(found)}`);
    assert.equal(found.value.source, SOURCE);
    assert.deepEqual(plain(found.value.entry), plain(entryOf(text)));
  }
  const other = resolver.lookup('some-other-runtime');
  assert.ok(!other.ok);
  assert.match(other.error.message, /injection template some-other-runtime not found/);
}

/** The reference model's reading of the ConfigMap's data: each key parses, any other is not found. */
function assertModelDataIs(data: Record<string, string> | undefined, expected: Record<string, string>) {
  const model = new ControllerModel(data);
  for (const [key, text] of Object.entries(expected)) {
    const found = model.entry(key);
    assert.ok(found.ok, `${key}: ${JSON.stringify(found)}`);
    const expected = ControllerModel.parseEntry(text);
    assert.ok(expected.ok);
    assert.deepEqual(plain(found.value), plain(expected.value));
  }
  const other = model.entry('some-other-runtime');
  assert.ok(!other.ok);
  assert.equal(other.error, 'injection template some-other-runtime not found');
}

for (const subject of SUBJECTS)
  describe(`conformance: utils_test.go, on ${subject.name}`, () => {
    const reference = subject === SUBJECTS[1];
    // TestInjectPodTemplateCSIAndRuntimeSidecar, TestDoSidecarInjection, TestDoSidecarInjectionConflicts,
    // TestDoSidecarInjectionDuplicateRuntimes, TestDoSidecarInjection_FixedOrder and the applicable entry of
    // TestDoSidecarInjection_CAInjection: whole injections, in whole-cases.ts with their assertions.
    for (const c of WHOLE_CASES) {
      it(caseTitle(c), () => {
        const result = subject.inject(c.pod, c.runtimes, c.data);
        c.goCheck(result);
        if (c.derived) {
          // derived from reading the controller (the comment at the case in whole-cases.ts says where)
          assert.equal(podDifference(c.derived, result.pod), undefined);
        }
      });
    }

    describe('TestFetchInjectionConfiguration (L508-614): the ConfigMap source among the items', () => {
      // Go (L584-610): no error (L596), len(data) == len(expectedData) (L600), each key equal (L604-609).
      // Offline there is no client: the ConfigMap is an input item, and its data is what lookups read.
      it('utils_test.go:519 "successful fetch"', () => {
        const data = {
          csi: '{"mainContainer":{},"csiSidecar":[],"volume":[]}',
          'agent-runtime': '{"mainContainer":{},"csiSidecar":[],"volume":[]}',
        };
        if (reference) assertModelDataIs(data, data);
        else assertDataIs(resolverWith(data), data);
      });

      it('utils_test.go:537 "configmap not found"', () => {
        if (reference) {
          // derived from reading sidecar_config_inject.go:52-56: no data, so every runtime is not found
          const found = new ControllerModel(undefined).entry('traffic-proxy');
          assert.ok(!found.ok && found.error === 'injection template traffic-proxy not found');
          return;
        }
        // No error (L596) and no data (L600): no ConfigMap source, so the cluster's entries are not known here.
        const resolver = resolverWith(undefined);
        assert.equal(resolver.clusterConfigKnown, false);
        // derived from reading sidecar_config_inject.go:53-56: a runtime without a built-in entry has none
        assert.ok(!resolver.lookup('traffic-proxy').ok);
      });

      it('utils_test.go:545 "empty configmap data"', () => {
        if (reference) {
          assertModelDataIs({}, {});
          const csi = new ControllerModel({}).entry('csi');
          assert.ok(!csi.ok && csi.error === 'injection template csi not found');
          return;
        }
        const resolver = resolverWith({});
        assert.equal(resolver.clusterConfigKnown, true);
        assertDataIs(resolver, {});
        // derived from reading sidecar_config_inject.go:66-69: the built-in defaults do not stand in for it
        const csi = resolver.lookup('csi');
        assert.ok(!csi.ok);
        assert.match(csi.error.message, /injection template csi not found/);
      });

      it('utils_test.go:557 "configmap with partial data"', () => {
        const data = { csi: '{"mainContainer":{"env":[{"name":"ENV1","value":"val1"}]},"csiSidecar":[],"volume":[]}' };
        if (reference) assertModelDataIs(data, data);
        else assertDataIs(resolverWith(data), data);
      });
    });

    describe('TestInjectConflicts (L1186-1309): checkInjectionConflicts', () => {
      // Go (L1294-1304): with expectError, err != nil (L1297) and it contains errorContains (L1299); else
      // err == nil (L1303). The controller's message is "inject conflicting with <what>: <name>"
      // (sidecar_config_inject.go:209-221); the function's error has the same words.
      const conflictOf = (spec: Record<string, unknown>, entry: unknown) => subject.conflict(spec, entry);

      it('utils_test.go:1195 "no conflicts"', () => {
        const spec = {
          containers: [{ name: 'main', image: 'nginx' }],
          initContainers: [{ name: 'init-main', image: 'busybox' }],
          volumes: [{ name: 'data', emptyDir: {} }],
        };
        const entry = {
          containers: [{ name: 'sidecar', image: 'proxy:v1' }],
          initContainers: [{ name: 'init-sidecar', image: 'init:v1' }],
          volume: [{ name: 'sidecar-vol', emptyDir: {} }],
        };
        assert.equal(conflictOf(spec, entry), undefined);
      });

      it('utils_test.go:1211 "container name conflict"', () => {
        const error = conflictOf(
          { containers: [{ name: 'main', image: 'nginx' }] },
          { containers: [{ name: 'main', image: 'proxy:v1' }] },
        );
        assert.ok(error?.includes('inject conflicting with container: main'));
      });

      it('utils_test.go:1224 "init container name conflict"', () => {
        const error = conflictOf(
          {
            containers: [{ name: 'main', image: 'nginx' }],
            initContainers: [{ name: 'init-setup', image: 'busybox' }],
          },
          { initContainers: [{ name: 'init-setup', image: 'init:v1' }] },
        );
        assert.ok(error?.includes('inject conflicting with init container: init-setup'));
      });

      it('utils_test.go:1238 "volume name conflict"', () => {
        const error = conflictOf(
          { containers: [{ name: 'main', image: 'nginx' }], volumes: [{ name: 'shared-data', emptyDir: {} }] },
          { volume: [{ name: 'shared-data', emptyDir: {} }] },
        );
        assert.ok(error?.includes('inject conflicting with volume: shared-data'));
      });

      it('utils_test.go:1252 "multiple conflicts - reports first init container conflict"', () => {
        const error = conflictOf(
          {
            containers: [{ name: 'app', image: 'nginx' }],
            initContainers: [{ name: 'init-app', image: 'busybox' }],
            volumes: [{ name: 'vol-a', emptyDir: {} }],
          },
          {
            initContainers: [{ name: 'init-app', image: 'init:v1' }],
            containers: [{ name: 'app', image: 'proxy:v1' }],
            volume: [{ name: 'vol-a', emptyDir: {} }],
          },
        );
        assert.ok(error?.includes('init container: init-app'));
      });

      it('utils_test.go:1269 "empty config - no conflicts"', () => {
        assert.equal(conflictOf({ containers: [{ name: 'main', image: 'nginx' }] }, {}), undefined);
      });

      it('utils_test.go:1279 "empty pod - no conflicts"', () => {
        const entry = {
          containers: [{ name: 'sidecar', image: 'proxy:v1' }],
          initContainers: [{ name: 'init-sidecar', image: 'init:v1' }],
          volume: [{ name: 'vol', emptyDir: {} }],
        };
        assert.equal(conflictOf({}, entry), undefined);
      });
    });
  });
