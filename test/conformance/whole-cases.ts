// The entries of the controller's utils_test.go (openkruise/agents 0b72c83, pkg/utils/sidecarutils/) that
// test a whole injection (InjectSandboxRuntimes / doSidecarInjection on a pod): their inputs as written
// in the Go test, the Go test's own assertions (with their lines), and the full Pod derived by reading
// the controller. utils.test.ts runs them on the model of the controller; make-golden.ts turns them into
// golden cases on a Sandbox, and golden-output.test.ts runs the model on the function's output.
import assert from 'node:assert/strict';

/** A pod as a Go test writes it: its metadata (labels, annotations) and spec. */
export type Template = Record<string, unknown>;

/** A whole injection's result, from either subject of the suite (subjects.ts). */
export interface Injected {
  /** The Pod's metadata (labels, annotations) and spec. */
  pod: Template;
  /** The controller's error text, if pod creation fails. */
  error?: string;
}

export const GO_FILE = 'utils_test.go';

export interface WholeCase {
  /** The line of the case's `name:` in utils_test.go. */
  line: number;
  name: string;
  /** For the golden case's directory name. */
  short: string;
  sandboxName: string;
  runtimes: string[];
  /** The Go test's pod: its metadata (labels, annotations) and spec. */
  pod: Template;
  /** The ConfigMap sandbox-system/sandbox-injection-config's data; undefined: no ConfigMap. */
  data?: Record<string, string>;
  /** The Go test's assertions on the result of the injection. */
  goCheck(result: Injected): void;
  /** The full Pod derived by reading the controller (undefined for a failure). */
  derived?: Template;
}

const MAIN = { name: 'main', image: 'nginx' };
const onlyMain = (): Template => ({ spec: { containers: [{ ...MAIN }] } });
const json = (value: unknown) => JSON.stringify(value);

type Spec = {
  initContainers?: { name: string; image?: string }[];
  containers?: { name: string; image?: string; env?: unknown[]; volumeMounts?: unknown[] }[];
  volumes?: unknown[];
};
const specOf = (r: Injected) => (r.pod.spec ?? {}) as Spec;
const metaOf = (r: Injected) =>
  (r.pod.metadata ?? {}) as { labels?: Record<string, string>; annotations?: Record<string, string> };
const inits = (r: Injected) => specOf(r).initContainers ?? [];
const containers = (r: Injected) => specOf(r).containers ?? [];
const has = (list: { name: string; image?: string }[], name: string, image: string) =>
  list.some((c) => c.name === name && c.image === image);
const mainOf = (r: Injected) => containers(r).find((c) => c.name === 'main');

/** The controller's error text for a conflict (utils.go:113 around sidecar_config_inject.go:209-221). */
export const goError = (r: Injected): string | undefined => r.error;

// --- TestInjectPodTemplateCSIAndRuntimeSidecar (utils_test.go:36-506), assertions at L411-503 ---
interface B1 {
  expectInjection: boolean;
  expectRuntimeContainer?: boolean;
  expectCSIContainer?: boolean;
  expectRuntimeEnvCount?: number;
  expectCSIVolumeMounts?: number;
  expectEgressContainer?: boolean;
  expectInitContainers?: number;
  expectContainers?: number;
  initialContainerCount?: number;
}
const b1 =
  (e: B1) =>
  (r: Injected): void => {
    const initial = e.initialContainerCount || 1;
    if (!e.expectInjection) {
      assert.equal(goError(r), undefined, 'no error (L414)');
      assert.equal(containers(r).length, initial, 'containers unchanged (L422)');
      return;
    }
    assert.equal(goError(r), undefined, 'no error (L428)');
    const main = mainOf(r);
    if (main && e.expectRuntimeEnvCount) assert.equal(main.env?.length ?? 0, e.expectRuntimeEnvCount, 'env (L452)');
    if (main && e.expectCSIVolumeMounts)
      assert.equal(main.volumeMounts?.length ?? 0, e.expectCSIVolumeMounts, 'mounts (L456)');
    if (e.expectRuntimeContainer) assert.ok(has(inits(r), 'runtime-sidecar', 'runtime:v1'), 'runtime sidecar (L462)');
    if (e.expectCSIContainer) assert.ok(has(inits(r), 'csi-sidecar', 'csi:v1'), 'csi sidecar (L465)');
    assert.ok(main, 'main still exists (L469)');
    if (e.expectInitContainers) assert.equal(inits(r).length, e.expectInitContainers, 'initContainers (L474)');
    if (e.expectContainers) assert.equal(containers(r).length, e.expectContainers, 'containers (L479)');
    if (!e.expectInitContainers && !e.expectContainers) {
      const total =
        initial + [e.expectRuntimeContainer, e.expectCSIContainer, e.expectEgressContainer].filter(Boolean).length;
      assert.equal(inits(r).length + containers(r).length, total, 'total containers (L500)');
    }
  };

// --- TestDoSidecarInjection (utils_test.go:616-1184), assertions at L1119-1181 ---
interface B3 {
  expectRuntimeContainer?: boolean;
  expectCSIContainer?: boolean;
  expectMainEnvCount?: number;
  expectCSIVolumeCount?: number;
}
const b3 =
  (e: B3) =>
  (r: Injected): void => {
    assert.equal(goError(r), undefined, 'no error (L1120)');
    const main = mainOf(r);
    if (main && e.expectMainEnvCount) assert.equal(main.env?.length ?? 0, e.expectMainEnvCount, 'env (L1142)');
    if (main && e.expectCSIVolumeCount)
      assert.equal(main.volumeMounts?.length ?? 0, e.expectCSIVolumeCount, 'mounts (L1146)');
    assert.equal(has(inits(r), 'runtime-sidecar', 'runtime:v1'), !!e.expectRuntimeContainer, 'runtime (L1152-1156)');
    assert.equal(has(inits(r), 'csi-sidecar', 'csi:v1'), !!e.expectCSIContainer, 'csi (L1158-1162)');
    if (e.expectCSIVolumeCount)
      assert.ok((specOf(r).volumes ?? []).length >= e.expectCSIVolumeCount, 'volumes at least (L1167)');
    assert.ok(main, 'main still exists (L1179)');
  };

// --- TestDoSidecarInjectionConflicts (utils_test.go:1311-1445), assertions at L1415-1440 ---
const b5Error =
  (errorContains: string) =>
  (r: Injected): void => {
    const error = goError(r);
    assert.ok(error, 'an error (L1418)');
    assert.ok(error.includes(errorContains), `error contains ${errorContains} (L1420)`);
  };
const b5Injected = (r: Injected): void => {
  assert.equal(goError(r), undefined, 'no error (L1425)');
  assert.ok(
    containers(r).some((c) => c.name === 'istio-proxy'),
    'istio-proxy injected (L1429)',
  );
  assert.ok(
    inits(r).some((c) => c.name === 'istio-init'),
    'istio-init injected (L1432)',
  );
  assert.equal(metaOf(r).labels?.['app.mesh'], 'true', 'label (L1435)');
  assert.equal(metaOf(r).annotations?.['sidecar.istio.io/status'], 'injected', 'annotation (L1438)');
};

// --- TestDoSidecarInjectionDuplicateRuntimes (utils_test.go:1447-1660), assertions at L1608-1657 ---
interface B6 {
  expectRuntimeContainer?: boolean;
  expectCSIContainer?: boolean;
  expectEgressContainer?: boolean;
  expectInitContainers?: number;
  expectContainers?: number;
}
const b6 =
  (e: B6) =>
  (r: Injected): void => {
    assert.equal(goError(r), undefined, 'no error (L1609)');
    assert.equal(has(inits(r), 'runtime-sidecar', 'runtime:v1'), !!e.expectRuntimeContainer, 'runtime (L1629-1634)');
    assert.equal(has(inits(r), 'csi-sidecar', 'csi:v1'), !!e.expectCSIContainer, 'csi (L1635-1640)');
    assert.equal(has(containers(r), 'egress-sidecar', 'egress:v1'), !!e.expectEgressContainer, 'egress (L1641-1646)');
    if (e.expectInitContainers) assert.equal(inits(r).length, e.expectInitContainers, 'initContainers (L1649)');
    if (e.expectContainers) assert.equal(containers(r).length, e.expectContainers, 'containers (L1654)');
  };

// --- TestDoSidecarInjection_FixedOrder (utils_test.go:1667-1780), assertions at L1752-1777 ---
const b7 =
  (expectSidecars: string[]) =>
  (r: Injected): void => {
    assert.equal(goError(r), undefined, 'no error (L1752)');
    const got = inits(r)
      .map((c) => c.name)
      .filter((n) => n === 'runtime-sidecar' || n === 'csi-sidecar');
    assert.deepEqual(got, expectSidecars, 'the sidecars in order (L1770, L1774)');
  };

// --- TestDoSidecarInjection_CAInjection (utils_test.go:1804-1961), assertions at L1908-1958 ---
const CA = 'sandbox-gateway-ca';
const b8NoCA = (r: Injected): void => {
  assert.equal(goError(r), undefined, 'no error (L1909)');
  assert.equal(
    (specOf(r).volumes ?? []).some((v) => (v as { name: string }).name === CA),
    false,
    'volume (L1923)',
  );
  assert.ok(containers(r).length > 0, 'containers (L1927)');
  const first = containers(r)[0]!;
  assert.equal(
    (first.volumeMounts ?? []).some((m) => (m as { name: string }).name === CA),
    false,
    'mount (L1942)',
  );
  assert.equal(
    (first.env ?? []).some((v) => (v as { name: string }).name === 'SSL_CERT_FILE'),
    false,
    'env (L1956)',
  );
};

// The entries' config values (utils_test.go, as written in each case; whitespace dropped).
const RT2 = json({
  mainContainer: {
    name: '',
    env: [
      { name: 'RUNTIME_ENV', value: 'test' },
      { name: 'DEBUG', value: 'true' },
    ],
    volumeMounts: [],
  },
  csiSidecar: [{ name: 'runtime-sidecar', image: 'runtime:v1' }],
  volume: [],
});
const RT1e = json({
  mainContainer: { name: '', env: [{ name: 'RUNTIME', value: 'enabled' }], volumeMounts: [] },
  csiSidecar: [{ name: 'runtime-sidecar', image: 'runtime:v1' }],
  volume: [],
});
const RT1t = json({
  mainContainer: { name: '', env: [{ name: 'RUNTIME_ENV', value: 'test' }], volumeMounts: [] },
  csiSidecar: [{ name: 'runtime-sidecar', image: 'runtime:v1' }],
  volume: [],
});
const CSIm = json({
  mainContainer: { name: '', volumeMounts: [{ name: 'csi-volume', mountPath: '/mnt/csi' }] },
  csiSidecar: [{ name: 'csi-sidecar', image: 'csi:v1' }],
  volume: [{ name: 'csi-volume', emptyDir: {} }],
});
const CSIv = json({
  mainContainer: { name: '', volumeMounts: [{ name: 'csi-vol', mountPath: '/csi' }] },
  csiSidecar: [{ name: 'csi-sidecar', image: 'csi:v1' }],
  volume: [{ name: 'csi-vol', emptyDir: {} }],
});
const RTd = json({
  mainContainer: { env: [{ name: 'RUNTIME_ENV', value: 'test' }], volumeMounts: [] },
  csiSidecar: [{ name: 'runtime-sidecar', image: 'runtime:v1' }],
  volume: [],
});
const RTon = json({
  mainContainer: { env: [{ name: 'RUNTIME', value: 'on' }], volumeMounts: [] },
  csiSidecar: [{ name: 'runtime-sidecar', image: 'runtime:v1' }],
  volume: [],
});
const CSId = json({
  mainContainer: { volumeMounts: [{ name: 'csi-vol', mountPath: '/csi' }] },
  csiSidecar: [{ name: 'csi-sidecar', image: 'csi:v1' }],
  volume: [{ name: 'csi-vol', emptyDir: {} }],
});
const tp = (labels: Record<string, string>, extra: Record<string, unknown> = {}) =>
  json({
    mainContainer: {},
    csiSidecar: [],
    volume: [{ name: 'egress-vol', emptyDir: {} }],
    initContainers: [],
    containers: [{ name: 'egress-sidecar', image: 'egress:v1' }],
    labels,
    annotations: {},
    ...extra,
  });
const TP_EMPTY = json({ mainContainer: {}, csiSidecar: [], volume: [] });

// Pieces of the derived Pods.
const RUNTIME_SIDECAR = { name: 'runtime-sidecar', image: 'runtime:v1' };
const CSI_SIDECAR = { name: 'csi-sidecar', image: 'csi:v1' };
const EGRESS = { name: 'egress-sidecar', image: 'egress:v1' };
const CSI_VOL_MOUNT = { name: 'csi-vol', mountPath: '/csi' };
const CSI_VOL = { name: 'csi-vol', emptyDir: {} };
const EGRESS_VOL = { name: 'egress-vol', emptyDir: {} };
const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): Template => ({ metadata, spec });
const main = (extra: Record<string, unknown> = {}) => ({ ...MAIN, ...extra });
const env = (...pairs: [string, string][]) => pairs.map(([name, value]) => ({ name, value }));
const BOTH_ON = pod({
  initContainers: [RUNTIME_SIDECAR, CSI_SIDECAR],
  containers: [main({ env: env(['RUNTIME', 'on']), volumeMounts: [CSI_VOL_MOUNT] })],
  volumes: [CSI_VOL],
});

export const WHOLE_CASES: WholeCase[] = [
  // TestInjectPodTemplateCSIAndRuntimeSidecar: InjectSandboxRuntimes with the ConfigMap in a fake client.
  {
    line: 53,
    name: 'no injection needed',
    short: 'no-injection-needed',
    sandboxName: 'test-sandbox',
    runtimes: [],
    pod: onlyMain(),
    goCheck: b1({ expectInjection: false }),
    // derived from reading utils.go:38-40: no runtimes, no injection (the ConfigMap is not even read)
    derived: onlyMain(),
  },
  {
    line: 75,
    name: 'inject runtime sidecar only',
    short: 'runtime-sidecar-only',
    sandboxName: 'test-sandbox',
    runtimes: ['agent-runtime'],
    pod: onlyMain(),
    data: { 'agent-runtime': RT2 },
    goCheck: b1({ expectInjection: true, expectRuntimeContainer: true, expectRuntimeEnvCount: 2 }),
    // derived from reading sidecar_config_inject.go:148-165, 268-272
    derived: pod({
      initContainers: [RUNTIME_SIDECAR],
      containers: [main({ env: env(['RUNTIME_ENV', 'test'], ['DEBUG', 'true']) })],
    }),
  },
  {
    line: 121,
    name: 'inject csi sidecar only',
    short: 'csi-sidecar-only',
    sandboxName: 'test-sandbox',
    runtimes: ['csi'],
    pod: onlyMain(),
    data: {
      csi: json({
        mainContainer: {
          name: '',
          volumeMounts: [
            { name: 'csi-volume', mountPath: '/mnt/csi' },
            { name: 'data-volume', mountPath: '/data' },
          ],
        },
        csiSidecar: [{ name: 'csi-sidecar', image: 'csi:v1' }],
        volume: [
          { name: 'csi-volume', emptyDir: {} },
          { name: 'data-volume', emptyDir: {} },
        ],
      }),
    },
    goCheck: b1({ expectInjection: true, expectCSIContainer: true, expectCSIVolumeMounts: 2 }),
    // derived from reading sidecar_config_inject.go:83-143
    derived: pod({
      initContainers: [CSI_SIDECAR],
      containers: [
        main({
          volumeMounts: [
            { name: 'csi-volume', mountPath: '/mnt/csi' },
            { name: 'data-volume', mountPath: '/data' },
          ],
        }),
      ],
      volumes: [
        { name: 'csi-volume', emptyDir: {} },
        { name: 'data-volume', emptyDir: {} },
      ],
    }),
  },
  {
    line: 169,
    name: 'inject both runtime and csi sidecars',
    short: 'runtime-and-csi',
    sandboxName: 'test-sandbox',
    runtimes: ['agent-runtime', 'csi'],
    pod: onlyMain(),
    data: { 'agent-runtime': RT1e, csi: CSIv },
    goCheck: b1({
      expectInjection: true,
      expectRuntimeContainer: true,
      expectCSIContainer: true,
      expectRuntimeEnvCount: 1,
      expectCSIVolumeMounts: 1,
    }),
    // derived from reading utils.go:74-96 and sidecar_config_inject.go:83-165
    derived: pod({
      initContainers: [RUNTIME_SIDECAR, CSI_SIDECAR],
      containers: [main({ env: env(['RUNTIME', 'enabled']), volumeMounts: [CSI_VOL_MOUNT] })],
      volumes: [CSI_VOL],
    }),
  },
  {
    line: 228,
    name: 'inject traffic proxy sidecar only',
    short: 'traffic-proxy-only',
    sandboxName: 'test-sandbox',
    runtimes: ['traffic-proxy'],
    pod: onlyMain(),
    data: {
      'traffic-proxy': json({
        mainContainer: {},
        csiSidecar: [],
        volume: [{ name: 'egress-vol', emptyDir: {} }],
        initContainers: [{ name: 'egress-init', image: 'egress-init:v1' }],
        containers: [{ name: 'egress-sidecar', image: 'egress:v1' }],
        labels: { egress: 'enabled' },
        annotations: { 'traffic-proxy': 'true' },
      }),
    },
    goCheck: b1({ expectInjection: true, expectEgressContainer: true, expectContainers: 2 }),
    // derived from reading sidecar_config_inject.go:167-199 (the probe rewrite is a no-op: no annotation)
    derived: pod(
      {
        initContainers: [{ name: 'egress-init', image: 'egress-init:v1' }],
        containers: [main(), EGRESS],
        volumes: [EGRESS_VOL],
      },
      { labels: { egress: 'enabled' }, annotations: { 'traffic-proxy': 'true' } },
    ),
  },
  {
    line: 270,
    name: 'inject traffic proxy with health probe rewrite - early return without CSI/runtime',
    short: 'traffic-proxy-probe-rewrite',
    sandboxName: 'test-sandbox',
    runtimes: ['traffic-proxy'],
    pod: {
      metadata: {
        annotations: {
          'networking.agents.kruise.io/health-probe-rewrite': 'true',
          'networking.agents.kruise.io/sidecar-proxy': 'istio-proxy',
        },
      },
      spec: {
        containers: [
          { ...MAIN, readinessProbe: { httpGet: { path: '/healthz', port: 8080 } } },
          { name: 'istio-proxy', image: 'istio/proxyv2:latest' },
        ],
      },
    },
    data: {
      'traffic-proxy': json({
        mainContainer: {},
        csiSidecar: [],
        volume: [],
        initContainers: [],
        containers: [],
        labels: {},
        annotations: {},
      }),
    },
    goCheck: b1({ expectInjection: true, expectEgressContainer: false, initialContainerCount: 2 }),
    // No derived Pod: the controller's health-probe rewrite (traffic-proxy/health_probe.go:328-347), which
    // this case triggers, is not asserted by the Go test (README.md).
  },
  {
    line: 332,
    name: 'inject all three: runtime, csi, and traffic proxy',
    short: 'all-three',
    sandboxName: 'test-sandbox',
    runtimes: ['agent-runtime', 'csi', 'traffic-proxy'],
    pod: onlyMain(),
    data: { 'agent-runtime': RTon, csi: CSId, 'traffic-proxy': tp({ egress: 'enabled' }) },
    goCheck: b1({
      expectInjection: true,
      expectRuntimeContainer: true,
      expectCSIContainer: true,
      expectEgressContainer: true,
      expectRuntimeEnvCount: 1,
      expectCSIVolumeMounts: 1,
      expectInitContainers: 2,
      expectContainers: 2,
    }),
    // derived from reading utils.go:61-125 and sidecar_config_inject.go:83-199
    derived: pod(
      {
        initContainers: [RUNTIME_SIDECAR, CSI_SIDECAR],
        containers: [main({ env: env(['RUNTIME', 'on']), volumeMounts: [CSI_VOL_MOUNT] }), EGRESS],
        volumes: [CSI_VOL, EGRESS_VOL],
      },
      { labels: { egress: 'enabled' } },
    ),
  },

  // TestDoSidecarInjection: doSidecarInjection with the ConfigMap's data.
  {
    line: 628,
    name: 'runtime injection only',
    short: 'runtime-only',
    sandboxName: 'test-sandbox',
    runtimes: ['agent-runtime'],
    pod: onlyMain(),
    data: { 'agent-runtime': RT2 },
    goCheck: b3({ expectRuntimeContainer: true, expectMainEnvCount: 2 }),
    // derived from reading sidecar_config_inject.go:148-165, 268-272
    derived: pod({
      initContainers: [RUNTIME_SIDECAR],
      containers: [main({ env: env(['RUNTIME_ENV', 'test'], ['DEBUG', 'true']) })],
    }),
  },
  {
    line: 670,
    name: 'csi injection only',
    short: 'csi-only',
    sandboxName: 'test-sandbox',
    runtimes: ['csi'],
    pod: onlyMain(),
    data: { csi: CSIm },
    goCheck: b3({ expectCSIContainer: true, expectCSIVolumeCount: 1 }),
    // derived from reading sidecar_config_inject.go:83-143
    derived: pod({
      initContainers: [CSI_SIDECAR],
      containers: [main({ volumeMounts: [{ name: 'csi-volume', mountPath: '/mnt/csi' }] })],
      volumes: [{ name: 'csi-volume', emptyDir: {} }],
    }),
  },
  {
    line: 712,
    name: 'both runtime and csi injection',
    short: 'runtime-and-csi-injection',
    sandboxName: 'test-sandbox',
    runtimes: ['agent-runtime', 'csi'],
    pod: onlyMain(),
    data: { 'agent-runtime': RT1e, csi: CSIv },
    goCheck: b3({
      expectRuntimeContainer: true,
      expectCSIContainer: true,
      expectMainEnvCount: 1,
      expectCSIVolumeCount: 1,
    }),
    // derived from reading utils.go:74-96 and sidecar_config_inject.go:83-165
    derived: pod({
      initContainers: [RUNTIME_SIDECAR, CSI_SIDECAR],
      containers: [main({ env: env(['RUNTIME', 'enabled']), volumeMounts: [CSI_VOL_MOUNT] })],
      volumes: [CSI_VOL],
    }),
  },
  {
    line: 767,
    name: 'no injection needed - no annotations',
    short: 'no-runtimes',
    sandboxName: 'test-sandbox',
    runtimes: [],
    pod: onlyMain(),
    data: {},
    goCheck: b3({}),
    // derived from reading utils.go:61-139: nothing declared, nothing applied
    derived: onlyMain(),
  },
  {
    line: 785,
    name: 'runtime sidecar name conflict with existing container - skip injection',
    short: 'runtime-guard-container',
    sandboxName: 'test-sandbox',
    runtimes: ['agent-runtime'],
    pod: { spec: { containers: [{ ...MAIN }, { name: 'runtime-sidecar', image: 'existing:v1' }] } },
    data: { 'agent-runtime': RT1t },
    goCheck: b3({ expectRuntimeContainer: false, expectMainEnvCount: 0 }),
    // derived from reading utils.go:86-89 and sidecar_config_inject.go:340-351: the guard skips it whole
    derived: pod({ containers: [main(), { name: 'runtime-sidecar', image: 'existing:v1' }] }),
  },
  {
    line: 823,
    name: 'runtime sidecar name conflict with existing initContainer - skip injection',
    short: 'runtime-guard-init-container',
    sandboxName: 'test-sandbox',
    runtimes: ['agent-runtime'],
    pod: {
      spec: { initContainers: [{ name: 'runtime-sidecar', image: 'existing-init:v1' }], containers: [{ ...MAIN }] },
    },
    data: { 'agent-runtime': RT1t },
    goCheck: b3({ expectRuntimeContainer: false, expectMainEnvCount: 0 }),
    // derived from reading utils.go:86-89 and sidecar_config_inject.go:340-351
    derived: pod({ initContainers: [{ name: 'runtime-sidecar', image: 'existing-init:v1' }], containers: [main()] }),
  },
  {
    line: 863,
    name: 'csi sidecar name conflict with existing container - skip injection',
    short: 'csi-guard-container',
    sandboxName: 'test-sandbox',
    runtimes: ['csi'],
    pod: { spec: { containers: [{ ...MAIN }, { name: 'csi-sidecar', image: 'existing-csi:v1' }] } },
    data: { csi: CSIm },
    goCheck: b3({ expectCSIContainer: false, expectCSIVolumeCount: 0 }),
    // derived from reading utils.go:91-94 and sidecar_config_inject.go:340-351
    derived: pod({ containers: [main(), { name: 'csi-sidecar', image: 'existing-csi:v1' }] }),
  },
  {
    line: 902,
    name: 'csi sidecar name conflict with existing initContainer - skip injection',
    short: 'csi-guard-init-container',
    sandboxName: 'test-sandbox',
    runtimes: ['csi'],
    pod: {
      spec: { initContainers: [{ name: 'csi-sidecar', image: 'existing-init-csi:v1' }], containers: [{ ...MAIN }] },
    },
    data: { csi: CSIm },
    goCheck: b3({ expectCSIContainer: false, expectCSIVolumeCount: 0 }),
    // derived from reading utils.go:91-94 and sidecar_config_inject.go:340-351
    derived: pod({ initContainers: [{ name: 'csi-sidecar', image: 'existing-init-csi:v1' }], containers: [main()] }),
  },
  {
    line: 943,
    name: 'both injections enabled but runtime conflicts in Containers - only csi injected',
    short: 'runtime-guarded-csi-injected',
    sandboxName: 'test-sandbox',
    runtimes: ['agent-runtime', 'csi'],
    pod: { spec: { containers: [{ ...MAIN }, { name: 'runtime-sidecar', image: 'existing:v1' }] } },
    data: { 'agent-runtime': RT1e, csi: CSIv },
    goCheck: b3({ expectRuntimeContainer: false, expectCSIContainer: true, expectCSIVolumeCount: 1 }),
    // derived from reading utils.go:74-96
    derived: pod({
      initContainers: [CSI_SIDECAR],
      containers: [main({ volumeMounts: [CSI_VOL_MOUNT] }), { name: 'runtime-sidecar', image: 'existing:v1' }],
      volumes: [CSI_VOL],
    }),
  },
  {
    line: 999,
    name: 'both injections enabled but csi conflicts in Containers - only runtime injected',
    short: 'csi-guarded-runtime-injected',
    sandboxName: 'test-sandbox',
    runtimes: ['agent-runtime', 'csi'],
    pod: { spec: { containers: [{ ...MAIN }, { name: 'csi-sidecar', image: 'existing-csi:v1' }] } },
    data: { 'agent-runtime': RT1e, csi: CSIv },
    goCheck: b3({ expectRuntimeContainer: true, expectCSIContainer: false, expectMainEnvCount: 1 }),
    // derived from reading utils.go:74-96
    derived: pod({
      initContainers: [RUNTIME_SIDECAR],
      containers: [main({ env: env(['RUNTIME', 'enabled']) }), { name: 'csi-sidecar', image: 'existing-csi:v1' }],
    }),
  },
  {
    line: 1055,
    name: 'both injections enabled but both conflict in InitContainers - neither injected',
    short: 'both-guarded',
    sandboxName: 'test-sandbox',
    runtimes: ['agent-runtime', 'csi'],
    pod: {
      spec: {
        initContainers: [
          { name: 'runtime-sidecar', image: 'existing-init:v1' },
          { name: 'csi-sidecar', image: 'existing-init-csi:v1' },
        ],
        containers: [{ ...MAIN }],
      },
    },
    data: { 'agent-runtime': RT1e, csi: CSIv },
    goCheck: b3({ expectRuntimeContainer: false, expectCSIContainer: false }),
    // derived from reading utils.go:74-96
    derived: pod({
      initContainers: [
        { name: 'runtime-sidecar', image: 'existing-init:v1' },
        { name: 'csi-sidecar', image: 'existing-init-csi:v1' },
      ],
      containers: [main()],
    }),
  },

  // TestDoSidecarInjectionConflicts: traffic-proxy's conflict check.
  {
    line: 1321,
    name: 'traffic-proxy container conflict returns error',
    short: 'traffic-proxy-container-conflict',
    sandboxName: 'test',
    runtimes: ['traffic-proxy'],
    pod: { spec: { containers: [{ ...MAIN }, { name: 'istio-proxy', image: 'existing-proxy:v1' }] } },
    data: {
      'traffic-proxy': json({
        mainContainer: { name: '' },
        csiSidecar: [],
        volume: [],
        containers: [{ name: 'istio-proxy', image: 'istio:v1' }],
      }),
    },
    goCheck: b5Error('istio-proxy'),
  },
  {
    line: 1350,
    name: 'traffic-proxy init container conflict returns error',
    short: 'traffic-proxy-init-container-conflict',
    sandboxName: 'test',
    runtimes: ['traffic-proxy'],
    pod: { spec: { initContainers: [{ name: 'istio-init', image: 'existing:v1' }], containers: [{ ...MAIN }] } },
    data: {
      'traffic-proxy': json({
        mainContainer: { name: '' },
        csiSidecar: [],
        volume: [],
        initContainers: [{ name: 'istio-init', image: 'istio-init:v1' }],
        containers: [{ name: 'istio-proxy', image: 'istio:v1' }],
      }),
    },
    goCheck: b5Error('istio-init'),
  },
  {
    line: 1378,
    name: 'traffic-proxy no conflict succeeds and injects correctly',
    short: 'traffic-proxy-no-conflict',
    sandboxName: 'test',
    runtimes: ['traffic-proxy'],
    pod: {
      metadata: { annotations: { 'networking.agents.kruise.io/health-probe-rewrite': 'false' } },
      spec: { containers: [{ ...MAIN }] },
    },
    data: {
      'traffic-proxy': json({
        mainContainer: { name: '' },
        csiSidecar: [],
        volume: [],
        initContainers: [{ name: 'istio-init', image: 'istio-init:v1' }],
        containers: [{ name: 'istio-proxy', image: 'istio:v1' }],
        annotations: { 'sidecar.istio.io/status': 'injected' },
        labels: { 'app.mesh': 'true' },
      }),
    },
    goCheck: b5Injected,
    // derived from reading sidecar_config_inject.go:167-199 (rewrite skipped: the annotation is not "true")
    derived: pod(
      {
        initContainers: [{ name: 'istio-init', image: 'istio-init:v1' }],
        containers: [main(), { name: 'istio-proxy', image: 'istio:v1' }],
      },
      {
        labels: { 'app.mesh': 'true' },
        annotations: {
          'networking.agents.kruise.io/health-probe-rewrite': 'false',
          'sidecar.istio.io/status': 'injected',
        },
      },
    ),
  },

  // TestDoSidecarInjectionDuplicateRuntimes
  {
    line: 1460,
    name: 'duplicate runtime names - only first runtime processed',
    short: 'duplicate-agent-runtime',
    sandboxName: 'test',
    runtimes: ['agent-runtime', 'agent-runtime'],
    pod: onlyMain(),
    data: { 'agent-runtime': RTd },
    goCheck: b6({ expectRuntimeContainer: true, expectInitContainers: 1 }),
    // derived from reading utils.go:65-117: a name counts once
    derived: pod({ initContainers: [RUNTIME_SIDECAR], containers: [main({ env: env(['RUNTIME_ENV', 'test']) })] }),
  },
  {
    line: 1486,
    name: 'duplicate csi runtime names - only first csi processed',
    short: 'duplicate-csi',
    sandboxName: 'test',
    runtimes: ['csi', 'csi', 'csi'],
    pod: onlyMain(),
    data: { csi: CSId },
    goCheck: b6({ expectCSIContainer: true, expectInitContainers: 1 }),
    // derived from reading utils.go:65-117
    derived: pod({
      initContainers: [CSI_SIDECAR],
      containers: [main({ volumeMounts: [CSI_VOL_MOUNT] })],
      volumes: [CSI_VOL],
    }),
  },
  {
    line: 1513,
    name: 'duplicate traffic-proxy runtime names - only first processed',
    short: 'duplicate-traffic-proxy',
    sandboxName: 'test',
    runtimes: ['traffic-proxy', 'traffic-proxy'],
    pod: onlyMain(),
    data: { 'traffic-proxy': tp({ egress: 'enabled' }) },
    goCheck: b6({ expectEgressContainer: true, expectContainers: 2 }),
    // derived from reading utils.go:100-117: the second is skipped, so it does not conflict with the first
    derived: pod({ containers: [main(), EGRESS], volumes: [EGRESS_VOL] }, { labels: { egress: 'enabled' } }),
  },
  {
    line: 1543,
    name: 'mixed unique and duplicate runtimes - order preserved, first wins',
    short: 'mixed-duplicates',
    sandboxName: 'test',
    runtimes: ['agent-runtime', 'csi', 'agent-runtime', 'traffic-proxy', 'csi'],
    pod: onlyMain(),
    data: { 'agent-runtime': RTon, csi: CSId, 'traffic-proxy': tp({}) },
    goCheck: b6({
      expectRuntimeContainer: true,
      expectCSIContainer: true,
      expectEgressContainer: true,
      expectInitContainers: 2,
      expectContainers: 2,
    }),
    // derived from reading utils.go:61-125
    derived: pod({
      initContainers: [RUNTIME_SIDECAR, CSI_SIDECAR],
      containers: [main({ env: env(['RUNTIME', 'on']), volumeMounts: [CSI_VOL_MOUNT] }), EGRESS],
      volumes: [CSI_VOL, EGRESS_VOL],
    }),
  },
  {
    line: 1589,
    name: 'empty runtime list - no injection',
    short: 'empty-runtime-list',
    sandboxName: 'test',
    runtimes: [],
    pod: onlyMain(),
    data: {},
    goCheck: b6({ expectContainers: 1 }),
    // derived from reading utils.go:61-139
    derived: onlyMain(),
  },

  // TestDoSidecarInjection_FixedOrder: one ConfigMap for all four (L1734-1749).
  ...(
    [
      [1689, 'normal order: agent-runtime then csi-mount', 'fixed-order-normal', ['agent-runtime', 'csi']],
      [1697, 'reversed order: csi-mount then agent-runtime', 'fixed-order-reversed', ['csi', 'agent-runtime']],
      [
        1705,
        'reversed order with traffic-proxy interleaved',
        'fixed-order-traffic-proxy',
        ['csi', 'traffic-proxy', 'agent-runtime'],
      ],
      [1724, 'only agent-runtime declared (csi-mount absent)', 'fixed-order-only-agent-runtime', ['agent-runtime']],
    ] as const
  ).map(([line, name, short, runtimes]): WholeCase => ({
    line,
    name,
    short,
    sandboxName: 'test',
    runtimes: [...runtimes],
    pod: onlyMain(),
    data: { 'agent-runtime': RTon, csi: CSId, 'traffic-proxy': TP_EMPTY },
    goCheck: b7(runtimes.length === 1 ? ['runtime-sidecar'] : ['runtime-sidecar', 'csi-sidecar']),
    // derived from reading utils.go:56-96 (traffic-proxy's empty entry adds nothing)
    derived:
      runtimes.length === 1
        ? pod({ initContainers: [RUNTIME_SIDECAR], containers: [main({ env: env(['RUNTIME', 'on']) })] })
        : BOTH_ON,
  })),

  // TestDoSidecarInjection_CAInjection: only the gate-off entry applies offline (see README.md).
  {
    line: 1830,
    name: 'gate disabled, traffic-proxy present, predicate matches - gate kills CA injection',
    short: 'ca-gate-disabled',
    sandboxName: 'sbx',
    runtimes: ['traffic-proxy'],
    pod: onlyMain(),
    data: { 'traffic-proxy': TP_EMPTY },
    goCheck: b8NoCA,
    // derived from reading utils.go:120-136 with the gate off: the empty entry adds nothing
    derived: onlyMain(),
  },
];

export const caseTitle = (c: { line: number; name: string }, file = GO_FILE) => `${file}:${c.line} "${c.name}"`;
export const goldenName = (c: WholeCase) => `conformance-${GO_FILE.replace(/\.go$/, '')}-${c.line}-${c.short}`;
