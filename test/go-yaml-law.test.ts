// The law of what the function writes: every scalar it emits reads the same in the `yaml` package and in
// Go's YAML reader (gopkg.in/yaml.v3, as kubectl, kustomize and kpt read YAML; test/helpers/go-yaml.ts).
// Generated edge strings (each class of src/base/go-yaml.ts's table, YAML indicators, quotes, `: `, ` #`,
// directives and tags, YAML 1.1 words, blanks and line breaks, very long, empty) are injected through the
// real pipeline as an env value (of the main container and of a sidecar), an image, an argument, a
// label's or an annotation's key or value, a container name where it is one, and an env name (which the
// results then quote), from inline entries and a ConfigMap source, into items written in block or JSON
// style, in a resource of each kind of the kinds table and of a test-only kind at other paths; the
// output, ResourceList results included, must read the same in both readers, and the value must be there
// as it was given (a kind the function only reports must be left as it is).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { ESCAPED_FOR_GO, LONE_SURROGATE } from '../src/base/go-yaml.js';
import { run } from '../src/pipeline.js';
import { floorPerKind, resourceOf, TEST_KINDS, testKind, testKindOf } from './helpers/arbitraries.js';
import { requireBundle } from './helpers/bundle.js';
import { goldenCases } from './helpers/golden.js';
import { readWithGo, readWithYaml, sameRead, type GoRead } from './helpers/go-yaml.js';
import { checkProperty } from './helpers/property.js';

type Obj = Record<string, unknown>;

// Fragments of edge strings, by class; the first three classes are those the function escapes.
const FRAGMENTS = {
  goBreak: ['\u0085', '\u2028', '\u2029', '\r'],
  control: [
    '\0',
    '\x01',
    '\x07',
    '\b',
    '\x0b',
    '\f',
    '\x1b',
    '\x1f',
    '\x7f',
    '\x80',
    '\x9b',
    '\x9f',
    '\ufffe',
    '\uffff',
  ],
  bom: ['\ufeff'],
  blank: [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u3000'],
  indicator: ['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', '\\'],
  syntax: [
    ': ',
    ' #',
    '---',
    '...',
    '- ',
    '? ',
    '!!str ',
    '&a ',
    '*a',
    '%YAML 1.1',
    '%TAG ! x:',
    '<<',
    "''",
    '\\u2028',
  ],
  word: ['yes', 'on', 'off', 'y', 'n', '~', 'null', 'true', '0755', '1e3', '0x1F', '12:30', '2024-01-01', '.inf'],
  text: ['a', 'main', 'x y', 'é', '😀', '\u{10FFFF}', 'securityContext: {privileged: true}', '\n  hostNetwork: true'],
  lone: ['\ud800', '\udfff'],
};
const fragment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS.goBreak) },
  { weight: 2, arbitrary: fc.constantFrom(...FRAGMENTS.control) },
  { weight: 1, arbitrary: fc.constantFrom(...FRAGMENTS.bom) },
  { weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS.blank) },
  { weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS.indicator) },
  { weight: 2, arbitrary: fc.constantFrom(...FRAGMENTS.syntax) },
  { weight: 2, arbitrary: fc.constantFrom(...FRAGMENTS.word) },
  { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS.text) },
  { weight: 1, arbitrary: fc.constantFrom(...FRAGMENTS.lone) },
);
const edge = fc.oneof(
  { weight: 12, arbitrary: fc.array(fragment, { maxLength: 6 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.constant('') },
  // Very long: past yaml's line width and its 1024-character limit for implicit keys.
  {
    weight: 1,
    arbitrary: fc.array(fragment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('').repeat(400)),
  },
);

const TARGETS = [
  'mainEnvValue',
  'envValue',
  'image',
  'arg',
  'labelValue',
  'labelKey',
  'annotationValue',
  'annotationKey',
  'containerName',
  'envName',
] as const;
type Target = (typeof TARGETS)[number];

const edgeCase = fc.record({
  value: edge,
  target: fc.constantFrom(...TARGETS),
  // How the entry comes: inline YAML (JSON flow, with YAML escapes), inline JSON text, a ConfigMap source.
  source: fc.constantFrom('yaml', 'json', 'configMap'),
  layout: fc.constantFrom('ResourceList', 'jsonItem', 'stream'),
  indent: fc.constantFrom(2, 4),
  wide: fc.boolean(),
  // What the template has already: its lists and mappings in block or flow style, or not at all.
  existing: fc.constantFrom('none', 'block', 'flow'),
  kind: testKind,
});
type EdgeCase = typeof edgeCase extends fc.Arbitrary<infer T> ? T : never;

const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/** The entries for the case: agent-runtime's main env, and a generic runtime with the rest. */
function entries(c: EdgeCase): { 'agent-runtime': Obj; edge: Obj } {
  const v = c.value;
  const at = (target: Target, otherwise: string) => (c.target === target ? v : otherwise);
  const edge: Obj = {
    labels: { [at('labelKey', 'edge-label')]: at('labelValue', 'on') },
    annotations: { [at('annotationKey', 'edge.example.com/note')]: at('annotationValue', 'plain') },
    containers: [
      {
        name: c.target === 'containerName' && DNS_LABEL.test(v) ? v : 'edge',
        image: at('image', 'edge:v1'),
        args: ['--flag', at('arg', 'x')],
        env: [{ name: at('envName', 'EDGE'), value: at('envValue', 'v') }],
      },
    ],
  };
  return {
    'agent-runtime': {
      mainContainer: { env: [{ name: 'MAIN_EDGE', value: at('mainEnvValue', 'm') }] },
      csiSidecar: [{ name: 'runtime', image: 'agent-runtime:v1', restartPolicy: 'Always' }],
    },
    edge,
  };
}

const hex = (code: number, width: number) => code.toString(16).padStart(width, '0');
/** JSON text in ASCII, with JSON's escapes: every reader reads it alike, as text. */
const asciiJson = (value: unknown) =>
  JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
/** JSON as a YAML flow collection in ASCII, with YAML's escapes (Go takes no surrogate escapes). */
const asciiYamlFlow = (value: unknown) =>
  JSON.stringify(value).replace(/[^\x20-\x7e]/gu, (c) => {
    const code = c.codePointAt(0)!;
    return code > 0xffff ? `\\U${hex(code, 8)}` : `\\u${hex(code, 4)}`;
  });
const singleQuoted = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** The case's input: its resource, config and ConfigMap source, in its layout. */
function input(c: EdgeCase): { text: string; configText?: string } {
  const pad = (n: number) => ' '.repeat(n * c.indent);
  const dash = (n: number) => (c.wide ? pad(n + 1) : pad(n)) + '- ';
  const items = (n: number) => (c.wide ? pad(n + 1) : pad(n)) + '  ';
  const template: Obj = { spec: { containers: [{ name: 'main', image: 'busybox' }] } };
  if (c.existing !== 'none') {
    template.metadata = { labels: { app: 'demo' } };
    (template.spec as { containers: Obj[] }).containers[0]!.env = [{ name: 'KEEP', value: 'kept' }];
  }
  const runtimes = ['agent-runtime', 'edge'];
  let sandboxText: string;
  if (c.layout === 'jsonItem')
    sandboxText = JSON.stringify(resourceOf(c.kind, 'edge', { runtimes, template, claims: [] }));
  else {
    // The keys of a path under spec, one level each, and the level of its last key.
    const [runtimesAt, templateAt] = [c.kind.runtimes, c.kind.podTemplate];
    assert.notEqual(runtimesAt[1], templateAt[1], 'the runtimes and the pod template part right under spec');
    const keys = (path: readonly (string | number)[]) =>
      path
        .slice(1)
        .map((key, i) => `${pad(i + 1)}${key}:\n`)
        .join('');
    const r = runtimesAt.length - 1;
    const t = templateAt.length - 1;
    const env =
      c.existing === 'flow'
        ? `${pad(t + 4)}env: [{name: KEEP, value: kept}]\n`
        : c.existing === 'block'
          ? `${pad(t + 4)}env:\n${dash(t + 4)}name: KEEP\n${items(t + 4)}value: kept\n`
          : '';
    const labels =
      c.existing === 'flow'
        ? `${pad(t + 1)}metadata:\n${pad(t + 2)}labels: {app: demo}\n`
        : c.existing === 'block'
          ? `${pad(t + 1)}metadata:\n${pad(t + 2)}labels:\n${pad(t + 3)}app: demo\n`
          : '';
    sandboxText =
      `apiVersion: agents.kruise.io/v1alpha1\nkind: ${c.kind.kind}\nmetadata:\n` +
      `${pad(1)}name: edge\n${pad(1)}namespace: default\nspec:\n${keys(runtimesAt)}` +
      runtimes.map((name) => `${dash(r)}name: ${name}\n`).join('') +
      `${keys(templateAt)}${labels}` +
      `${pad(t + 1)}spec:\n${pad(t + 2)}containers:\n${dash(t + 2)}name: main\n${items(t + 2)}image: busybox\n` +
      env.replaceAll(pad(t + 4), items(t + 2));
  }
  const all = entries(c);
  const inline = c.source === 'configMap' ? {} : all;
  const entryText = (value: unknown) => (c.source === 'yaml' ? asciiYamlFlow(value) : singleQuoted(asciiJson(value)));
  const config =
    'apiVersion: fn.sandbox-inject.dev/v1alpha1\nkind: SandboxRuntimeInjection\nmetadata:\n  name: inject\nspec:\n' +
    (Object.keys(inline).length
      ? '  injectionConfig:\n' +
        Object.entries(inline)
          .map(([name, value]) => `    ${name}: ${entryText(value)}\n`)
          .join('')
      : '  injectionConfig: {}\n');
  const configMap =
    c.source === 'configMap'
      ? 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sandbox-injection-config\n  namespace: sandbox-system\n' +
        'data:\n' +
        Object.entries(all)
          .map(([name, value]) => `  ${name}: ${singleQuoted(asciiJson(value))}\n`)
          .join('')
      : undefined;
  if (c.layout === 'stream') {
    return { text: sandboxText + (configMap ? `---\n${configMap}` : ''), configText: config };
  }
  const item = (text: string) =>
    text
      .replace(/\n$/, '')
      .split('\n')
      .map((line, i) => (i === 0 ? '- ' : '  ') + line)
      .join('\n') + '\n';
  const indented = config
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => '  ' + line)
    .join('\n');
  return {
    text:
      'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n' +
      item(sandboxText) +
      (configMap ? item(configMap) : '') +
      `functionConfig:\n${indented}\n`,
  };
}

/** Whether the data holds the string, as a key or a value, anywhere. */
function holds(data: unknown, value: string): boolean {
  if (data === value) return true;
  if (typeof data !== 'object' || data === null) return false;
  return Object.entries(data).some(([k, v]) => k === value || holds(v, value));
}

/** The resource of an output, as yaml reads it. */
function sandboxOf(docs: unknown[]): Obj | undefined {
  const all = docs.flatMap((d) => ((d as Obj)?.kind === 'ResourceList' ? ((d as Obj).items as unknown[]) : [d]));
  return all.find((d) => testKindOf(d)) as Obj | undefined;
}

describe('the law: what the function writes reads the same in Go and in yaml', () => {
  it('holds for generated edge strings injected through the pipeline', function () {
    this.timeout(300_000);
    checkProperty(
      this,
      [edgeCase],
      (c) => {
        const { text, configText } = input(c);
        const outcome = run(text, { kinds: TEST_KINDS, ...(configText === undefined ? {} : { configText }) });
        const about = (why: string) => `${why.slice(0, 1500)}\n  input:\n${text}`;
        assert.ok(outcome.ok, about(`the run failed: ${outcome.ok || outcome.error}`));
        const [goInput, goOutput] = readWithGo([text, outcome.output]) as [GoRead, GoRead];
        const yamlOutput = readWithYaml(outcome.output);
        assert.ok('docs' in yamlOutput, about(`yaml cannot read the output: ${JSON.stringify(yamlOutput)}`));
        // Whatever the input, the output must read alike, unless the input itself does not (an entry
        // inline with a surrogate escape, which Go refuses in the config).
        const inputAlike = sameRead(goInput, readWithYaml(text)) && 'docs' in goInput;
        if (inputAlike && !sameRead(goOutput, yamlOutput))
          assert.fail(
            about(`Go reads the output otherwise: ${difference(goOutput, yamlOutput)}\n  output:\n${outcome.output}`),
          );
        const sandbox = sandboxOf(yamlOutput.docs.map(untyped));
        if (c.kind.role === 'report') {
          // Nothing is injected into a kind the function only reports: it is left as it was.
          const given = readWithYaml(text);
          assert.ok('docs' in given);
          assert.deepEqual(sandbox, sandboxOf(given.docs.map(untyped)), about('a reported kind was changed'));
          return [c.kind.kind];
        }
        // A container name that is not a DNS label is not given (the entry would be refused for it).
        if (c.target === 'containerName' && !DNS_LABEL.test(c.value)) return false;
        if (LONE_SURROGATE.test(c.value)) {
          // Refused, with an error (this one, or one about the value that comes first: an invalid env name).
          const refused = outcome.results.some((r) => r.severity === 'error') && !LONE_SURROGATE.test(outcome.output);
          assert.ok(refused, about(`a lone surrogate was not refused: ${outcome.results.map((r) => r.message)}`));
          return ['a lone surrogate refused'];
        }
        const wrote = sandbox && holds(sandbox, c.value);
        const quoted =
          c.target === 'envName' && outcome.results.some((r) => r.field?.path?.endsWith('.name') && r.message);
        if (!wrote && !quoted) {
          // An error that leaves the resource unchanged (an invalid name, a label the API server refuses)
          // is no exercise, but the output still had to read alike, as it did above.
          if (outcome.results.some((r) => r.severity === 'error')) return false;
          assert.fail(about(`the value is not in the output:\n${outcome.output}`));
        }
        return [c.kind.kind, ...(ESCAPED_FOR_GO.test(c.value) ? ['a character Go reads otherwise'] : [])];
      },
      {
        runs: 400,
        floor: 260,
        floors: { ...floorPerKind(45, 15), 'a character Go reads otherwise': 70, 'a lone surrogate refused': 10 },
      },
    );
  });

  it('holds for every golden case whose input both read alike', function () {
    this.timeout(120_000);
    const cases = goldenCases().flatMap((c) => {
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(c.input);
      } catch {
        return [];
      }
      return [{ name: c.name, text, expected: readFileSync(join(c.dir, 'expected.yaml'), 'utf8') }];
    });
    const go = readWithGo(cases.flatMap((c) => [c.text, c.expected]));
    let compared = 0;
    const wrong = cases.flatMap((c, i) => {
      const [input, output] = [go[2 * i]!, go[2 * i + 1]!];
      if (!('docs' in input) || !sameRead(input, readWithYaml(c.text))) return [];
      compared++;
      const yaml = readWithYaml(c.expected);
      return sameRead(output, yaml) ? [] : [`${c.name}: ${difference(output, yaml)}`];
    });
    assert.deepEqual(wrong, []);
    assert.ok(compared >= 100, `${compared} golden cases compared`);
  });

  it('is a law that can fail: Go reads what an earlier release wrote otherwise', () => {
    const old = 'env:\n- name: A\n  value: /mnt/envd\u2028  securityContext: {privileged: true}\n';
    const [read] = readWithGo([old]);
    assert.ok(!sameRead(read!, readWithYaml(old)));
  });

  it('prints no library warning on stderr for entry strings that start with % or !', () => {
    const input = readFileSync(new URL('./golden/escape-percent-and-bang/input.yaml', import.meta.url));
    const out = spawnSync(process.execPath, [requireBundle()], { input, encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    assert.equal(out.stderr, '');
    assert.match(out.stdout, /'%YAML': "1\.1"/);
  });
});

function untyped(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(untyped);
  const v = value as Obj;
  if (typeof v['!'] === 'string' && 'v' in v) return v.v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, untyped(x)]));
}

function difference(go: GoRead, yaml: GoRead): string {
  const show = (r: GoRead) => ('error' in r ? `error ${r.error}` : JSON.stringify(r.docs).slice(0, 400));
  return `Go: ${show(go)}\n  yaml: ${show(yaml)}`;
}
