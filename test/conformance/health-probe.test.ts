// Conformance: openkruise/agents pkg/utils/sidecarutils/traffic-proxy/health_probe_test.go at 0b72c83, one `it`
// per Go test entry (HP-01…HP-54 in test/conformance/README.md), named by the Go file and line of the entry, run
// on both subjects (subjects.ts): the function's port of the rewrite and the reference model's. Each test encodes
// the Go test's own assertions (their lines cited); checks beyond them are marked "derived from reading
// health_probe.go:LINE". Where the Go test calls a helper with no counterpart in the function, the input is
// wrapped in a pod with the rewrite annotation and an istio-proxy container, and the whole rewrite is run
// ("whole flow"). The function's own form of the rewrite (edits to a template) is checked at the end.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PlainEditor, type Path } from '../../src/base/data.js';
import {
  applyHealthProbeRewrite,
  DEFAULT_PROXY,
  HEALTH_PROBE_REWRITE_ANNOTATION,
  healthProbeRewrite,
  KUBE_APP_PROBERS_ENV,
  SIDECAR_PROXY_ANNOTATION,
  type ProbeEdit,
  type ProbeTemplate,
} from '../../src/runtimes/health-probe.js';
import type { PodObject, PodTemplate } from '../../src/runtimes/pod.js';
import { checkProperty } from '../helpers/property.js';
import { HEALTH_PROBE_SUBJECTS, type HealthProbeSubject } from './subjects.js';

type Obj = Record<string, any>;
const GO = 'health_probe_test.go';
const REWRITE = { [HEALTH_PROBE_REWRITE_ANNOTATION]: 'true' };

/** The ISTIO_KUBE_APP_PROBERS values on a container, in order. */
const probersEnv = (container: Obj): string[] =>
  (container.env ?? []).filter((e: Obj) => e.name === KUBE_APP_PROBERS_ENV).map((e: Obj) => e.value);

/** A value without its nulls: a nil pointer and an absent field are one thing to Go. */
const withoutNulls = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (_k, v) => (v === null ? undefined : v)));

for (const subject of HEALTH_PROBE_SUBJECTS)
  describe(`conformance: traffic-proxy/${GO}, on ${subject.name}`, () => conformance(subject));

function conformance(subject: HealthProbeSubject): void {
  const rewritten = (template: Obj): Obj => subject.rewrite(template);
  /** Whole flow of a Go test's pod.spec: the rewrite annotation, and an istio-proxy container if it has none. */
  const wholeFlow = (spec: Obj): Obj => {
    const names = [...(spec.containers ?? []), ...(spec.initContainers ?? [])].map((c: Obj) => c.name);
    const withProxy = names.includes(DEFAULT_PROXY)
      ? spec
      : { ...spec, containers: [...(spec.containers ?? []), { name: DEFAULT_PROXY }] };
    return rewritten({ metadata: { annotations: REWRITE }, spec: withProxy });
  };
  /** dumpAppProbers as the whole flow shows it: the env value given to istio-proxy, or "" when none is. */
  const probersViaRewrite = (spec: Obj): string => {
    const pod = wholeFlow(spec);
    const proxy = [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])].find(
      (c: Obj) => c.name === DEFAULT_PROXY,
    );
    return probersEnv(proxy)[0] ?? '';
  };
  /** dumpAppProbers(pod, 15020, "istio-proxy") on a Go test's pod.spec, checked against the whole flow. */
  const dump = (spec: Obj): string => {
    const result = subject.dump(spec);
    assert.equal(probersViaRewrite(spec), result, 'the whole flow appends what the dump gives');
    return result;
  };
  const findContainer = (spec: Obj, name: string) => subject.findContainer(spec, name);
  const rewriteHttpGet = subject.rewriteHttpGet;
  const rewriteProbe = (probe: Obj | null | undefined, url: string) => subject.convertProbe(probe, url) as Obj;
  const rewriteLifecycleHandler = (handler: Obj | undefined, url: string) =>
    subject.convertLifecycleHandler(handler, url) as Obj;
  const prober = (json: string | undefined): Obj | undefined => (json === undefined ? undefined : JSON.parse(json));

  describe('TestFindContainerFromPod (L28-83): findContainer; asserts L75 (nil) and L78 (found, name)', () => {
    const found = (spec: Obj, name: string): Obj | undefined => {
      const path = findContainer(spec, name);
      return path && (path.reduce((node: any, key) => node[key], { spec }) as Obj);
    };
    it(`${GO}:37 "find in containers" (HP-01)`, () => {
      const spec = { containers: [{ name: 'app' }, { name: 'sidecar' }], initContainers: [{ name: 'init' }] };
      assert.equal(found(spec, 'app')?.name, 'app');
      assert.deepEqual(findContainer(spec, 'app'), ['spec', 'containers', 0]);
    });
    it(`${GO}:49 "find in init containers" (HP-02)`, () => {
      const spec = { containers: [{ name: 'app' }], initContainers: [{ name: 'init' }] };
      assert.equal(found(spec, 'init')?.name, 'init');
      assert.deepEqual(findContainer(spec, 'init'), ['spec', 'initContainers', 0]);
    });
    it(`${GO}:61 "not found" (HP-03)`, () => {
      assert.equal(findContainer({ containers: [{ name: 'app' }] }, 'missing'), undefined);
    });
  });

  describe('TestFindSidecar (L85-120): findSidecar is findContainer with the proxy name', () => {
    it(`${GO}:86 "sidecar in containers" (HP-04)`, () => {
      // L93: found, named istio-proxy
      assert.deepEqual(findContainer({ containers: [{ name: DEFAULT_PROXY }] }, DEFAULT_PROXY), [
        'spec',
        'containers',
        0,
      ]);
    });
    it(`${GO}:98 "sidecar in init containers" (HP-05)`, () => {
      // L105: found, named istio-proxy
      assert.deepEqual(findContainer({ initContainers: [{ name: DEFAULT_PROXY }] }, DEFAULT_PROXY), [
        'spec',
        'initContainers',
        0,
      ]);
    });
    it(`${GO}:110 "no sidecar" (HP-06)`, () => {
      // L116: nil
      assert.equal(findContainer({ containers: [{ name: 'app' }] }, DEFAULT_PROXY), undefined);
      // derived from reading health_probe.go:337-340: with the annotation, no proxy means no change at all
      const pod = { metadata: { annotations: REWRITE }, spec: { containers: [{ name: 'app' }] } };
      assert.deepEqual(rewritten(pod), pod);
    });
  });

  describe('TestRewriteHTTPGetAction (L122-175): rewriteHttpGet; asserts path L164, port L167, scheme L170', () => {
    const check = (action: Obj, url: string, port: number, path: string, scheme: string | undefined) => {
      const result = rewriteHttpGet(action, url, port);
      assert.equal(result.path, path);
      assert.equal(result.port, port);
      assert.equal(result.scheme, scheme);
      // derived from reading health_probe.go:68-75: only path, port and an HTTPS scheme change
      assert.deepEqual(result, { ...action, path, port, ...(scheme === undefined ? {} : { scheme }) });
    };
    it(`${GO}:133 "HTTP scheme preserved" (HP-07)`, () => {
      check({ path: '/old', port: 8080, scheme: 'HTTP' }, '/new', 15020, '/new', 'HTTP');
    });
    it(`${GO}:142 "HTTPS scheme rewritten to HTTP" (HP-08)`, () => {
      check({ path: '/old', port: 8080, scheme: 'HTTPS' }, '/new', 15020, '/new', 'HTTP');
    });
    it(`${GO}:151 "empty scheme defaults to HTTP" (HP-09)`, () => {
      // Despite its name, the Go test expects the scheme to stay empty (L158: expectScheme "").
      check({ path: '/old', port: 8080 }, '/health', 15000, '/health', undefined);
    });
  });

  describe('TestConvertAppProber (L177-246): rewriteProbe(probe, "/readyz")', () => {
    it(`${GO}:178 "nil probe returns nil" (HP-10)`, () => {
      assert.equal(rewriteProbe(undefined, '/readyz'), undefined); // L179
      assert.equal(rewriteProbe(null, '/readyz'), undefined);
    });
    it(`${GO}:184 "HTTPGet probe converted" (HP-11)`, () => {
      const result = rewriteProbe({ httpGet: { path: '/health', port: 8080 } }, '/readyz');
      assert.ok(result?.httpGet); // L191
      assert.equal((result.httpGet as Obj).path, '/readyz'); // L194
      assert.equal((result.httpGet as Obj).port, 15020); // L197
      // derived from reading health_probe.go:109-113
      assert.deepEqual(result, { httpGet: { path: '/readyz', port: 15020 } });
    });
    it(`${GO}:202 "TCPSocket probe converted to HTTP" (HP-12)`, () => {
      const result = rewriteProbe({ tcpSocket: { port: 8080 } }, '/readyz');
      assert.ok(result); // L209
      assert.ok(result.httpGet); // L212
      assert.equal(result.tcpSocket, undefined); // L215
      // derived from reading health_probe.go:116-123
      assert.deepEqual(result, { httpGet: { path: '/readyz', port: 15020 } });
    });
    it(`${GO}:220 "GRPC probe converted to HTTP" (HP-13)`, () => {
      const result = rewriteProbe({ grpc: { port: 50051 } }, '/readyz');
      assert.ok(result); // L227
      assert.ok(result.httpGet); // L230
      assert.equal(result.grpc, undefined); // L233
      // derived from reading health_probe.go:126-136
      assert.deepEqual(result, { httpGet: { path: '/readyz', port: 15020 } });
    });
    it(`${GO}:238 "unsupported probe type returns nil" (HP-14)`, () => {
      assert.equal(rewriteProbe({}, '/readyz'), undefined); // L242
      // derived from reading health_probe.go:62: an exec probe is no different
      assert.equal(rewriteProbe({ exec: { command: ['true'] } }, '/readyz'), undefined);
    });
  });

  describe('TestConvertAppLifecycleHandler (L248-288): rewriteLifecycleHandler(handler, "/prestopz")', () => {
    it(`${GO}:249 "nil handler returns nil" (HP-15)`, () => {
      assert.equal(rewriteLifecycleHandler(undefined, '/prestopz'), undefined); // L250
    });
    it(`${GO}:255 "HTTPGet handler converted" (HP-16)`, () => {
      const result = rewriteLifecycleHandler({ httpGet: { path: '/shutdown', port: 8080 } }, '/prestopz');
      assert.ok(result?.httpGet); // L260
      assert.equal((result.httpGet as Obj).path, '/prestopz'); // L263
      // derived from reading health_probe.go:92-96
      assert.deepEqual(result, { httpGet: { path: '/prestopz', port: 15020 } });
    });
    it(`${GO}:268 "TCPSocket handler converted to HTTP" (HP-17)`, () => {
      const result = rewriteLifecycleHandler({ tcpSocket: { port: 8080 } }, '/prestopz');
      assert.ok(result?.httpGet); // L273
      assert.equal(result.tcpSocket, undefined); // L276
      // derived from reading health_probe.go:99-106
      assert.deepEqual(result, { httpGet: { path: '/prestopz', port: 15020 } });
    });
    it(`${GO}:281 "unsupported handler returns nil" (HP-18)`, () => {
      assert.equal(rewriteLifecycleHandler({}, '/prestopz'), undefined); // L284
      // derived from reading health_probe.go:88: exec and sleep hooks are kept too
      assert.equal(rewriteLifecycleHandler({ exec: { command: ['x'] } }, '/prestopz'), undefined);
      assert.equal(rewriteLifecycleHandler({ sleep: { seconds: 1 } }, '/prestopz'), undefined);
    });
  });

  describe('TestFormatProberURL (L290-315): proberUrls("my-app"); asserts L310', () => {
    const urls = subject.proberUrls('my-app');
    const cases = [
      [297, 'readyz', urls[0], '/app-health/my-app/readyz', 'HP-19'],
      [298, 'livez', urls[1], '/app-health/my-app/livez', 'HP-20'],
      [299, 'startupz', urls[2], '/app-health/my-app/startupz', 'HP-21'],
      [300, 'prestopz', urls[3], '/app-lifecycle/my-app/prestopz', 'HP-22'],
      [301, 'poststartz', urls[4], '/app-lifecycle/my-app/poststartz', 'HP-23'],
    ] as const;
    for (const [line, name, got, expected, id] of cases) {
      it(`${GO}:${line} "${name}" (${id})`, () => assert.equal(got, expected));
    }
  });

  describe('TestDumpAppProbers (L317-613): appProbers(pod, "istio-proxy"), and the env the whole flow appends', () => {
    const app = (fields: Obj) => ({ containers: [{ name: 'app', ...fields }] });

    it(`${GO}:318 "pod with no probes returns empty string" (HP-24)`, () => {
      assert.equal(dump({ containers: [{ name: 'app' }] }), ''); // L325
    });
    it(`${GO}:330 "pod with HTTPGet readiness probe" (HP-25)`, () => {
      const result = dump(app({ readinessProbe: { httpGet: { path: '/ready', port: 8080 } } }));
      assert.notEqual(result, ''); // L346
      assert.ok('/app-health/app/readyz' in JSON.parse(result)); // L351 (valid JSON), L356
      // derived from reading health_probe.go:216 (json.Marshal; HTTPGetAction field order, omitempty)
      assert.equal(result, '{"/app-health/app/readyz":{"httpGet":{"path":"/ready","port":8080}}}');
    });
    it(`${GO}:361 "named port resolved to integer" (HP-26)`, () => {
      const spec = app({
        ports: [{ name: 'http', containerPort: 8080 }],
        readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
      });
      const result = dump(spec);
      assert.notEqual(result, ''); // L380
      const probers = JSON.parse(result); // L385
      assert.ok('/app-health/app/readyz' in probers); // L391
      assert.equal(probers['/app-health/app/readyz'].httpGet.port, 8080); // L394
      // derived from reading health_probe.go:171-176: the port is written as an integer
      assert.equal(result, '{"/app-health/app/readyz":{"httpGet":{"path":"/ready","port":8080}}}');
    });
    it(`${GO}:399 "named port not found returns empty for that probe" (HP-27)`, () => {
      const spec = app({ readinessProbe: { httpGet: { path: '/ready', port: 'unknown-port' } } });
      assert.equal(dump(spec), ''); // L415
      // derived from reading health_probe.go:250-252: the probe is rewritten all the same
      assert.deepEqual(wholeFlow(spec).spec.containers[0].readinessProbe, {
        httpGet: { path: '/app-health/app/readyz', port: 15020 },
      });
    });
    it(`${GO}:420 "skip istio-proxy container" (HP-28)`, () => {
      const spec = {
        containers: [{ name: DEFAULT_PROXY, readinessProbe: { httpGet: { path: '/ready', port: 15020 } } }],
      };
      assert.equal(dump(spec), ''); // L436
    });
    it(`${GO}:441 "liveness and startup probes included" (HP-29)`, () => {
      const result = dump(
        app({
          livenessProbe: { httpGet: { path: '/live', port: 8080 } },
          startupProbe: { httpGet: { path: '/startup', port: 8080 } },
        }),
      );
      assert.notEqual(result, ''); // L462
      const probers = JSON.parse(result); // L467
      for (const key of ['/app-health/app/livez', '/app-health/app/startupz']) assert.ok(key in probers); // L472
      // derived from reading health_probe.go:216 (map keys sorted)
      assert.equal(
        result,
        '{"/app-health/app/livez":{"httpGet":{"path":"/live","port":8080}},' +
          '"/app-health/app/startupz":{"httpGet":{"path":"/startup","port":8080}}}',
      );
    });
    it(`${GO}:478 "lifecycle preStop and postStart included" (HP-30)`, () => {
      const result = dump(
        app({
          lifecycle: {
            preStop: { httpGet: { path: '/prestop', port: 8080 } },
            postStart: { httpGet: { path: '/poststart', port: 8080 } },
          },
        }),
      );
      assert.notEqual(result, ''); // L497
      const probers = JSON.parse(result); // L502
      for (const key of ['/app-lifecycle/app/prestopz', '/app-lifecycle/app/poststartz']) assert.ok(key in probers); // L507
      // derived from reading health_probe.go:216 and :304-313 (sorted keys; no timeout for hooks)
      assert.equal(
        result,
        '{"/app-lifecycle/app/poststartz":{"httpGet":{"path":"/poststart","port":8080}},' +
          '"/app-lifecycle/app/prestopz":{"httpGet":{"path":"/prestop","port":8080}}}',
      );
    });
    it(`${GO}:513 "TCP probe serialized as TCPSocket" (HP-31)`, () => {
      const result = dump(app({ readinessProbe: { tcpSocket: { port: 8080 } } }));
      assert.ok(JSON.parse(result)['/app-health/app/readyz'].tcpSocket); // L530, L535
      // derived from reading health_probe.go:282-287
      assert.equal(result, '{"/app-health/app/readyz":{"tcpSocket":{"port":8080}}}');
    });
    it(`${GO}:540 "GRPC probe serialized as GRPC" (HP-32)`, () => {
      const result = dump(app({ readinessProbe: { grpc: { port: 50051 } } }));
      assert.ok(JSON.parse(result)['/app-health/app/readyz'].grpc); // L557, L562
      // derived from reading health_probe.go:144 and core/v1 GRPCAction (service has no omitempty)
      assert.equal(result, '{"/app-health/app/readyz":{"grpc":{"port":50051,"service":null}}}');
    });
    it(`${GO}:567 "init containers included" (HP-33)`, () => {
      const spec = {
        initContainers: [{ name: 'init-app', readinessProbe: { httpGet: { path: '/ready', port: 9090 } } }],
      };
      const result = dump(spec);
      assert.ok('/app-health/init-app/readyz' in JSON.parse(result)); // L584, L587
      // derived from reading health_probe.go:216
      assert.equal(result, '{"/app-health/init-app/readyz":{"httpGet":{"path":"/ready","port":9090}}}');
    });
    it(`${GO}:592 "already rewritten port skipped" (HP-34)`, () => {
      assert.equal(dump(app({ readinessProbe: { httpGet: { path: '/ready', port: 15020 } } })), ''); // L609
    });
  });

  describe('TestPatchRewriteProbe (L615-788): whole flow, the fields of the rewritten containers', () => {
    it(`${GO}:616 "HTTPGet probes rewritten" (HP-35)`, () => {
      const c = wholeFlow({
        containers: [
          {
            name: 'app',
            readinessProbe: { httpGet: { path: '/health', port: 8080, scheme: 'HTTPS' } },
            livenessProbe: { httpGet: { path: '/live', port: 8080 } },
          },
        ],
      }).spec.containers[0];
      assert.equal(c.readinessProbe.httpGet.path, '/app-health/app/readyz'); // L640
      assert.equal(c.readinessProbe.httpGet.port, 15020); // L643
      assert.equal(c.readinessProbe.httpGet.scheme, 'HTTP'); // L646
      assert.equal(c.livenessProbe.httpGet.path, '/app-health/app/livez'); // L649
      // derived from reading health_probe.go:68-75, 109-113
      assert.deepEqual(c.readinessProbe, { httpGet: { path: '/app-health/app/readyz', port: 15020, scheme: 'HTTP' } });
      assert.deepEqual(c.livenessProbe, { httpGet: { path: '/app-health/app/livez', port: 15020 } });
    });
    it(`${GO}:654 "TCPSocket probes converted to HTTP" (HP-36)`, () => {
      const c = wholeFlow({ containers: [{ name: 'app', readinessProbe: { tcpSocket: { port: 8080 } } }] }).spec
        .containers[0];
      assert.ok(c.readinessProbe.httpGet); // L673
      assert.equal(c.readinessProbe.tcpSocket, undefined); // L676
      // derived from reading health_probe.go:116-123
      assert.deepEqual(c.readinessProbe, { httpGet: { path: '/app-health/app/readyz', port: 15020 } });
    });
    it(`${GO}:681 "GRPC probes converted to HTTP" (HP-37)`, () => {
      const c = wholeFlow({ containers: [{ name: 'app', readinessProbe: { grpc: { port: 50051 } } }] }).spec
        .containers[0];
      assert.ok(c.readinessProbe.httpGet); // L700
      assert.equal(c.readinessProbe.grpc, undefined); // L703
      // derived from reading health_probe.go:126-136
      assert.deepEqual(c.readinessProbe, { httpGet: { path: '/app-health/app/readyz', port: 15020 } });
    });
    it(`${GO}:708 "skip proxy container" (HP-38)`, () => {
      const spec = {
        containers: [{ name: DEFAULT_PROXY, readinessProbe: { httpGet: { path: '/health', port: 15020 } } }],
      };
      assert.equal(wholeFlow(spec).spec.containers[0].readinessProbe.httpGet.path, '/health'); // L727
      // derived from reading health_probe.go:231-233: nothing to do at all
      const pod = { metadata: { annotations: REWRITE }, spec };
      assert.deepEqual(rewritten(pod), pod);
    });
    it(`${GO}:732 "init containers rewritten" (HP-39)`, () => {
      const spec = { initContainers: [{ name: 'init', readinessProbe: { httpGet: { path: '/health', port: 9090 } } }] };
      const c = wholeFlow(spec).spec.initContainers[0];
      assert.equal(c.readinessProbe.httpGet.path, '/app-health/init/readyz'); // L751
      // derived from reading health_probe.go:238-245
      assert.deepEqual(c.readinessProbe, { httpGet: { path: '/app-health/init/readyz', port: 15020 } });
    });
    it(`${GO}:756 "lifecycle handlers converted" (HP-40)`, () => {
      const c = wholeFlow({
        containers: [
          {
            name: 'app',
            lifecycle: {
              preStop: { tcpSocket: { port: 8080 } },
              postStart: { httpGet: { path: '/start', port: 8080 } },
            },
          },
        ],
      }).spec.containers[0];
      assert.ok(c.lifecycle.preStop.httpGet); // L778
      assert.equal(c.lifecycle.preStop.tcpSocket, undefined); // L781
      assert.equal(c.lifecycle.postStart.httpGet.path, '/app-lifecycle/app/poststartz'); // L784
      // derived from reading health_probe.go:259-266
      assert.deepEqual(c.lifecycle, {
        preStop: { httpGet: { path: '/app-lifecycle/app/prestopz', port: 15020 } },
        postStart: { httpGet: { path: '/app-lifecycle/app/poststartz', port: 15020 } },
      });
    });
  });

  describe('TestApplyHealthProbeRewrite (L790-1005): the rewrite of the whole pod; err == nil never fails', () => {
    const readiness = { httpGet: { path: '/health', port: 8080 } };
    const ENV_VALUE = '{"/app-health/app/readyz":{"httpGet":{"path":"/health","port":8080}}}';

    it(`${GO}:791 "no sidecar - no changes" (HP-41)`, () => {
      const pod = {
        metadata: { annotations: REWRITE },
        spec: { containers: [{ name: 'app', readinessProbe: readiness }] },
      };
      assert.equal(rewritten(pod).spec.containers[0].readinessProbe.httpGet.path, '/health'); // L819
      // derived from reading health_probe.go:337-340
      assert.deepEqual(rewritten(pod), pod);
    });
    it(`${GO}:824 "with sidecar - probe rewritten and env set" (HP-42)`, () => {
      const pod = {
        metadata: { annotations: REWRITE },
        spec: { containers: [{ name: 'app', readinessProbe: readiness }, { name: DEFAULT_PROXY }] },
      };
      const out = rewritten(pod);
      assert.equal(out.spec.containers[0].readinessProbe.httpGet.path, '/app-health/app/readyz'); // L855
      const env = probersEnv(out.spec.containers[1]);
      assert.equal(env.length, 1); // L875
      assert.notEqual(env[0], ''); // L865
      JSON.parse(env[0]!); // L870
      // derived from reading health_probe.go:342-345: the pod exactly, and the env value
      assert.deepEqual(out, {
        metadata: { annotations: REWRITE },
        spec: {
          containers: [
            { name: 'app', readinessProbe: { httpGet: { path: '/app-health/app/readyz', port: 15020 } } },
            { name: DEFAULT_PROXY, env: [{ name: KUBE_APP_PROBERS_ENV, value: ENV_VALUE }] },
          ],
        },
      });
    });
    it(`${GO}:880 "with sidecar but no probes - only rewrite applied" (HP-43)`, () => {
      const pod = {
        metadata: { annotations: REWRITE },
        spec: { containers: [{ name: 'app' }, { name: DEFAULT_PROXY }] },
      };
      assert.deepEqual(probersEnv(rewritten(pod).spec.containers[1]), []); // L903
      // derived from reading health_probe.go:342: nothing else changes either
      assert.deepEqual(rewritten(pod), pod);
    });
    it(`${GO}:909 "sidecar as init container" (HP-44)`, () => {
      const pod = {
        metadata: { annotations: REWRITE },
        spec: { initContainers: [{ name: 'app', readinessProbe: readiness }, { name: DEFAULT_PROXY }] },
      };
      const out = rewritten(pod);
      assert.equal(out.spec.initContainers[0].readinessProbe.httpGet.path, '/app-health/app/readyz'); // L940
      assert.equal(probersEnv(out.spec.initContainers[1]).length, 1); // L952
      // derived from reading health_probe.go:42-47, 343
      assert.deepEqual(probersEnv(out.spec.initContainers[1]), [ENV_VALUE]);
      assert.equal(out.spec.containers, undefined);
    });
    it(`${GO}:957 "annotation disables rewrite" (HP-45)`, () => {
      const pod = {
        metadata: { annotations: { [HEALTH_PROBE_REWRITE_ANNOTATION]: 'false' } },
        spec: { containers: [{ name: 'app', readinessProbe: readiness }, { name: DEFAULT_PROXY }] },
      };
      const out = rewritten(pod);
      assert.equal(out.spec.containers[0].readinessProbe.httpGet.path, '/health'); // L990
      assert.equal(out.spec.containers[0].readinessProbe.httpGet.port, 8080); // L993
      assert.deepEqual(probersEnv(out.spec.containers[1]), []); // L1000
      // derived from reading health_probe.go:329: only the exact string "true" enables it
      for (const value of ['false', 'True', 'TRUE', '1', ' true', '']) {
        const other = { ...pod, metadata: { annotations: { [HEALTH_PROBE_REWRITE_ANNOTATION]: value } } };
        assert.deepEqual(rewritten(other), other, value);
      }
    });
  });

  describe('TestKubeProbeToInternalProber (L1007-1061): kubeProbeToInternalProber, and its JSON', () => {
    it(`${GO}:1008 "nil probe" (HP-46)`, () => {
      assert.equal(subject.probeToProber(undefined), undefined); // L1009
    });
    it(`${GO}:1014 "HTTPGet probe" (HP-47)`, () => {
      const json = subject.probeToProber({ httpGet: { path: '/health', port: 8080 }, timeoutSeconds: 5 });
      const p = prober(json);
      assert.ok(p?.httpGet); // L1022
      assert.equal(p.timeoutSeconds, 5); // L1025
      // derived from reading health_probe.go:141-146
      assert.equal(json, '{"httpGet":{"path":"/health","port":8080},"timeoutSeconds":5}');
    });
    it(`${GO}:1030 "TCPSocket probe" (HP-48)`, () => {
      const json = subject.probeToProber({ tcpSocket: { port: 8080 }, timeoutSeconds: 3 });
      const p = prober(json);
      assert.ok(p?.tcpSocket); // L1038
      assert.equal(p.timeoutSeconds, 3); // L1041
      // derived from reading health_probe.go:141-146
      assert.equal(json, '{"tcpSocket":{"port":8080},"timeoutSeconds":3}');
    });
    it(`${GO}:1046 "GRPC probe" (HP-49)`, () => {
      const json = subject.probeToProber({ grpc: { port: 50051 }, timeoutSeconds: 10 });
      const p = prober(json);
      assert.ok(p?.grpc); // L1054
      assert.equal(p.timeoutSeconds, 10); // L1057
      // derived from reading health_probe.go:141-146 and core/v1 GRPCAction
      assert.equal(json, '{"grpc":{"port":50051,"service":null},"timeoutSeconds":10}');
    });
  });

  describe('TestKubeLifecycleHandlerToInternalProber (L1063-1097): kubeLifecycleHandlerToInternalProber', () => {
    it(`${GO}:1064 "nil handler" (HP-50)`, () => {
      assert.equal(subject.lifecycleToProber(undefined), undefined); // L1065
    });
    it(`${GO}:1070 "HTTPGet handler" (HP-51)`, () => {
      const json = subject.lifecycleToProber({ httpGet: { path: '/shutdown', port: 8080 } });
      assert.ok(prober(json)?.httpGet); // L1075
      // derived from reading health_probe.go:304-308: no timeout for a hook
      assert.equal(json, '{"httpGet":{"path":"/shutdown","port":8080}}');
    });
    it(`${GO}:1080 "TCPSocket handler" (HP-52)`, () => {
      assert.ok(prober(subject.lifecycleToProber({ tcpSocket: { port: 8080 } }))?.tcpSocket); // L1085
    });
    it(`${GO}:1090 "empty handler" (HP-53)`, () => {
      assert.equal(subject.lifecycleToProber({}), undefined); // L1093
    });
  });

  describe('TestAllContainers (L1099-1119): allContainers', () => {
    it(`${GO}:1099 "TestAllContainers" (HP-54)`, () => {
      const spec = { initContainers: [{ name: 'init-1' }, { name: 'init-2' }], containers: [{ name: 'app' }] };
      const names = subject.allContainers(spec);
      assert.equal(names.length, 3); // L1108
      assert.deepEqual(names.slice(0, 2), ['init-1', 'init-2']); // L1113
      assert.equal(names[2], 'app'); // L1116
    });
  });

  describe('derived from reading health_probe.go (not in the Go tests)', () => {
    const pod = (containers: Obj[], annotations: Obj = REWRITE, initContainers?: Obj[]) => ({
      metadata: { annotations },
      spec: { containers, ...(initContainers ? { initContainers } : {}) },
    });
    const envOf = (template: Obj, list: 'containers' | 'initContainers', index: number) =>
      probersEnv((rewritten(template).spec[list] as Obj[])[index]!);

    it('health_probe.go:332-335: the sidecar-proxy annotation names the proxy; istio-proxy is then an app container', () => {
      const template = pod(
        [
          { name: DEFAULT_PROXY, readinessProbe: { tcpSocket: { port: 15000 } } },
          { name: 'traffic-proxy', readinessProbe: { httpGet: { path: '/p', port: 1 } } },
        ],
        { ...REWRITE, [SIDECAR_PROXY_ANNOTATION]: 'traffic-proxy' },
      );
      const out = rewritten(template);
      assert.deepEqual(probersEnv(out.spec.containers[1]), [
        '{"/app-health/istio-proxy/readyz":{"tcpSocket":{"port":15000}}}',
      ]);
      assert.deepEqual(out.spec.containers[0].readinessProbe, {
        httpGet: { path: '/app-health/istio-proxy/readyz', port: 15020 },
      });
      assert.deepEqual(out.spec.containers[1].readinessProbe, { httpGet: { path: '/p', port: 1 } });
      // An empty name means istio-proxy.
      const empty = rewritten({
        ...template,
        metadata: { annotations: { ...REWRITE, [SIDECAR_PROXY_ANNOTATION]: '' } },
      });
      assert.deepEqual(probersEnv(empty.spec.containers[0]), [
        '{"/app-health/traffic-proxy/readyz":{"httpGet":{"path":"/p","port":1}}}',
      ]);
      assert.deepEqual(empty.spec.containers[1].readinessProbe, {
        httpGet: { path: '/app-health/traffic-proxy/readyz', port: 15020 },
      });
    });

    it('health_probe.go:343: the env is appended even when the proxy already has one of that name', () => {
      const template = pod([
        { name: 'app', readinessProbe: { httpGet: { port: 80 } } },
        { name: DEFAULT_PROXY, env: [{ name: KUBE_APP_PROBERS_ENV, value: 'old' }] },
      ]);
      assert.deepEqual(envOf(template, 'containers', 1), ['old', '{"/app-health/app/readyz":{"httpGet":{"port":80}}}']);
    });

    it('health_probe.go:37-47: the proxy in containers wins over one in initContainers; both are skipped', () => {
      const probe = { httpGet: { path: '/x', port: 80 } };
      const template = pod([{ name: DEFAULT_PROXY, readinessProbe: probe }], REWRITE, [
        { name: DEFAULT_PROXY, readinessProbe: probe },
        { name: 'init', startupProbe: probe },
      ]);
      const out = rewritten(template);
      assert.deepEqual(probersEnv(out.spec.containers[0]), [
        '{"/app-health/init/startupz":{"httpGet":{"path":"/x","port":80}}}',
      ]);
      assert.deepEqual(probersEnv(out.spec.initContainers[0]), []);
      assert.deepEqual(out.spec.initContainers[0].readinessProbe, probe);
    });

    it('health_probe.go:216: Go json.Marshal: HTML escaping, U+2028/9, control characters, headers, host, HTTPS kept', () => {
      const template = pod([
        {
          name: 'app',
          readinessProbe: {
            httpGet: {
              scheme: 'HTTPS',
              httpHeaders: [{ name: 'X-A', value: 'a<b>&c\u2028\u2029"\\\n\t\b\f\u0001\u007fé' }, {}],
              host: 'h',
              port: 8443,
              path: '/r?a=1&b=2',
            },
            timeoutSeconds: 2,
            periodSeconds: 9,
          },
          livenessProbe: { httpGet: { port: 80, httpHeaders: [] }, timeoutSeconds: 0 },
          startupProbe: { grpc: { port: 9, service: 'svc' } },
        },
        { name: DEFAULT_PROXY },
      ]);
      assert.deepEqual(envOf(template, 'containers', 1), [
        '{"/app-health/app/livez":{"httpGet":{"port":80}},' +
          '"/app-health/app/readyz":{"httpGet":{"path":"/r?a=1\\u0026b=2","port":8443,"host":"h","scheme":"HTTPS",' +
          '"httpHeaders":[{"name":"X-A","value":"a\\u003cb\\u003e\\u0026c\\u2028\\u2029\\"\\\\\\n\\t\\b\\f\\u0001\u007fé"},' +
          '{"name":"","value":""}]},"timeoutSeconds":2},' +
          '"/app-health/app/startupz":{"grpc":{"port":9,"service":"svc"}}}',
      ]);
      // The rewrite keeps host, headers and the other fields, and turns HTTPS into HTTP.
      const readiness = rewritten(template).spec.containers[0].readinessProbe;
      assert.equal(readiness.httpGet.scheme, 'HTTP');
      assert.equal(readiness.httpGet.host, 'h');
      assert.equal(readiness.periodSeconds, 9);
      assert.equal(readiness.timeoutSeconds, 2);
    });

    it('health_probe.go:216: names Go would only see with U+FFFD (lone surrogates) are one key, written raw', () => {
      const probe = (port: number) => ({ httpGet: { port } });
      const template = pod([
        { name: '\ud800', readinessProbe: probe(1) },
        { name: '\udc00', readinessProbe: probe(2) },
        { name: DEFAULT_PROXY },
      ]);
      assert.deepEqual(envOf(template, 'containers', 2), ['{"/app-health/\ufffd/readyz":{"httpGet":{"port":2}}}']);
    });

    it('health_probe.go:216: map keys in the order of their UTF-8 bytes (U+FF21 before U+1F600)', () => {
      const probe = (port: number) => ({ httpGet: { port } });
      const template = pod([
        { name: '\u{1F600}', readinessProbe: probe(1) },
        { name: '\uFF21', readinessProbe: probe(2) },
        { name: DEFAULT_PROXY },
      ]);
      assert.deepEqual(envOf(template, 'containers', 2), [
        '{"/app-health/\uFF21/readyz":{"httpGet":{"port":2}},"/app-health/\u{1F600}/readyz":{"httpGet":{"port":1}}}',
      ]);
    });

    it('health_probe.go:171-180: named ports resolve (the later of two wins, even to 15020); "15020" is a name', () => {
      const template = pod([
        {
          name: 'app',
          ports: [{ name: 'web', containerPort: 1 }, { containerPort: 2 }, { name: 'web', containerPort: 15020 }],
          readinessProbe: { httpGet: { port: 'web' } },
          livenessProbe: { tcpSocket: { port: '15020' } },
          startupProbe: { tcpSocket: { port: 15020 } },
          lifecycle: { preStop: { tcpSocket: { port: 'web', host: 'h' } }, postStart: { exec: { command: ['x'] } } },
        },
        { name: DEFAULT_PROXY },
      ]);
      assert.deepEqual(envOf(template, 'containers', 1), [
        '{"/app-health/app/readyz":{"httpGet":{"port":15020}},"/app-lifecycle/app/prestopz":{"tcpSocket":{"port":15020,"host":"h"}}}',
      ]);
      const c = rewritten(template).spec.containers[0];
      assert.deepEqual(c.livenessProbe, { httpGet: { path: '/app-health/app/livez', port: 15020 } });
      assert.deepEqual(c.startupProbe, { httpGet: { path: '/app-health/app/startupz', port: 15020 } });
      assert.deepEqual(c.lifecycle.postStart, { exec: { command: ['x'] } });
    });

    it('health_probe.go:54-60: httpGet, then tcpSocket, then grpc; the others of a probe are kept', () => {
      const template = pod([
        {
          name: 'app',
          readinessProbe: { grpc: { port: 1 }, httpGet: { port: 2 } },
          livenessProbe: { tcpSocket: null, grpc: { port: 3 } },
        },
        { name: DEFAULT_PROXY },
      ]);
      const c = rewritten(template).spec.containers[0];
      assert.deepEqual(c.readinessProbe, {
        grpc: { port: 1 },
        httpGet: { path: '/app-health/app/readyz', port: 15020 },
      });
      // The function keeps the null as YAML gave it; to Go it is a nil pointer, as if absent.
      assert.deepEqual(withoutNulls(c.livenessProbe), { httpGet: { path: '/app-health/app/livez', port: 15020 } });
    });

    it('is a fixed point: a rewritten pod is not changed by a second rewrite (property, 200 runs)', function () {
      checkProperty(
        this,
        [arbitraryTemplate],
        (template) => {
          const once = rewritten(template);
          assert.deepEqual(rewritten(once), once);
          // Evidence: a pod the first rewrite changed.
          return healthProbeRewrite(template).length > 0;
        },
        { runs: 200, floor: 90 },
      );
    });
  });
}

describe(`conformance: traffic-proxy/${GO}, the function's rewrite as edits (src/runtimes/health-probe.ts)`, () => {
  const pod = (containers: Obj[], annotations: Obj = REWRITE) => ({ metadata: { annotations }, spec: { containers } });

  it('health_probe.go:342-345: the edits, "set" only where a value changes', () => {
    const readiness = { httpGet: { path: '/health', port: 8080 } };
    assert.deepEqual(healthProbeRewrite(pod([{ name: 'app', readinessProbe: readiness }, { name: DEFAULT_PROXY }])), [
      {
        op: 'append',
        path: ['spec', 'containers', 1, 'env'],
        value: [
          {
            name: KUBE_APP_PROBERS_ENV,
            value: '{"/app-health/app/readyz":{"httpGet":{"path":"/health","port":8080}}}',
          },
        ],
      },
      {
        op: 'set',
        path: ['spec', 'containers', 0, 'readinessProbe'],
        value: { httpGet: { path: '/app-health/app/readyz', port: 15020 } },
      },
    ]);
    // No proxy, or nothing to hand over: no edits.
    assert.deepEqual(healthProbeRewrite(pod([{ name: 'app', readinessProbe: readiness }])), []);
    assert.deepEqual(healthProbeRewrite(pod([{ name: 'app' }, { name: DEFAULT_PROXY }])), []);
  });

  it('health_probe.go:329: an annotation that is not a string (YAML true) is not "true"', () => {
    const template = pod([{ name: 'app', readinessProbe: { tcpSocket: { port: 80 } } }, { name: DEFAULT_PROXY }], {
      [HEALTH_PROBE_REWRITE_ANNOTATION]: true,
    });
    assert.deepEqual(healthProbeRewrite(template), []);
  });

  const rewritten = (template: ProbeTemplate): Obj => HEALTH_PROBE_SUBJECTS[0]!.rewrite(template as Obj);

  it('applyHealthProbeRewrite makes the edits through a PodTemplate, probes first, and the snapshot is not changed', () => {
    const template = pod([{ name: 'app', readinessProbe: { tcpSocket: { port: 80 } } }, { name: DEFAULT_PROXY }]);
    const before = structuredClone(template);
    const edits = healthProbeRewrite(template);
    assert.deepEqual(template, before);
    const working = structuredClone(template) as Obj;
    const made: ProbeEdit[] = [];
    applyHealthProbeRewrite(plainPodTemplate(working, made), { probeDefaults: false });
    assert.deepEqual(made, [...edits.filter((e) => e.op === 'set'), ...edits.filter((e) => e.op === 'append')]);
    assert.deepEqual(working, rewritten(template));
  });

  it('serialises the probes a webhook defaulted, for a kind that has one, and rewrites them alike', () => {
    // derived from reading health_probe.go:342 and pkg/utils/defaults/pod.go:89-119: the controller
    // reads the SandboxSet's template after its webhook set the probe defaults.
    const template = pod([{ name: 'app', readinessProbe: { httpGet: { port: 80 } } }, { name: DEFAULT_PROXY }]);
    const working = structuredClone(template) as Obj;
    applyHealthProbeRewrite(new PlainEditor(working), { probeDefaults: true });
    assert.deepEqual(probersEnv(working.spec.containers[1]), [
      '{"/app-health/app/readyz":{"httpGet":{"path":"/","port":80,"scheme":"HTTP"},"timeoutSeconds":1}}',
    ]);
    assert.deepEqual(working.spec.containers[0], rewritten(template).spec.containers[0]);
  });

  it('is a fixed point: a rewritten pod gets no further edits (property, 200 runs)', function () {
    checkProperty(
      this,
      [arbitraryTemplate],
      (template) => {
        const once = rewritten(template) as ProbeTemplate;
        assert.deepEqual(healthProbeRewrite(once), []);
        // Evidence: a pod the first rewrite changed.
        return healthProbeRewrite(template).length > 0;
      },
      { runs: 200, floor: 90 },
    );
  });
});

/** A PodTemplate over plain data that records what is done to it as ProbeEdits. */
function plainPodTemplate(root: Obj, made: ProbeEdit[]): PodTemplate {
  const get = (path: Path): unknown => path.reduce((node: any, key) => node?.[key], root);
  const parent = (path: Path): Obj => {
    let node = root;
    for (const key of path.slice(0, -1)) node = node[key] ??= {};
    return node;
  };
  return {
    get,
    list: (path) => (Array.isArray(get(path)) ? (get(path) as PodObject[]) : []),
    append(path, values) {
      made.push({ op: 'append', path, value: [...values] });
      const at = parent(path);
      const last = path[path.length - 1]!;
      at[last] = [...(Array.isArray(at[last]) ? at[last] : []), ...values];
    },
    prepend() {
      throw new Error('the rewrite never prepends');
    },
    set(path, value) {
      made.push({ op: 'set', path, value });
      parent(path)[path[path.length - 1]!] = value;
    },
  };
}

const port = fc.oneof(
  fc.constantFrom(80, 8080, 15020, 0),
  fc.constantFrom('http', 'grpc', 'unknown', '15020'),
  fc.constant(undefined),
);
const httpGet = fc.record(
  {
    path: fc.constantFrom('/', '/h', '/app-health/app/readyz'),
    port,
    scheme: fc.constantFrom('HTTP', 'HTTPS', 'ws'),
    host: fc.constantFrom('h', ''),
    httpHeaders: fc.constant([{ name: 'A', value: '<&>' }]),
  },
  { requiredKeys: [] },
);
const tcpSocket = fc.record({ port, host: fc.constant('h') }, { requiredKeys: [] });
const grpc = fc.record(
  { port: fc.constantFrom(1, 15020), service: fc.constantFrom('s', undefined) },
  { requiredKeys: [] },
);
const handler = (withGrpc: boolean) =>
  fc
    .record(
      {
        httpGet: fc.option(httpGet),
        tcpSocket: fc.option(tcpSocket),
        grpc: withGrpc ? fc.option(grpc) : fc.constant(undefined),
        exec: fc.option(fc.constant({ command: ['true'] })),
        sleep: withGrpc ? fc.constant(undefined) : fc.option(fc.constant({ seconds: 1 })),
        timeoutSeconds: withGrpc ? fc.constantFrom(0, 1, 5) : fc.constant(undefined),
        periodSeconds: fc.constantFrom(undefined, 10),
      },
      { requiredKeys: [] },
    )
    .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)));
const containerName = fc.constantFrom('app', 'web', 'init', DEFAULT_PROXY, 'traffic-proxy', 'a<b');
const arbitraryContainer = fc
  .record(
    {
      name: containerName,
      ports: fc.array(
        fc.record({ name: fc.constantFrom('http', 'grpc', ''), containerPort: fc.constantFrom(8080, 15020) }),
        { maxLength: 3 },
      ),
      env: fc.constant([{ name: 'X', value: 'y' }]),
      readinessProbe: handler(true),
      livenessProbe: handler(true),
      startupProbe: handler(true),
      lifecycle: fc.record({ preStop: handler(false), postStart: handler(false) }, { requiredKeys: [] }),
    },
    { requiredKeys: ['name'] },
  )
  .map((c) => c as Obj);
/** Pods that mostly ask for the rewrite and mostly have the proxy they name, in either list. */
const arbitraryTemplate: fc.Arbitrary<Obj> = fc
  .record({
    rewrite: fc.constantFrom('true', 'true', 'true', 'false'),
    proxy: fc.constantFrom(undefined, '', 'traffic-proxy', DEFAULT_PROXY),
    proxyIn: fc.constantFrom('containers', 'initContainers', 'containers', 'none'),
    containers: fc.array(arbitraryContainer, { maxLength: 4 }),
    initContainers: fc.array(arbitraryContainer, { maxLength: 3 }),
  })
  .map(({ rewrite, proxy, proxyIn, ...spec }) => {
    const annotations: Obj = { [HEALTH_PROBE_REWRITE_ANNOTATION]: rewrite };
    if (proxy !== undefined) annotations[SIDECAR_PROXY_ANNOTATION] = proxy;
    if (proxyIn !== 'none') spec[proxyIn as 'containers'].push({ name: proxy || DEFAULT_PROXY });
    return { metadata: { annotations }, spec };
  });
