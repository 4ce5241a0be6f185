// The law of real-world YAML: the same Pod however the Sandbox is written, and exact round trips. Generated
// Sandboxes are written as real-world YAML (the main container's env shared through an anchor, as the
// anchor or as an alias, an image shared too, an image and env merged in by a merge key with and
// without kyaml's `!!merge` tag, tags and anchors on first keys, scripts in block scalars whose last lines start with
// `#`, `|+` scalars, a BOM, CRLF, no final newline, as a plain stream or as an item of kpt's
// ResourceList layout), and beside each the same Sandbox as plain JSON. Both read as Kubernetes reads
// them (YAML 1.1, with merge keys):
// - the output data equals the output data of the JSON (but for the status record, whose texts differ);
// - every input character is kept, but for the text the record says was replaced or taken out;
// - a re-run is a fixed point, check passes, and uninject gives the input back byte for byte.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Alias, Document, isSeq, Pair, parseAllDocuments, Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { readStatus, STATUS_ANNOTATION } from '../src/provenance/status.js';
import { runAsProcess as run } from './helpers/process.js';
import { checkProperty } from './helpers/property.js';
import { CONFIG, floorPerKind, kindExercised, sandbox, TEST_KINDS, testKindOf } from './helpers/arbitraries.js';
import { PlainEditor, valueAt } from '../src/base/data.js';

type Obj = Record<string, unknown>;

const SCRIPTS = {
  // A script whose last lines start with `#`: a block scalar, to a reader without a parse a comment.
  hash: 'while true; do\n  sleep 1\n# keep running\ndone\n# end\n',
  // Kept trailing blank lines: a `|+` scalar.
  keep: 'echo kept\n\n\n',
} as const;

const dress = fc.record({
  layout: fc.constantFrom('stream', 'ResourceList'),
  indent: fc.constantFrom(2, 4),
  indentSeq: fc.boolean(),
  script: fc.constantFrom('none', 'hash', 'keep'),
  firstKey: fc.constantFrom('plain', 'tag', 'anchor'),
  itemAnchor: fc.boolean(),
  merge: fc.constantFrom('none', 'plain', 'kyaml'),
  sharedImage: fc.boolean(),
  // The main container's env shared through an anchor: anchored there (the edit is of the anchor), or
  // an alias of an init container's env (the edit goes through the alias).
  sharedEnv: fc.constantFrom('none', 'anchorOnMain', 'aliasOnMain'),
  bom: fc.boolean(),
  crlf: fc.boolean(),
  finalNewline: fc.boolean(),
});
type Dress = typeof dress extends fc.Arbitrary<infer T> ? T : never;

/** The value at a path, with each key on the way moved last in its mapping. */
function moveLast(value: Obj, path: readonly (string | number)[]): Obj {
  let node = value;
  for (const key of path) {
    const child = node[key] as Obj;
    delete node[key];
    node[key] = child;
    node = child;
  }
  return node;
}

/** The resource's value as the YAML will mean it: a script last in the item, shared images alike. */
function shape(value: Obj, d: Dress): Obj {
  const v = structuredClone(value);
  const kind = testKindOf(v)!;
  // The pod template last, its containers last, and the script last in the last one: the item then
  // ends with the script.
  const template = moveLast(v, kind.podTemplate);
  const { containers, ...pod } = template.spec as Obj & { containers: Obj[] };
  template.spec = { ...pod, containers };
  // A shared or merged env is one the injection edits: agent-runtime adds to the main container's.
  if (d.sharedEnv !== 'none' || d.merge !== 'none') {
    if (!(containers[0]!.env as unknown[] | undefined)?.length) containers[0]!.env = [{ name: 'MODE', value: 'on' }];
    if (!valueAt(v, kind.runtimes)) new PlainEditor(v).set(kind.runtimes, []);
    const runtimes = valueAt(v, kind.runtimes) as Obj[];
    if (!runtimes.some((r) => r.name === 'agent-runtime')) runtimes.push({ name: 'agent-runtime' });
    moveLast(v, kind.podTemplate);
  }
  if (d.sharedImage && containers.length > 1) containers[1]!.image = containers[0]!.image;
  const env = containers[0]!.env as unknown[] | undefined;
  if (d.sharedEnv === 'anchorOnMain' && env?.length && containers.length > 1) containers[1]!.env = env;
  const inits = pod.initContainers as Obj[] | undefined;
  if (d.sharedEnv === 'aliasOnMain' && env?.length && inits?.length) inits[0]!.env = env;
  if (d.script !== 'none') containers[containers.length - 1]!.args = [SCRIPTS[d.script as keyof typeof SCRIPTS]];
  return v;
}

/** The value written as YAML, dressed. */
function writeYaml(value: Obj, d: Dress): string {
  const doc = new Document(value, { version: '1.1', aliasDuplicateObjects: false });
  const root = doc.contents as YAMLMap;
  const podSpec = [...testKindOf(value)!.podTemplate, 'spec'];
  const containers = doc.getIn([...podSpec, 'containers'], true) as YAMLSeq;
  const maps = containers.items as YAMLMap[];
  const first = maps[0]!;
  if (d.itemAnchor) (root.items[0]!.key as Scalar).anchor = 'sb';
  if (d.firstKey === 'tag') (first.items[0]!.key as Scalar).tag = 'tag:yaml.org,2002:str';
  if (d.firstKey === 'anchor') (first.items[0]!.key as Scalar).anchor = 'first';
  if (d.sharedImage && maps.length > 1) {
    const image = first.get('image', true) as Scalar;
    image.anchor = 'image';
    maps[1]!.set('image', new Alias('image'));
  }
  const mainEnv = first.get('env', true);
  if (d.sharedEnv === 'anchorOnMain' && isSeq(mainEnv) && mainEnv.items.length && maps.length > 1) {
    mainEnv.anchor = 'env';
    maps[1]!.set('env', new Alias('env'));
  }
  const inits = doc.getIn([...podSpec, 'initContainers'], true);
  const initEnv = isSeq(inits) ? (inits.items[0] as YAMLMap | undefined)?.get('env', true) : undefined;
  if (d.sharedEnv === 'aliasOnMain' && isSeq(mainEnv) && mainEnv.items.length && isSeq(initEnv)) {
    initEnv.anchor = 'env';
    first.set('env', new Alias('env'));
  }
  if (d.merge !== 'none') {
    // The main container's image (and env) come from a merge key, first in its mapping as kyaml writes
    // it (after a first key with props, which stays first).
    const image = first.get('image', true);
    const env = first.get('env', true);
    const source: Obj = {};
    // (Not a value with an anchor, which an alias elsewhere needs where it is.)
    if (isScalar(image) && !image.anchor) {
      first.delete('image');
      source.image = image.value;
    }
    if (isSeq(env) && !env.anchor) {
      first.delete('env');
      source.env = env.toJSON();
    }
    if (Object.keys(source).length) {
      const key = new Scalar('<<');
      if (d.merge === 'kyaml') key.tag = 'tag:yaml.org,2002:merge';
      const merged = doc.createNode(source);
      merged.flow = true;
      // First (`- !!merge <<: ...`), but not before a first key with props, which stays first.
      first.items.splice(d.firstKey === 'plain' ? 0 : 1, 0, new Pair(key, merged));
    }
  }
  let text = doc.toString({ indent: d.indent, indentSeq: d.indentSeq, lineWidth: 0 });
  if (d.layout === 'ResourceList') {
    const item = text
      .replace(/\n$/, '')
      .split('\n')
      .map((line, i) => (i === 0 ? '- ' : line === '' ? '' : '  ') + line)
      .join('\n');
    const config = CONFIG.replace(/\n$/, '')
      .split('\n')
      .map((line) => '  ' + line)
      .join('\n');
    text = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${item}\nfunctionConfig:\n${config}\n`;
  } else if (d.bom) text = '\ufeff' + text;
  if (!d.finalNewline) text = text.replace(/\n$/, '');
  if (d.crlf) text = text.replaceAll('\n', '\r\n');
  return text;
}

const isScalar = (node: unknown): node is Scalar => node instanceof Scalar;

/** The Sandbox in an output, as Kubernetes reads it, without the status record. */
function sandboxData(text: string, layout: string): Obj {
  const docs = parseAllDocuments(text, { version: '1.1', merge: true });
  assert.ok(Array.isArray(docs) && docs.length === 1, 'one document');
  assert.deepEqual(docs[0]!.errors, []);
  const data = docs[0]!.toJS() as Obj;
  const item = (layout === 'ResourceList' ? (data.items as Obj[])[0] : data) as Obj & { metadata: Obj };
  const annotations = item.metadata.annotations as Obj | undefined;
  if (annotations) {
    delete annotations[STATUS_ANNOTATION];
    if (Object.keys(annotations).length === 0) delete item.metadata.annotations;
  }
  return item;
}

/** The texts the status record says the injection replaced, or took out (spec.runtimes entries). */
function replacedTexts(text: string): string[] {
  const docs = parseAllDocuments(text, { version: '1.1' });
  assert.ok(Array.isArray(docs));
  const data = docs[0]!.toJS() as Obj;
  const items = (data.kind === 'ResourceList' ? data.items : [data]) as { metadata: { annotations?: Obj } }[];
  const read = readStatus(items[0]! as Obj);
  if (!read?.ok) return [];
  const status = read.value;
  return [...Object.values(status.replaced).map(String), ...status.undeclared.map(([, , text]) => text)];
}

/** Whether `inner` is `outer` with characters taken out (every character of it kept, in order). */
function isSubsequence(inner: string, outer: string): boolean {
  let at = 0;
  for (const c of inner) {
    at = outer.indexOf(c, at);
    if (at === -1) return false;
    at++;
  }
  return true;
}

/**
 * A ResourceList's output without the results the function appends at its end (and the line break
 * it puts before them when the input has no final newline).
 */
function withoutResults(text: string, finalNewline: boolean): string {
  const at = text.search(/^results:/m);
  if (at === -1) return text;
  return finalNewline ? text.slice(0, at) : text.slice(0, at).replace(/\r?\n$/, '');
}

/** Whether the input, with each of the texts taken out at one of the places it occurs, is kept in the output. */
function keptBut(input: string, texts: readonly string[], output: string): boolean {
  if (texts.length === 0) return isSubsequence(input, output);
  const [text, ...rest] = texts as [string, ...string[]];
  for (let at = input.indexOf(text); at !== -1; at = input.indexOf(text, at + 1)) {
    if (keptBut(input.slice(0, at) + input.slice(at + text.length), rest, output)) return true;
  }
  // The last line of a text without a final newline is recorded with the line break it was given.
  const last = text.replace(/\r?\n$/, '');
  if (last !== text && input.endsWith(last)) return keptBut(input.slice(0, -last.length), rest, output);
  return false;
}

const withMode = (mode: string) => CONFIG.replace('spec:\n', `spec:\n  mode: ${mode}\n`);
const configFor = (d: Dress, mode: string) =>
  d.layout === 'ResourceList'
    ? { mode: mode as 'inject', kinds: TEST_KINDS }
    : { configText: withMode(mode), kinds: TEST_KINDS };

describe('the law: the same Pod however the Sandbox is written, and exact round trips', () => {
  it('holds for generated Sandboxes written as real-world YAML', function () {
    // How often a value was written out over an alias, or over a merge key: the generator must make both.
    const writtenOut = { alias: 0, merge: 0 };
    checkProperty(
      this,
      [sandbox, dress],
      (value, d) => {
        const shaped = shape(value as Obj, d);
        const input = writeYaml(shaped, d);
        const inject = run(input, configFor(d, 'inject'));
        // The same Sandbox as plain JSON: what the YAML means to Kubernetes (the value it was written
        // from, but for a `|+` scalar that loses its last line break with the final newline).
        const meaning = sandboxData(input, d.layout);
        if (d.finalNewline || d.script !== 'keep') assert.deepEqual(meaning, JSON.parse(JSON.stringify(shaped)));
        const json = run(JSON.stringify(meaning), { configText: CONFIG, kinds: TEST_KINDS });
        assert.equal(inject.exitCode, json.exitCode, `exit code: ${inject.stderr}${JSON.stringify(inject.results)}`);
        // The output data equals the data of the same Sandbox written as plain JSON.
        assert.deepEqual(sandboxData(inject.stdout, d.layout), sandboxData(json.stdout, 'stream'));
        if (inject.exitCode !== 0) return false;
        for (const text of replacedTexts(inject.stdout)) {
          if (text.includes('*')) writtenOut.alias++;
          if (text === '') writtenOut.merge++;
        }
        // Every input character is kept, but for the text recorded as replaced or taken out.
        assert.ok(keptBut(input, replacedTexts(inject.stdout), inject.stdout), 'every input character is kept');
        const cut = (text: string) => withoutResults(text, d.finalNewline);
        const output = cut(inject.stdout);
        assert.equal(cut(run(output, configFor(d, 'inject')).stdout), output, 'a re-run is a fixed point');
        assert.equal(run(output, configFor(d, 'check')).exitCode, 0, 'check passes');
        assert.equal(cut(run(output, configFor(d, 'uninject')).stdout), input, 'uninject gives the input back');
        return kindExercised(shaped, output !== cut(input));
      },
      { runs: 150, floor: 80, floors: floorPerKind(12, 4) },
    );
    if (process.env.LAW_STATS) console.log(writtenOut);
    assert.ok(writtenOut.alias > 0 && writtenOut.merge > 0, `written out: ${JSON.stringify(writtenOut)}`);
  });
});
