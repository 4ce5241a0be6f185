// Sharing plans is sound only if planning reads nothing outside the decoded view (plan/sandbox.ts):
// the shared planner must give every resource the plan planResource gives it alone, for well-formed
// resources and for damaged ones (whose errors quote what they found).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'yaml';
import { decodeFunctionConfig } from '../../src/config/functionConfig.js';
import { Resolver } from '../../src/config/sources.js';
import type { Plan } from '../../src/plan/expand.js';
import { planResource, sharedPlanner } from '../../src/plan/planner.js';
import { subjectOf } from '../../src/read/metadata.js';
import { CONFIG, floorPerKind, item, TEST_KINDS, testKindOf } from '../helpers/arbitraries.js';
import { checkProperty } from '../helpers/property.js';

const decoded = decodeFunctionConfig(parse(CONFIG));
assert.ok(decoded.ok);
const created = Resolver.create(decoded.value, []);
assert.ok(created.ok);
const config = created.value.forPlanning();

// (A date is what a YAML 1.1 timestamp reads as.)
const junk = fc.oneof(
  fc.constant(null),
  fc.constant('x'),
  fc.integer(),
  fc.constant([]),
  fc.constant({}),
  fc.constant([1, 'a']),
  fc.constant({ name: 5 }),
  fc.constant(new Date(0)),
);

/** A resource with one value, anywhere in it, replaced by something of another shape. */
const damaged = fc.tuple(item, fc.nat(), junk).map(([value, at, replacement]) => {
  const copy = structuredClone(value) as Record<string, unknown>;
  const slots: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach((v, i) => (slots.push([node, i]), walk(v)));
    else if (typeof node === 'object' && node !== null)
      for (const [k, v] of Object.entries(node)) {
        slots.push([node as Record<string, unknown>, k]);
        walk(v);
      }
  };
  walk(copy.spec);
  const slot = slots[at % Math.max(slots.length, 1)];
  if (slot) (slot[0] as Record<string | number, unknown>)[slot[1]] = replacement;
  return copy;
});

const plain = (plan: Plan) =>
  JSON.parse(JSON.stringify({ ...plan, madeBy: plan.changes.map((c) => plan.madeBy.get(c)) }));

describe('plan/planner: shared plans', () => {
  it('each resource gets from the shared planner the plan it gets alone', function () {
    checkProperty(
      this,
      [fc.array(fc.oneof(item, damaged), { minLength: 1, maxLength: 4 })],
      (values) => {
        const shared = sharedPlanner(config, TEST_KINDS);
        const planned: string[] = [];
        for (const value of values) {
          const object = value as Record<string, unknown>;
          const subject = subjectOf(object);
          const alone = planResource(structuredClone(object), config, subject, TEST_KINDS);
          assert.deepEqual(plain(shared(structuredClone(object), subject)), plain(alone));
          // Evidence: a plan with something in it (an empty one is shared trivially), by kind.
          if (alone.changes.length > 0 || alone.results.length > 0) planned.push(testKindOf(object)!.kind);
        }
        return planned;
      },
      { runs: 1000, floor: 820, floors: floorPerKind(220, 70) },
    );
  });

  it('resources with equal views share one plan, each with results about itself', () => {
    const plan = sharedPlanner(config);
    const a = {
      apiVersion: 'agents.kruise.io/v1alpha1',
      kind: 'SandboxSet',
      metadata: { name: 'a' },
      spec: {
        runtimes: [{ name: 'csi' }],
        replicas: 1,
        template: { spec: { containers: [{ name: 'main', image: 'one' }] } },
      },
    };
    const b = { ...structuredClone(a), metadata: { name: 'b', namespace: 'team' } };
    b.spec.replicas = 3;
    b.spec.template.spec.containers[0]!.image = 'two';
    const first = plan(a, subjectOf(a));
    const second = plan(b, subjectOf(b));
    assert.equal(second.changes, first.changes, 'the same plan');
    assert.deepEqual(
      second.results.map((r) => r.resourceRef),
      first.results.map(() => subjectOf(b).ref),
    );
    assert.deepEqual(plain(second), plain(planResource(b, config, subjectOf(b))));
  });
});
