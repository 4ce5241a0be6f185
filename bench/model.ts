// A micro-benchmark of the reference model (src/reference/), which judges the live-pod law for every
// distinct view a run plans (docs/live-pod.md, "What it costs"): the W1 workload's 1,000 SandboxSets
// (bench/workloads.mjs), their entries the ack profile's built-in ones with W1's regionId, decoded once by
// one ControllerModel, as a run would. It times podFor per Pod, and podDifference per pair of Pods (the law
// compares the Pod from the input with the Pod from the output). Run with `npx tsx bench/model.ts`
// (ROUNDS=n for more rounds); it prints medians in microseconds.
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { ControllerModel, podDifference, type ModelledPod } from '../src/reference/model.js';
import { RUNTIMES } from '../src/runtimes/table.js';

// The workloads are plain JavaScript, shared with bench/run.mjs.
const { resourceList, WORKLOADS }: { resourceList: (items: string[]) => string; WORKLOADS: { W1: () => string[] } } =
  await import(new URL('./workloads.mjs', import.meta.url).href);

interface Item {
  kind: string;
  spec?: { runtimes?: { name: string }[]; template?: unknown };
}

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const REGION = 'cn-hangzhou';

const items = (parse(resourceList(WORKLOADS.W1())) as { items: Item[] }).items;
const sets = items.filter((i) => i.kind === 'SandboxSet');
const runtimes = [...new Set(sets.flatMap((s) => (s.spec?.runtimes ?? []).map((r) => r.name)))];
const data = Object.fromEntries(
  runtimes.map((name) => [name, JSON.stringify(RUNTIMES.defaultEntry(name, 'ack')).split('<region-id>').join(REGION)]),
);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** One round: a fresh model (its entries decoded once), a Pod per SandboxSet, then each Pod compared with itself. */
function round(): { podFor: number; difference: number } {
  const started = performance.now();
  const model = new ControllerModel(data);
  const pods: ModelledPod[] = [];
  for (const set of sets) {
    const built = model.podFor({
      template: set.spec?.template,
      runtimes: (set.spec?.runtimes ?? []).map((r) => r.name),
      defaulting: 'sandboxset',
    });
    if (!built.ok) throw new Error(`the model fails on the workload: ${built.error.message}`);
    pods.push(built.value);
  }
  const built = performance.now();
  for (const pod of pods)
    if (podDifference(pod.pod, pod.pod) !== undefined) throw new Error('a Pod differs from itself');
  const compared = performance.now();
  return { podFor: ((built - started) * 1000) / sets.length, difference: ((compared - built) * 1000) / sets.length };
}

for (let i = 0; i < 3; i++) round(); // warm-up
const samples = Array.from({ length: ROUNDS }, round);
const podFor = median(samples.map((s) => s.podFor));
const difference = median(samples.map((s) => s.difference));
console.log(`W1: ${sets.length} SandboxSets declaring ${runtimes.join(', ')}; medians of ${ROUNDS} rounds`);
console.log(`  podFor:        ${podFor.toFixed(1)} µs per Pod`);
console.log(`  podDifference: ${difference.toFixed(1)} µs per pair of Pods`);
const law = 2 * podFor + difference;
console.log(
  `  the law per SandboxSet (two Pods, one comparison): ${law.toFixed(1)} µs; ` +
    `for W1's ${sets.length}: ${((law * sets.length) / 1000).toFixed(0)} ms`,
);
