// traffic-proxy: a runtime of the generic kind, but the controller also rewrites health probes when it
// injects it, and keys its CA-bundle injection on the declaration, so the function leaves it declared
// for the controller (docs/expansion.md).
import { expandGeneric, GENERIC_FIELDS, genericConflict } from './generic.js';
import openkruise from './profiles/openkruise.json' with { type: 'json' };
import type { RuntimeUnit } from './unit.js';

export const trafficProxy: RuntimeUnit = {
  name: 'traffic-proxy',
  order: 'declared',
  fields: GENERIC_FIELDS,
  // The ACK add-on has no traffic-proxy entry of its own; the OpenKruise chart has.
  defaults: { openkruise: openkruise.entries['traffic-proxy'] },
  conflict: genericConflict,
  leftForController: 'the controller also rewrites health probes at pod creation',
  expand: expandGeneric,
};
