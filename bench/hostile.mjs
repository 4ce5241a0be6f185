// The hostile workload (issue 17 item 6): one input per class of input that once hung the function
// or crashed it. Each case gives its stdin, and the config file it is run with (a ResourceList carries
// its own). test/hostile.test.ts runs smaller ones; bench/run.mjs times these against the naive round
// trip.

/** A config file that sets the region, for the built-in csi entry. */
export const REGION_CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: function-input
data:
  regionId: cn-hangzhou
`;

const sandbox = (name) => `apiVersion: agents.kruise.io/v1alpha1
kind: Sandbox
metadata:
  name: ${name}
spec:
  runtimes:
  - name: csi
  template:
    spec:
      containers:
      - name: main
        image: main:v1
`;

/** A Sandbox declaring runtimes, as the one item of a ResourceList with a SandboxRuntimeInjection. */
const declaring = (runtimes, spec) =>
  `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n` +
  sandbox('many')
    .replace('  - name: csi\n', runtimes.map((name) => `  - name: ${name}\n`).join(''))
    .replace(/^(?=.)/gm, '  ')
    .replace(/^ {2}/, '- ') +
  `functionConfig:\n  apiVersion: fn.sandbox-inject.dev/v1alpha1\n  kind: SandboxRuntimeInjection\n` +
  `  metadata: {name: hostile}\n  spec:\n${spec}`;

/** Blank lines before a document marker (an exponential regex once ran on them: 30 took minutes). */
export const blankLines = (lines) => '\n'.repeat(lines) + '---\n' + sandbox('after-blank-lines');

/**
 * Whitespace-only lines in items whose text was searched line by line by regexes that were quadratic
 * (`^\\s*kind:` and the like): one named as the config source but no ConfigMap, and a Sandbox.
 */
export function kindLines(lines) {
  const blank = '\t\n'.repeat(lines);
  return (
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: sandbox-injection-config\n${blank}data: {}\n---\n` +
    sandbox('blank-lines-inside').replace('spec:\n', `${blank}spec:\n`)
  );
}

/** A Sandbox in minified JSON, with many labels (once quadratic: 119 KB took 21 s). */
export function minifiedJson(labels) {
  const many = Object.fromEntries(Array.from({ length: labels }, (_, i) => [`label-${i}`, `value-${i}`]));
  const template = { spec: { containers: [{ name: 'main', image: 'main:v1' }] } };
  const object = {
    apiVersion: 'agents.kruise.io/v1alpha1',
    kind: 'Sandbox',
    metadata: { name: 'minified', labels: many },
    spec: { runtimes: [{ name: 'csi' }], template },
  };
  return JSON.stringify(object) + '\n';
}

/**
 * One large anchor aliased many times in a Sandbox's pod template, which the planner reads, within the
 * alias count yaml allows: a string, or a mapping (once an internal error, and all output lost; with
 * a mapping, an out-of-memory crash).
 */
export function aliases(size, count, mapping) {
  const keys = Array.from({ length: size / 20 }, (_, i) => `k${i}: v${String(i).padStart(12, '0')}`);
  const anchor = mapping ? `&big {${keys.join(', ')}}` : `&big ${'x'.repeat(size)}`;
  const refs = Array.from({ length: count }, (_, i) => `        a${i}: *big`).join('\n');
  const annotations = `  template:\n    metadata:\n      annotations:\n        big: ${anchor}\n${refs}\n`;
  return (
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: innocent\ndata:\n  keep: me\n---\n` +
    sandbox('aliased').replace('  template:\n', annotations)
  );
}

/** Block mappings nested deeper than the parser follows, in a Sandbox (once an internal error). */
export function deepNesting(depth) {
  let nested = '';
  for (let i = 0; i < depth; i++) nested += `${' '.repeat(i + 4)}k${i}:\n`;
  return sandbox('deep').replace('metadata:\n', `metadata:\n  annotations:\n    deep:\n${nested}`);
}

/** Many runtimes, each with an inline entry, declared by one Sandbox (10k once took minutes). */
export function manyRuntimes(count) {
  const names = Array.from({ length: count }, (_, i) => `runtime-${i}`);
  const entries = names.map((n) => `      ${n}: {containers: [{name: ${n}, image: "img:${n}"}]}\n`).join('');
  return declaring(names, `    injectionConfig:\n${entries}`);
}

/**
 * Many runtimes that the planner leaves for the controller after searching for the longest prefix it can
 * expand (once a try per runtime: 2000 took 49 s). Each mounts a volume that traffic-proxy, declared last and
 * left for the controller, brings: no prefix of them is a valid Pod on its own, though the controller's whole
 * Pod is. (Inline entries that differ from the ConfigMap source's did this before; they are refused now.)
 */
export function lawBreaks(count) {
  const names = Array.from({ length: count }, (_, i) => `runtime-${i}`);
  const entry = (n) =>
    `{"containers": [{"name": "${n}", "image": "img", "volumeMounts": [{"name": "shared", "mountPath": "/s"}]}]}`;
  const source = [
    ...names.map((n) => `    ${n}: '${entry(n)}'\n`),
    `    traffic-proxy: '{"containers": [{"name": "istio-proxy", "image": "proxy"}], "volume": [{"name": "shared", "emptyDir": {}}]}'\n`,
  ];
  const configMap =
    `- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: sandbox-injection-config, namespace: sandbox-system}\n` +
    `  data:\n${source.join('')}`;
  return declaring([...names, 'traffic-proxy'], '    defaults: none\n').replace('items:\n', `items:\n${configMap}`);
}

/**
 * Many runtime names without an entry, and many entries of other names: "did you mean" over both (3000
 * × 3000 once took 50 s). Each unknown name is an error in the output, whose writing costs more than
 * the hints: more known names than unknown ones make the most comparisons for the fewest results.
 */
export function didYouMean(unknown, known = unknown) {
  const declared = Array.from({ length: unknown }, (_, i) => `runtime-${i}`);
  const entries = Array.from({ length: known }, (_, i) => `      entry-${i}: null\n`).join('');
  return declaring(declared, `    defaults: none\n    injectionConfig:\n${entries}`);
}

/** The cases at the benchmark's sizes: stdin, and the config file (none where the input carries it). */
export const HOSTILE = {
  'blank-lines': { input: () => blankLines(200000), config: REGION_CONFIG },
  'kind-lines': { input: () => kindLines(200000), config: REGION_CONFIG },
  'minified-json': { input: () => minifiedJson(20000), config: REGION_CONFIG },
  'aliases-string': { input: () => aliases(600000, 990, false), config: REGION_CONFIG },
  'aliases-mapping': { input: () => aliases(600000, 990, true), config: REGION_CONFIG },
  'deep-nesting': { input: () => deepNesting(2000), config: REGION_CONFIG },
  'many-runtimes': { input: () => manyRuntimes(10000) },
  'law-breaks': { input: () => lawBreaks(2000) },
  'did-you-mean': { input: () => didYouMean(1500, 6000) },
};
