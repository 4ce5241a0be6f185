// Every change a plan makes is at a place its runtime's unit declares (RuntimeUnit.writes): the status
// record may name those places only (src/provenance/record.ts), so a unit that wrote elsewhere would have
// its own records refused. Checked over generated Sandboxes, with the probe rewrite asked for.
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Path } from '../../src/base/data.js';
import { decodeFunctionConfig } from '../../src/config/functionConfig.js';
import { Resolver } from '../../src/config/sources.js';
import { planResource } from '../../src/plan/planner.js';
import { subjectOf } from '../../src/read/metadata.js';
import { RUNTIMES } from '../../src/runtimes/table.js';
import { ANY_INDEX, ANY_KEY, type Place } from '../../src/runtimes/unit.js';
import { CONFIG as BASE_CONFIG, liveSandbox, TEST_KINDS } from '../helpers/arbitraries.js';
import { checkProperty } from '../helpers/property.js';

// The arbitraries' config, with the probe rewrite asked for and the live-pod law's custom runtime.
const CONFIG = BASE_CONFIG.replace('spec:\n', 'spec:\n  expandTrafficProxy: true\n').replace(
  '  injectionConfig:\n',
  '  injectionConfig:\n    metrics: {initContainers: [{name: metrics-init, image: m:v1}], volume: [{name: metrics, emptyDir: {}}]}\n',
);

const OPS = { append: 'append', prepend: 'prepend', set: 'set' } as const;

function atPlace(path: Path, place: Place): boolean {
  return (
    path.length === place.path.length &&
    place.path.every((wanted, i) =>
      wanted === ANY_KEY
        ? typeof path[i] === 'string'
        : wanted === ANY_INDEX
          ? typeof path[i] === 'number'
          : wanted === path[i],
    )
  );
}

describe('runtimes/places', () => {
  const decoded = decodeFunctionConfig(parse(CONFIG));
  assert.ok(decoded.ok);
  const created = Resolver.create(decoded.value, []);
  assert.ok(created.ok);
  const view = created.value.forPlanning();

  it('every change a runtime makes is at a place its unit declares, made as declared', function () {
    let rewrites = 0;
    checkProperty(
      this,
      // (Kinds whose runtimes are expanded: the others make no plan.)
      [liveSandbox.filter((s) => s.kind.role === 'expand')],
      (s) => {
        const object = {
          apiVersion: 'agents.kruise.io/v1alpha1',
          kind: s.kind.kind,
          metadata: { name: 'x' },
          spec: s.spec,
        };
        const template = s.kind.podTemplate;
        const plan = planResource(structuredClone(object), view, subjectOf(object), TEST_KINDS);
        let made = 0;
        for (const change of plan.changes) {
          const runtime = plan.madeBy.get(change);
          if (!runtime) continue; // the resource's own: its spec.runtimes
          made++;
          if (runtime === 'traffic-proxy' && change.op === 'set') rewrites++;
          const path = change.path.slice(template.length);
          const places = RUNTIMES.unitFor(runtime).writes.filter((p) => p.op === OPS[change.op as keyof typeof OPS]);
          assert.ok(
            places.some((place) => atPlace(path, place)),
            `${runtime} ${change.op}s at ${JSON.stringify(path)}, which its unit does not declare`,
          );
        }
        return made > 0;
      },
      { runs: 300, floor: 90 },
    );
    // The probe rewrite's places are the ones only generated input reaches.
    assert.ok(rewrites >= 20, `only ${rewrites} probe rewrites were checked`);
  });
});
