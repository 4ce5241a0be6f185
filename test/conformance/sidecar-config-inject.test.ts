// Conformance with the controller's pkg/utils/sidecarutils/sidecar_config_inject_test.go (openkruise/agents
// 0b72c83): one test per Go entry, each with the Go test's own assertions (their lines cited); anything
// checked beyond them is marked "derived from reading". The Go helpers are matched by the function's
// runtime units applied to a plain pod (README.md has the table): setCSIMountContainer and
// setMainContainerWhenInjectCSISidecar ↔ csi.expand, setAgentRuntimeContainer,
// setMainContainerConfigWhenInjectRuntimeSidecar and mergePostStartExecCommands ↔ agentRuntime.expand,
// parseInjectConfig ↔ the Resolver reading a ConfigMap source, isContainersExists ↔
// sidecarAlreadyPresent, hasValidLifecycleHandler ↔ isValidHandler.
import assert from 'node:assert/strict';
import type { HandlerObject } from '../../src/runtimes/entry.js';
import { SUBJECTS } from './subjects.js';

const T = (line: number, name: string) => `sidecar_config_inject_test.go:${line} "${name}"`;

interface Container {
  name: string;
  env?: unknown[];
  volumeMounts?: unknown[];
  lifecycle?: { postStart?: Record<string, unknown> & { exec?: { command?: string[] } }; preStop?: unknown };
}
interface Spec {
  containers?: Container[];
  initContainers?: { name: string }[];
  volumes?: { name: string }[];
}

const MAIN = { name: 'main-container', image: 'nginx:latest' };
const len = (list: unknown[] | undefined) => list?.length ?? 0;

const csi = 'csi';
const agentRuntime = 'agent-runtime';

for (const subject of SUBJECTS)
  describe(`conformance: sidecar_config_inject_test.go, on ${subject.name}`, () => {
    /** The Go helper (setCSIMountContainer or setAgentRuntimeContainer) applied to a pod spec. */
    const apply = (unit: string, spec: Spec, config: unknown, warnings: string[] = []): Spec =>
      (unit === csi
        ? subject.csi(spec as Record<string, unknown>, config)
        : subject.agentRuntime(spec as Record<string, unknown>, config, warnings)) as Spec;
    describe('TestSetCSIMountContainer (L35-206): setCSIMountContainer ↔ csi.expand', () => {
      // Go (L175-203): containers (L178), initContainers (L183), volumes (L188), and with a container,
      // containers[0]'s env (L195) and volumeMounts (L200) counted.
      const check = (
        spec: Spec,
        counts: { containers: number; inits: number; volumes: number; env: number; mounts: number },
      ) => {
        assert.equal(len(spec.containers), counts.containers, 'containers (L178)');
        assert.equal(len(spec.initContainers), counts.inits, 'initContainers (L183)');
        assert.equal(len(spec.volumes), counts.volumes, 'volumes (L188)');
        if (len(spec.containers) > 0) {
          assert.equal(len(spec.containers![0]!.env), counts.env, 'env (L195)');
          assert.equal(len(spec.containers![0]!.volumeMounts), counts.mounts, 'volumeMounts (L200)');
        }
      };

      it(T(49, 'empty template with CSI config'), () => {
        const config = {
          mainContainer: {
            env: [
              { name: 'ENV1', value: 'value1' },
              { name: 'ENV2', value: 'value2' },
            ],
            volumeMounts: [
              { name: 'mount-root', mountPath: '/run/csi/mount-root' },
              { name: 'nas-plugin-dir', mountPath: '/var/run/csi/sockets/nasplugin.csi.alibabacloud.com' },
            ],
          },
          csiSidecar: [
            { name: 'csi-sidecar', image: 'csi-sidecar:latest' },
            { name: 'csi-agent-sidecar', image: 'csi-agent:latest' },
          ],
          volume: [
            { name: 'mount-root', emptyDir: {} },
            { name: 'nas-plugin-dir', emptyDir: {} },
            { name: 'oss-plugin-dir', emptyDir: {} },
          ],
        };
        const spec = apply(csi, { containers: [MAIN] }, config);
        check(spec, { containers: 1, inits: 2, volumes: 3, env: 2, mounts: 2 });
        // derived from reading sidecar_config_inject.go:96-114, 119-143: everything verbatim, in order
        assert.deepEqual(spec, {
          containers: [{ ...MAIN, ...config.mainContainer }],
          initContainers: config.csiSidecar,
          volumes: config.volume,
        });
      });

      it(T(92, 'template with existing volumes - no duplicates'), () => {
        const spec = apply(
          csi,
          { containers: [MAIN], volumes: [{ name: 'mount-root', emptyDir: {} } as { name: string }] },
          {
            mainContainer: { volumeMounts: [{ name: 'mount-root', mountPath: '/run/csi/mount-root' }] },
            csiSidecar: [{ name: 'csi-sidecar', image: 'csi-sidecar:latest' }],
            volume: [
              { name: 'mount-root', emptyDir: {} },
              { name: 'new-volume', emptyDir: {} },
            ],
          },
        );
        check(spec, { containers: 1, inits: 1, volumes: 2, env: 0, mounts: 1 });
        // derived from reading sidecar_config_inject.go:104-114: the pod's own mount-root is kept
        assert.deepEqual(
          spec.volumes!.map((v) => v.name),
          ['mount-root', 'new-volume'],
        );
      });

      it(T(125, 'template with existing envs - no duplicates'), () => {
        const spec = apply(
          csi,
          { containers: [{ ...MAIN, env: [{ name: 'ENV1', value: 'existing-value' }] }] },
          {
            mainContainer: {
              env: [
                { name: 'ENV1', value: 'value1' },
                { name: 'ENV2', value: 'value2' },
              ],
            },
            csiSidecar: [],
            volume: [],
          },
        );
        check(spec, { containers: 1, inits: 0, volumes: 0, env: 2, mounts: 0 });
        // derived from reading sidecar_config_inject.go:121-129: the existing value wins
        assert.deepEqual(spec.containers![0]!.env, [
          { name: 'ENV1', value: 'existing-value' },
          { name: 'ENV2', value: 'value2' },
        ]);
      });

      it(T(154, 'empty containers list'), () => {
        const spec = apply(
          csi,
          { containers: [] },
          {
            mainContainer: { env: [{ name: 'ENV1', value: 'value1' }] },
            csiSidecar: [{ name: 'sidecar', image: 'sidecar:latest' }],
            volume: [{ name: 'vol1', emptyDir: {} }],
          },
        );
        check(spec, { containers: 0, inits: 0, volumes: 0, env: 0, mounts: 0 });
        // derived from reading sidecar_config_inject.go:87-90: nothing at all
        assert.deepEqual(spec, { containers: [] });
      });
    });

    describe('TestSetAgentRuntimeContainer (L208-453): setAgentRuntimeContainer ↔ agentRuntime.expand', () => {
      // Go (L406-450): initContainers (L409) and containers (L414) counted; with a container, its env (L423)
      // and volumeMounts (L428) counted, and either a postStart (L434) with a non-empty exec command
      // (L438, L440), or no postStart (L446). Volumes are not asserted.
      const check = (
        spec: Spec,
        counts: { inits: number; containers: number; env?: number; mounts?: number },
        postStart?: 'with-command' | 'none',
      ) => {
        assert.equal(len(spec.initContainers), counts.inits, 'initContainers (L409)');
        assert.equal(len(spec.containers), counts.containers, 'containers (L414)');
        if (len(spec.containers) === 0) return;
        const main = spec.containers![0]!;
        assert.equal(len(main.env), counts.env, 'env (L423)');
        assert.equal(len(main.volumeMounts), counts.mounts, 'volumeMounts (L428)');
        if (postStart === 'with-command') {
          assert.ok(main.lifecycle?.postStart, 'a postStart (L434)');
          assert.ok(main.lifecycle.postStart.exec, 'an exec postStart (L438)');
          assert.ok(len(main.lifecycle.postStart.exec.command) > 0, 'a command (L440)');
        } else assert.ok(!main.lifecycle?.postStart, 'no postStart (L446)');
      };

      it(T(223, 'empty template with runtime config'), () => {
        const config = {
          mainContainer: {
            env: [
              { name: 'ENVD_DIR', value: '/mnt/envd' },
              { name: 'GODEBUG', value: 'multipathtcp=0' },
            ],
            volumeMounts: [{ name: 'envd-volume', mountPath: '/mnt/envd' }],
            lifecycle: { postStart: { exec: { command: ['bash', '-c', '/mnt/envd/envd-run.sh'] } } },
          },
          csiSidecar: [
            { name: 'init-runtime', image: 'runtime:latest', command: ['sh', '/workspace/entrypoint_inner.sh'] },
          ],
        };
        const spec = apply(agentRuntime, { containers: [MAIN] }, config);
        check(spec, { inits: 1, containers: 1, env: 2, mounts: 1 }, 'with-command');
        // derived from reading sidecar_config_inject.go:148-165, 240-278
        assert.deepEqual(spec, {
          containers: [{ ...MAIN, ...config.mainContainer }],
          initContainers: config.csiSidecar,
        });
      });

      it(T(265, 'template with existing init containers'), () => {
        const spec = apply(
          agentRuntime,
          { initContainers: [{ name: 'existing-init', image: 'init:latest' } as { name: string }], containers: [MAIN] },
          {
            mainContainer: { env: [{ name: 'ENV1', value: 'value1' }] },
            csiSidecar: [
              { name: 'init-runtime-1', image: 'runtime1:latest' },
              { name: 'init-runtime-2', image: 'runtime2:latest' },
            ],
          },
        );
        check(spec, { inits: 3, containers: 1, env: 1, mounts: 0 }, 'none');
        // derived from reading sidecar_config_inject.go:152-155: appended after the existing one
        assert.deepEqual(
          spec.initContainers!.map((c) => c.name),
          ['existing-init', 'init-runtime-1', 'init-runtime-2'],
        );
      });

      it(T(291, 'template without init containers'), () => {
        const spec = apply(
          agentRuntime,
          { containers: [MAIN] },
          { mainContainer: {}, csiSidecar: [{ name: 'init-runtime', image: 'runtime:latest' }] },
        );
        check(spec, { inits: 1, containers: 1, env: 0, mounts: 0 }, 'none');
      });

      it(T(311, 'empty containers list'), () => {
        const spec = apply(
          agentRuntime,
          { containers: [] },
          {
            mainContainer: { env: [{ name: 'ENV1', value: 'value1' }] },
            csiSidecar: [{ name: 'init', image: 'init:latest' }],
          },
        );
        check(spec, { inits: 1, containers: 0 });
      });

      it(T(329, 'multiple runtime sidecars'), () => {
        const spec = apply(
          agentRuntime,
          { containers: [MAIN] },
          {
            mainContainer: {
              env: [{ name: 'POD_UID', valueFrom: { fieldRef: { fieldPath: 'metadata.uid' } } }],
              volumeMounts: [{ name: 'envd-volume', mountPath: '/mnt/envd' }],
            },
            csiSidecar: [
              { name: 'init-1', image: 'runtime1:latest' },
              { name: 'init-2', image: 'runtime2:latest' },
              { name: 'init-3', image: 'runtime3:latest' },
            ],
          },
        );
        check(spec, { inits: 3, containers: 1, env: 1, mounts: 1 }, 'none');
      });

      it(T(361, 'existing lifecycle - conflicting postStart should skip env and volumeMounts injection'), () => {
        const spec = apply(
          agentRuntime,
          { containers: [{ ...MAIN, lifecycle: { postStart: { exec: { command: ['echo', 'old'] } } } }] },
          {
            mainContainer: {
              env: [{ name: 'ENV1', value: 'value1' }],
              volumeMounts: [{ name: 'vol1', mountPath: '/vol1' }],
              lifecycle: { postStart: { exec: { command: ['echo', 'new'] } } },
            },
            csiSidecar: [{ name: 'init-runtime', image: 'runtime:latest' }],
          },
        );
        check(spec, { inits: 1, containers: 1, env: 1, mounts: 1 }, 'with-command');
        // derived from reading sidecar_config_inject.go:246-254, 291-307: the commands merged with "--"
        assert.deepEqual(spec.containers![0]!.lifecycle, {
          postStart: { exec: { command: ['echo', 'new', '--', 'echo', 'old'] } },
        });
      });
    });

    describe('TestSetMainContainerWhenInjectCSISidecar (L455-541): ↔ csi.expand on a pod of that container', () => {
      // Go (L528-538): the container's env (L531) and volumeMounts (L536) counted.
      const run = (container: Container, mainContainer: unknown) =>
        apply(csi, { containers: [container] }, { mainContainer }).containers![0]!;
      const MAIN_C = { name: 'main', image: 'nginx:latest' };

      it(T(464, 'empty container with full config'), () => {
        const c = run(MAIN_C, {
          env: [
            { name: 'ENV1', value: 'value1' },
            { name: 'ENV2', value: 'value2' },
          ],
          volumeMounts: [
            { name: 'vol1', mountPath: '/vol1' },
            { name: 'vol2', mountPath: '/vol2' },
          ],
        });
        assert.equal(len(c.env), 2, 'env (L531)');
        assert.equal(len(c.volumeMounts), 2, 'volumeMounts (L536)');
      });

      it(T(485, 'container with existing envs - no duplicates'), () => {
        const c = run(
          { ...MAIN_C, env: [{ name: 'ENV1', value: 'existing' }] },
          {
            env: [
              { name: 'ENV1', value: 'new' },
              { name: 'ENV2', value: 'value2' },
            ],
          },
        );
        assert.equal(len(c.env), 2, 'env (L531)');
        assert.equal(len(c.volumeMounts), 0, 'volumeMounts (L536)');
        // derived from reading sidecar_config_inject.go:121-129
        assert.deepEqual(c.env, [
          { name: 'ENV1', value: 'existing' },
          { name: 'ENV2', value: 'value2' },
        ]);
      });

      it(T(505, 'container with existing volume mounts - no duplicates'), () => {
        const c = run(
          { ...MAIN_C, volumeMounts: [{ name: 'vol1', mountPath: '/existing-vol1' }] },
          {
            volumeMounts: [
              { name: 'vol1', mountPath: '/new-vol1' },
              { name: 'vol2', mountPath: '/vol2' },
            ],
          },
        );
        assert.equal(len(c.env), 0, 'env (L531)');
        assert.equal(len(c.volumeMounts), 2, 'volumeMounts (L536)');
        // derived from reading sidecar_config_inject.go:132-141: by name; the mount path is not compared
        assert.deepEqual(c.volumeMounts, [
          { name: 'vol1', mountPath: '/existing-vol1' },
          { name: 'vol2', mountPath: '/vol2' },
        ]);
      });
    });

    describe('TestSetMainContainerConfigWhenInjectRuntimeSidecar (L543-815): ↔ agentRuntime.expand on that container', () => {
      // Go (L785-812): env (L788) and volumeMounts (L793) counted; then either the postStart handler equal
      // to expectedPostStartHandler (L799, L801), or its exec command equal to postStartCommand (L805-809).
      const MAIN_C = { name: 'main', image: 'nginx:latest' };
      const run = (container: Container, mainContainer: unknown, warnings: string[] = []) =>
        apply(agentRuntime, { containers: [container] }, { mainContainer }, warnings).containers![0]!;
      const check = (c: Container, env: number, mounts: number) => {
        assert.equal(len(c.env), env, 'env (L788)');
        assert.equal(len(c.volumeMounts), mounts, 'volumeMounts (L793)');
      };
      const commandIs = (c: Container, command: string[]) => {
        assert.ok(c.lifecycle?.postStart, 'a postStart (L805)');
        assert.ok(c.lifecycle.postStart.exec, 'an exec postStart (L807)');
        assert.deepEqual(c.lifecycle.postStart.exec.command, command, 'the command (L809)');
      };
      const handlerIs = (c: Container, handler: unknown) => {
        assert.ok(c.lifecycle?.postStart, 'a postStart (L799)');
        assert.deepEqual(c.lifecycle.postStart, handler, 'the handler (L801)');
      };
      const exec = (...command: string[]) => ({ postStart: { exec: { command } } });

      it(T(555, 'empty container with full config'), () => {
        const c = run(MAIN_C, {
          env: [
            { name: 'ENVD_DIR', value: '/mnt/envd' },
            { name: 'GODEBUG', value: 'multipathtcp=0' },
          ],
          volumeMounts: [{ name: 'envd-volume', mountPath: '/mnt/envd' }],
          lifecycle: exec('bash', '-c', '/mnt/envd/envd-run.sh'),
        });
        check(c, 2, 1);
        commandIs(c, ['bash', '-c', '/mnt/envd/envd-run.sh']);
      });

      it(T(584, 'container with existing lifecycle - merge postStart with -- separator'), () => {
        const c = run(
          { ...MAIN_C, lifecycle: exec('echo', 'old') },
          {
            env: [{ name: 'ENV1', value: 'value1' }],
            volumeMounts: [{ name: 'vol1', mountPath: '/vol1' }],
            lifecycle: exec('bash', '/mnt/envd/envd-run.sh'),
          },
        );
        check(c, 1, 1);
        commandIs(c, ['bash', '/mnt/envd/envd-run.sh', '--', 'echo', 'old']);
      });

      it(T(617, 'config without lifecycle - no override'), () => {
        const c = run({ ...MAIN_C, lifecycle: exec('echo', 'keep') }, { env: [{ name: 'ENV1', value: 'value1' }] });
        check(c, 1, 0);
        commandIs(c, ['echo', 'keep']);
      });

      it(T(640, 'container with empty Lifecycle - should apply config PostStart'), () => {
        const c = run(
          { ...MAIN_C, lifecycle: {} },
          {
            env: [{ name: 'ENV1', value: 'value1' }],
            lifecycle: exec('bash', '-c', 'injected'),
          },
        );
        check(c, 1, 0);
        commandIs(c, ['bash', '-c', 'injected']);
      });

      it(T(664, 'container with empty PostStart handler - should apply config PostStart'), () => {
        const c = run(
          { ...MAIN_C, lifecycle: { postStart: {} } },
          {
            env: [{ name: 'ENV1', value: 'value1' }],
            lifecycle: exec('bash', '-c', 'injected'),
          },
        );
        check(c, 1, 0);
        commandIs(c, ['bash', '-c', 'injected']);
      });

      it(T(690, 'config with empty PostStart handler - should not apply'), () => {
        const c = run(MAIN_C, { env: [{ name: 'ENV1', value: 'value1' }], lifecycle: { postStart: {} } });
        check(c, 1, 0);
        // derived from reading sidecar_config_inject.go:236-240: an invalid handler is not applied
        assert.equal(c.lifecycle, undefined);
      });

      it(T(709, 'existing HTTPGet postStart preserved when config injects Exec hook'), () => {
        const warnings: string[] = [];
        const c = run(
          { ...MAIN_C, lifecycle: { postStart: { httpGet: { path: '/healthz', port: 8080 } } } },
          {
            env: [{ name: 'ENV1', value: 'value1' }],
            volumeMounts: [{ name: 'vol1', mountPath: '/vol1' }],
            lifecycle: exec('bash', '/mnt/envd/envd-run.sh'),
          },
          warnings,
        );
        check(c, 1, 1);
        handlerIs(c, { httpGet: { path: '/healthz', port: 8080 } });
      });

      it(T(748, 'existing TCPSocket postStart preserved when config injects Exec hook'), () => {
        const c = run(
          { ...MAIN_C, lifecycle: { postStart: { tcpSocket: { port: 3306 } } } },
          {
            env: [{ name: 'ENV1', value: 'value1' }],
            lifecycle: exec('bash', '/mnt/envd/envd-run.sh'),
          },
        );
        check(c, 1, 0);
        handlerIs(c, { tcpSocket: { port: 3306 } });
      });
    });

    /** parseInjectConfig(key, data). */
    const parse = (key: string, data: Record<string, string>) => subject.parse(key, data);
    /** The parts of the decoded entry that the Go struct holds, as plain data. */
    function parsed(key: string, data: Record<string, string>) {
      const found = parse(key, data);
      assert.ok(found.ok, `no error: ${JSON.stringify(found)}`);
      return found.config;
    }
    // Go's reflect.DeepEqual also tells a nil list from an empty one (`"csiSidecar":[]` gives a non-nil
    // empty slice); the decoded entry holds both as an empty list, which the injection treats alike
    // (sidecar_config_inject.go appends or ranges over them), so both are compared as [] here.
    const NO_GENERIC = { initContainers: [], containers: [], labels: {}, annotations: {} };

    describe('TestParseCSIMountConfig (L817-933): parseInjectConfig("csi") ↔ the Resolver', () => {
      // Go (L915-930): with expectError, an error (L918) containing errorContains (L920); else no error
      // (L924) and the whole config DeepEqual to expectedConfig (L927).
      it(T(828, 'valid CSI config'), () => {
        const entry = {
          mainContainer: {
            env: [
              { name: 'ENV1', value: 'value1' },
              { name: 'ENV2', value: 'value2' },
            ],
            volumeMounts: [{ name: 'vol1', mountPath: '/mnt/vol1' }],
          },
          csiSidecar: [{ name: 'csi-sidecar', image: 'csi:latest' }],
          volume: [{ name: 'vol1', emptyDir: {} }],
        };
        assert.deepEqual(parsed('csi', { csi: JSON.stringify(entry, null, '\t') }), { ...entry, ...NO_GENERIC });
      });

      it(T(868, 'empty CSI config'), () => {
        assert.deepEqual(parsed('csi', { csi: '{"mainContainer":{},"csiSidecar":[],"volume":[]}' }), {
          mainContainer: {},
          csiSidecar: [],
          volume: [],
          ...NO_GENERIC,
        });
      });

      it(T(880, 'missing CSI config key'), () => {
        const found = parse('csi', { 'other-key': 'some-value' });
        assert.ok(!found.ok, 'an error (L918)');
        assert.ok(found.message.includes('injection template csi not found'), 'its text (L920)');
      });

      // L889 "invalid JSON format" is left out: the error's text differs (README.md).

      it(T(898, 'partial config with only sidecars'), () => {
        assert.deepEqual(
          parsed('csi', { csi: '{"mainContainer":{},"csiSidecar":[{"name":"sidecar1","image":"img1"}],"volume":[]}' }),
          { mainContainer: {}, csiSidecar: [{ name: 'sidecar1', image: 'img1' }], volume: [], ...NO_GENERIC },
        );
      });
    });

    describe('TestParseAgentRuntimeConfig (L935-1114): parseInjectConfig("agent-runtime") ↔ the Resolver', () => {
      // Go (L1096-1111): as above, but the success comparison is compareSidecarInjectConfigs (L1117-1121):
      // MainContainer, Sidecars and Volumes only.
      const compared = (data: Record<string, string>) => {
        const { mainContainer, csiSidecar, volume } = parsed('agent-runtime', data) as Record<string, unknown>;
        return { mainContainer, csiSidecar, volume };
      };

      it(T(946, 'valid runtime config'), () => {
        const entry = {
          mainContainer: {
            env: [
              { name: 'ENVD_DIR', value: '/mnt/envd' },
              { name: 'GODEBUG', value: 'multipathtcp=0' },
            ],
            volumeMounts: [{ name: 'envd-volume', mountPath: '/mnt/envd' }],
            lifecycle: { postStart: { exec: { command: ['bash', '-c', '/mnt/envd/envd-run.sh'] } } },
          },
          csiSidecar: [
            { name: 'init-runtime', image: 'runtime:latest', command: ['sh', '/workspace/entrypoint_inner.sh'] },
          ],
          volume: [{ name: 'envd-volume', emptyDir: {} }],
        };
        assert.deepEqual(compared({ 'agent-runtime': JSON.stringify(entry, null, '\t') }), entry);
      });

      it(T(1008, 'empty runtime config'), () => {
        assert.deepEqual(compared({ 'agent-runtime': '{"mainContainer":{},"csiSidecar":[],"volume":[]}' }), {
          mainContainer: {},
          csiSidecar: [],
          volume: [],
        });
      });

      it(T(1020, 'missing runtime config key'), () => {
        const found = parse('agent-runtime', { 'other-key': 'some-value' });
        assert.ok(!found.ok, 'an error (L1099)');
        assert.ok(found.message.includes('injection template agent-runtime not found'), 'its text (L1101)');
      });

      // L1029 "invalid JSON format" is left out: the error's text differs (README.md).

      it(T(1038, 'partial config with only main container env'), () => {
        const env = [{ name: 'POD_UID', valueFrom: { fieldRef: { fieldPath: 'metadata.uid' } } }];
        assert.deepEqual(
          compared({ 'agent-runtime': JSON.stringify({ mainContainer: { env }, csiSidecar: [], volume: [] }) }),
          { mainContainer: { env }, csiSidecar: [], volume: [] },
        );
      });

      it(T(1061, 'complex lifecycle with multiple commands'), () => {
        const lifecycle = { postStart: { exec: { command: ['bash', '-c', 'echo start && /run.sh'] } } };
        assert.deepEqual(
          compared({ 'agent-runtime': JSON.stringify({ mainContainer: { lifecycle }, csiSidecar: [], volume: [] }) }),
          { mainContainer: { lifecycle }, csiSidecar: [], volume: [] },
        );
      });
    });

    describe('TestIsContainersExists (L1123-1223): isContainersExists ↔ sidecarAlreadyPresent', () => {
      // Go (L1217-1218): the result equals expected. The guard is isContainersExists on the pod's init
      // containers or its containers (utils.go:88); here the pod's names are its containers.
      const named = (names: string[]) => names.map((name) => ({ name }));
      const exists = (pod: string[], inject: string[], where: 'containers' | 'initContainers' = 'containers') =>
        subject.containersExist({ [where]: named(pod) }, named(inject));
      const cases: [number, string, string[], string[], boolean][] = [
        [1131, 'both lists empty', [], [], false],
        [1137, 'podContainers empty, injectContainers has values', [], ['sidecar-1', 'sidecar-2'], false],
        [1146, 'podContainers has values, injectContainers empty', ['main-container', 'app-container'], [], false],
        [1155, 'no conflict - different names', ['main-container', 'app-container'], ['sidecar-1', 'sidecar-2'], false],
        [
          1167,
          'conflict - one duplicate name',
          ['main-container', 'app-container'],
          ['main-container', 'sidecar-1'],
          true,
        ],
        [
          1179,
          'conflict - multiple duplicate names',
          ['main-container', 'app-container', 'helper-container'],
          ['main-container', 'helper-container'],
          true,
        ],
        [
          1192,
          'conflict - last inject container duplicates',
          ['main-container'],
          ['sidecar-1', 'sidecar-2', 'main-container'],
          true,
        ],
        [1204, 'no conflict - single container in each list', ['main-container'], ['sidecar'], false],
      ];
      for (const [line, name, pod, inject, expected] of cases) {
        it(T(line, name), () => {
          assert.equal(exists(pod, inject), expected, 'L1218');
          // derived from reading utils.go:88, 92: the same for the pod's init containers
          assert.equal(exists(pod, inject, 'initContainers'), expected);
        });
      }
    });

    describe('TestHasValidLifecycleHandler (L1225-1286): hasValidLifecycleHandler ↔ isValidHandler', () => {
      // Go (L1280-1281): the result equals expected.
      const cases: [number, string, HandlerObject | undefined, boolean][] = [
        [1232, 'nil handler', undefined, false],
        [1237, 'empty handler', {}, false],
        [1242, 'handler with Exec action', { exec: { command: ['echo', 'hello'] } }, true],
        [1251, 'handler with HTTPGet action', { httpGet: { path: '/health', port: 8080 } }, true],
        [1261, 'handler with TCPSocket action', { tcpSocket: { port: 8080 } }, true],
        [1270, 'handler with empty Exec (nil Command)', { exec: {} }, true],
      ];
      for (const [line, name, handler, expected] of cases) {
        it(T(line, name), () => assert.equal(subject.hasValidLifecycleHandler(handler), expected, 'L1281'));
      }
    });

    describe('TestMergePostStartExecCommands (L1288-1403): ↔ agentRuntime.expand on a container with a hook', () => {
      // Go (L1397-1398): the merged command DeepEqual expectedCommand. The merge is not a function of its
      // own here; its result shows in the hook the caller writes (sidecar_config_inject.go:240-266): a
      // command becomes the hook {exec: {command}}, nil keeps the user's hook. The caller only merges
      // two valid handlers (its comment at L285-289: the nil checks are defensive), so for a nil handler
      // the test shows what the caller does instead.
      const hookAfter = (injected: unknown, user: unknown) => {
        const container: Container = { name: 'main', image: 'nginx:latest' } as Container;
        if (user !== undefined) container.lifecycle = { postStart: user as Record<string, unknown> };
        const mainContainer = injected === undefined ? {} : { lifecycle: { postStart: injected } };
        return apply(agentRuntime, { containers: [container] }, { mainContainer }).containers![0]!.lifecycle?.postStart;
      };
      const ENVD = { exec: { command: ['bash', '/mnt/envd/envd-run.sh'] } };
      const merged: [number, string, unknown, unknown, string[]][] = [
        [
          1296,
          'both have Exec commands - merged with -- separator',
          ENVD,
          { exec: { command: ['echo', 'hello'] } },
          ['bash', '/mnt/envd/envd-run.sh', '--', 'echo', 'hello'],
        ],
        [
          1310,
          'user command is a single element',
          ENVD,
          { exec: { command: ['my-init.sh'] } },
          ['bash', '/mnt/envd/envd-run.sh', '--', 'my-init.sh'],
        ],
        [
          1324,
          'user command has multiple elements - each preserved as individual arg',
          ENVD,
          { exec: { command: ['bash', '-c', 'setup.sh && echo done'] } },
          ['bash', '/mnt/envd/envd-run.sh', '--', 'bash', '-c', 'setup.sh && echo done'],
        ],
        [
          1366,
          'user command is empty - returns injected only',
          ENVD,
          { exec: { command: [] } },
          ['bash', '/mnt/envd/envd-run.sh'],
        ],
        [
          1380,
          'injected with --nolog flag - user command appended after --',
          { exec: { command: ['bash', '/mnt/envd/envd-run.sh', '--nolog'] } },
          { exec: { command: ['/path/to/script', 'arg1', 'arg2'] } },
          ['bash', '/mnt/envd/envd-run.sh', '--nolog', '--', '/path/to/script', 'arg1', 'arg2'],
        ],
      ];
      for (const [line, name, injected, user, command] of merged) {
        it(T(line, name), () => assert.deepEqual(hookAfter(injected, user), { exec: { command } }, 'L1398'));
      }

      it(T(1338, 'injected is nil - returns nil'), () => {
        // derived from reading sidecar_config_inject.go:236-240: without an injected hook nothing is merged,
        // and the user's hook stays as the nil result would keep it
        assert.deepEqual(hookAfter(undefined, { exec: { command: ['echo'] } }), { exec: { command: ['echo'] } });
      });

      it(T(1344, 'user is nil - returns nil'), () => {
        // derived from reading sidecar_config_inject.go:262-265: without a user hook the caller does not
        // merge, it sets the injected hook
        assert.deepEqual(hookAfter(ENVD, undefined), ENVD);
      });

      it(T(1350, 'injected has HTTPGet - returns nil'), () => {
        // nil (L1398) keeps the user's hook (sidecar_config_inject.go:255-261)
        assert.deepEqual(hookAfter({ httpGet: { path: '/', port: 0 } }, { exec: { command: ['echo'] } }), {
          exec: { command: ['echo'] },
        });
      });

      it(T(1358, 'user has HTTPGet - returns nil'), () => {
        // nil (L1398) keeps the user's hook (sidecar_config_inject.go:255-261)
        assert.deepEqual(hookAfter(ENVD, { httpGet: { path: '/', port: 0 } }), { httpGet: { path: '/', port: 0 } });
      });
    });
  });
