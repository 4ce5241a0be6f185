// traffic-proxy: a runtime of the generic kind, but once every runtime is in, the controller rewrites
// the pod's health probes to go through the proxy (./health-probe.ts), and it keys its CA-bundle
// injection on the declaration. So the function leaves it declared for the controller, unless
// expandTrafficProxy asks for it here (docs/expansion.md).
import { expandGeneric, GENERIC_FIELDS, GENERIC_PLACES, genericConflict } from './generic.js';
import { applyHealthProbeRewrite, PROBE_REWRITE_PLACES } from './health-probe.js';
import type { RuntimeUnit } from './unit.js';

export const trafficProxy: RuntimeUnit = {
  name: 'traffic-proxy',
  order: 'declared',
  fields: GENERIC_FIELDS,
  conflict: genericConflict,
  leftForController: {
    why:
      'the controller also rewrites health probes at pod creation, and keys its CA-bundle injection on the ' +
      'declaration',
    unless: 'expandTrafficProxy',
    lost: "the controller's CA-bundle injection, keyed on its declaration, no longer happens for this resource",
  },
  writes: [...GENERIC_PLACES, ...PROBE_REWRITE_PLACES],
  expand: expandGeneric,
  afterAll: applyHealthProbeRewrite,
};
