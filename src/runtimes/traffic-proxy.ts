// traffic-proxy: a runtime of the generic kind, but once every runtime is in, the controller rewrites
// the pod's health probes to go through the proxy (traffic-proxy/health_probe.go), and it keys its
// CA-bundle injection on the declaration. So the function leaves it declared for the controller,
// unless expandTrafficProxy asks for it here (docs/expansion.md).
import { copyData } from '../base/data.js';
import { expandGeneric, GENERIC_FIELDS, GENERIC_PLACES, genericConflict } from './generic.js';
import { healthProbeRewrite, PROBE_REWRITE_PLACES, probeTemplateOf, type ProbeTemplate } from './health-probe.js';
import type { PodTemplate } from './pod.js';
import openkruise from './profiles/openkruise.json' with { type: 'json' };
import type { RuntimeUnit } from './unit.js';

export const trafficProxy: RuntimeUnit = {
  name: 'traffic-proxy',
  order: 'declared',
  fields: GENERIC_FIELDS,
  // The ACK add-on has no traffic-proxy entry of its own; the OpenKruise chart has.
  defaults: { openkruise: openkruise.entries['traffic-proxy'] },
  conflict: genericConflict,
  leftForController:
    'the controller also rewrites health probes at pod creation, and keys its CA-bundle injection on the declaration',
  writes: [...GENERIC_PLACES, ...PROBE_REWRITE_PLACES],
  expand: expandGeneric,
  afterAll: rewriteHealthProbes,
};

/**
 * The controller's probe rewrite. Where an admission webhook defaults the template's probes first, the
 * probes the controller serialises into ISTIO_KUBE_APP_PROBERS are the defaulted ones; the rest of the
 * rewrite commutes with that defaulting (the API server defaults the Pod alike either way).
 */
function rewriteHealthProbes(pod: PodTemplate, kind: { probeDefaults: boolean }): void {
  const template = probeTemplateOf(pod);
  const edits = healthProbeRewrite(template);
  const envEdits = kind.probeDefaults ? healthProbeRewrite(withProbeDefaults(template)) : edits;
  for (const edit of edits) if (edit.op === 'set') pod.set(edit.path, edit.value);
  for (const edit of envEdits) if (edit.op === 'append') pod.append(edit.path, edit.value as unknown[]);
}

const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'] as const;
type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A copy with the probe defaults the admission webhook sets (pkg/utils/defaults/pod.go:89-119, with
 * Kubernetes' SetDefaults_Probe and SetDefaults_HTTPGetAction): a probe's timeout, period and
 * thresholds, and an HTTP GET's path and scheme, in probes and lifecycle hooks alike.
 */
export function withProbeDefaults(template: ProbeTemplate): ProbeTemplate {
  const copy = copyData(template);
  const httpGet = (handler: unknown) => {
    if (!isObj(handler) || !isObj(handler.httpGet)) return;
    handler.httpGet.path ||= '/';
    handler.httpGet.scheme ||= 'HTTP';
  };
  for (const container of [...(copy.spec?.containers ?? []), ...(copy.spec?.initContainers ?? [])]) {
    if (!isObj(container)) continue;
    for (const key of PROBES) {
      const probe = container[key];
      if (!isObj(probe)) continue;
      probe.timeoutSeconds ||= 1;
      probe.periodSeconds ||= 10;
      probe.successThreshold ||= 1;
      probe.failureThreshold ||= 3;
      httpGet(probe);
    }
    if (isObj(container.lifecycle)) {
      httpGet(container.lifecycle.postStart);
      httpGet(container.lifecycle.preStop);
    }
  }
  return copy;
}
