// The law of issue 17 item 1, over generated input: every resource the cluster would see is seen. The
// same objects, written in many styles (block, flow, JSON compact and pretty; plain, quoted, escaped
// and merged-in scalars; in a stream, a List, nested Lists, a List among documents, a ResourceList),
// give the same data out, and every Sandbox kind in them is processed: expanded, or (with its
// apiVersion an alias of an anchor in another item) an error. SEED=<n> replays a run; RUNS=<n> sets its
// size.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Document, isMap, isSeq, parseAllDocuments, stringify } from 'yaml';
import { run } from '../../src/pipeline.js';
import { checkProperty } from '../helpers/property.js';

const SANDBOX_API = 'agents.kruise.io/v1alpha1';
const STATUS = 'sandbox-inject.dev/status';
const CONFIG = {
  apiVersion: 'fn.sandbox-inject.dev/v1alpha1',
  kind: 'SandboxRuntimeInjection',
  metadata: { name: 'config' },
  spec: { injectionConfig: { logger: { containers: [{ name: 'logger', image: 'logger:v1' }] } } },
};

type Collection = 'block' | 'flow' | 'json' | 'json-pretty';
/**
 * How a Sandbox's apiVersion is written: as yaml writes it, quoted, with an escape for its slash, or as
 * an alias of an anchor in another item of its document (where there is one: not in JSON, nor alone).
 */
const SCALARS = ['plain', 'single', 'double', 'escaped-x', 'escaped-u', 'escaped-slash', 'alias'] as const;
type ScalarStyle = (typeof SCALARS)[number];

interface Resource {
  sandbox: boolean;
  kind: 'Sandbox' | 'SandboxSet';
  apiVersion: ScalarStyle;
  /** apiVersion and kind in a merge key (`<<: {...}`) rather than keys of their own. */
  merged: boolean;
  /** Within a block collection, this item as a flow mapping. */
  flowItem: boolean;
}

type Shape =
  | { type: 'stream'; styles: Collection[] }
  | { type: 'list'; kind: string; style: Collection; nested: boolean; amongDocuments: boolean }
  | { type: 'resourceList'; style: Collection };

const resource: fc.Arbitrary<Resource> = fc.record({
  sandbox: fc.boolean(),
  kind: fc.constantFrom('Sandbox' as const, 'SandboxSet' as const),
  apiVersion: fc.constantFrom(...SCALARS),
  merged: fc.boolean(),
  flowItem: fc.boolean(),
});
const collection = fc.constantFrom<Collection>('block', 'flow', 'json', 'json-pretty');
const shape: fc.Arbitrary<Shape> = fc.oneof(
  fc.record({ type: fc.constant('stream' as const), styles: fc.array(collection, { minLength: 6, maxLength: 6 }) }),
  fc.record({
    type: fc.constant('list' as const),
    kind: fc.constantFrom('List', 'SandboxList', 'ConfigMapList'),
    style: collection,
    nested: fc.boolean(),
    amongDocuments: fc.boolean(),
  }),
  fc.record({ type: fc.constant('resourceList' as const), style: collection }),
);

function objectOf(r: Resource, i: number): Record<string, unknown> {
  if (!r.sandbox) return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data: { key: `v${i}` } };
  const identity = { apiVersion: SANDBOX_API, kind: r.kind };
  return {
    ...(r.merged ? { '<<': identity } : identity),
    metadata: { name: `sbx-${i}` },
    spec: { runtimes: [{ name: 'logger' }], template: { spec: { containers: [{ name: 'main', image: 'main:v1' }] } } },
  };
}

/** Data as text in a collection style; in block style, the items of `flowItems` (by identity) as flow. */
function write(value: unknown, style: Collection, flowItems = new Set<unknown>()): string {
  if (style === 'json') return JSON.stringify(value) + '\n';
  if (style === 'json-pretty') return JSON.stringify(value, null, 2) + '\n';
  if (style === 'flow') return stringify(value, { collectionStyle: 'flow' });
  const doc = new Document(value);
  const walk = (node: unknown, data: unknown) => {
    if (isMap(node))
      for (const pair of node.items)
        walk(pair.value, (data as Record<string, unknown>)[String((pair.key as { value: unknown }).value)]);
    if (isSeq(node))
      node.items.forEach((item, i) => {
        const itemData = (data as unknown[])[i];
        if (flowItems.has(itemData) && isMap(item)) item.flow = true;
        walk(item, itemData);
      });
  };
  walk(doc.contents, value);
  return doc.toString();
}

/** The i-th Sandbox's apiVersion written in its style, wherever the text spells it plainly. */
function styleApiVersions(text: string, styles: (ScalarStyle | 'anchor')[], json: boolean): string {
  let i = 0;
  const plain = json ? `"${SANDBOX_API}"` : SANDBOX_API;
  return text.split(plain).reduce((out, part) => {
    const style = styles[i++] ?? 'plain';
    const written = {
      plain: plain,
      single: json ? plain : `'${SANDBOX_API}'`,
      double: `"${SANDBOX_API}"`,
      'escaped-x': `"${SANDBOX_API.replace('/', '\\x2f')}"`,
      'escaped-u': `"${SANDBOX_API.replace('/', '\\u002f')}"`,
      'escaped-slash': `"${SANDBOX_API.replace('/', '\\/')}"`,
      alias: '*api',
      anchor: `&api ${SANDBOX_API}`,
    }[style];
    return out + written + part;
  });
}

/** Where an apiVersion may be an alias: in a List or ResourceList written as YAML, after the anchor's item. */
const aliasable = (s: Shape) => s.type !== 'stream' && !s.style.startsWith('json');

/**
 * The resources as generated, but for what their style cannot write: an alias outside a YAML List or
 * ResourceList, a merge key in JSON (where `"<<"` is a key like any other).
 */
const possible = (resources: Resource[], s: Shape): Resource[] =>
  resources.map((r, i) => {
    const json = (s.type === 'stream' ? s.styles[i % s.styles.length]! : s.style).startsWith('json');
    return {
      ...r,
      apiVersion: r.apiVersion === 'alias' && !aliasable(s) ? 'plain' : r.apiVersion,
      merged: r.merged && !json,
    };
  });

function render(generated: Resource[], s: Shape): { input: string; configText?: string } {
  const resources = possible(generated, s);
  const objects = resources.map(objectOf);
  const flowItems = new Set(objects.filter((_, i) => resources[i]!.flowItem));
  const apiStyles: (ScalarStyle | 'anchor')[] = resources.filter((r) => r.sandbox).map((r) => r.apiVersion);
  // The anchor of the aliased apiVersions, in an item of its own before them.
  if (resources.some((r) => r.apiVersion === 'alias')) {
    objects.unshift({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'anchor' }, data: { api: SANDBOX_API } });
    apiStyles.unshift('anchor');
  }
  const config = write(CONFIG, 'block');
  if (s.type === 'stream') {
    // Each document's JSON or YAML, with its Sandbox's apiVersion styled: done document by document.
    let k = 0;
    const docs = objects.map((o, i) => {
      const style = s.styles[i % s.styles.length]!;
      const text = write(o, style);
      return resources[i]!.sandbox ? styleApiVersions(text, [apiStyles[k++]!], style.startsWith('json')) : text;
    });
    return { input: docs.join('---\n'), configText: config };
  }
  const json = s.style.startsWith('json');
  if (s.type === 'list') {
    const half = Math.ceil(objects.length / 2);
    const items = s.nested
      ? [...objects.slice(0, half), { apiVersion: 'v1', kind: 'List', items: objects.slice(half) }]
      : objects;
    const text = styleApiVersions(
      write({ apiVersion: 'v1', kind: s.kind, items }, s.style, flowItems),
      apiStyles,
      json,
    );
    const before = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: beside\n---\n';
    return { input: s.amongDocuments ? before + text : text, configText: config };
  }
  const list = { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: objects, functionConfig: CONFIG };
  return { input: styleApiVersions(write(list, s.style, flowItems), apiStyles, json) };
}

/** The resources a text holds, Lists flattened as kubectl's kustomize reads them. */
function resourcesIn(text: string): Record<string, unknown>[] {
  const flatten = (value: unknown): Record<string, unknown>[] => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
    const object = value as Record<string, unknown>;
    if (String(object.kind).endsWith('List') && Array.isArray(object.items)) return object.items.flatMap(flatten);
    return [object];
  };
  return parseAllDocuments(text, { merge: true }).flatMap((doc) => flatten(doc.toJS()));
}

/** A resource's data but for the status record, whose texts are the input's own. */
function withoutStatus(object: Record<string, unknown>): unknown {
  const copy = structuredClone(object) as { metadata?: { annotations?: Record<string, unknown> } };
  delete copy.metadata?.annotations?.[STATUS];
  if (copy.metadata?.annotations && Object.keys(copy.metadata.annotations).length === 0)
    delete copy.metadata.annotations;
  return copy;
}

describe('read: every resource the cluster would see is seen', () => {
  it('the same objects in any style and shape give the same data out, each Sandbox kind processed', function () {
    checkProperty(
      this,
      [fc.array(resource, { minLength: 1, maxLength: 5 }), shape],
      (generated, s) => {
        const resources = possible(generated, s);
        const { input, configText } = render(resources, s);
        const plain = resources.map((r) => ({ ...r, apiVersion: 'plain' as const, merged: false, flowItem: false }));
        const reference = render(plain, { type: 'stream', styles: ['block'] });
        const isSandbox = (o: Record<string, unknown>) => o.apiVersion === SANDBOX_API;
        const nameOf = (o: Record<string, unknown>) => (o.metadata as { name: string }).name;
        const inputSandboxes = resourcesIn(input).filter(isSandbox);
        assert.equal(inputSandboxes.length, resources.filter((r) => r.sandbox).length, 'the oracle sees each');
        // An apiVersion that is an alias of another item's anchor cannot be expanded where it stands.
        const unexpandable = new Set(
          resources.flatMap((r, i) => (r.sandbox && r.apiVersion === 'alias' ? [`sbx-${i}`] : [])),
        );

        const outcome = run(input, configText === undefined ? {} : { configText });
        assert.ok(outcome.ok, outcome.ok ? '' : outcome.error);
        // Each Sandbox kind is processed: expanded, or an error names it (by its place: it cannot be read).
        const errors = outcome.results.filter((r) => r.severity === 'error').map((r) => r.message);
        assert.equal(errors.length, unexpandable.size, `${errors.join('\n')}\n${input}`);
        for (const message of errors) assert.match(message, /cannot be read: the alias \*api has no anchor before it/);
        const out = resourcesIn(outcome.output);
        for (const o of out.filter(isSandbox)) {
          const annotations = (o.metadata as { annotations?: Record<string, unknown> }).annotations;
          assert.equal(Boolean(annotations?.[STATUS]), !unexpandable.has(nameOf(o)), `${nameOf(o)} is expanded`);
        }
        // The same data out, whatever the style: every generated resource that could be expanded.
        const expected = run(reference.input, { configText: reference.configText! });
        assert.ok(expected.ok);
        const compared = (o: Record<string, unknown>) =>
          /^(cm|sbx)-\d+$/.test(nameOf(o)) && !unexpandable.has(nameOf(o));
        assert.deepEqual(
          out.filter(compared).map(withoutStatus),
          resourcesIn(expected.output).filter(compared).map(withoutStatus),
          input,
        );
        // What the case exercised: the shape the Sandboxes were hidden in, and the refusal of an alias.
        if (inputSandboxes.length === 0) return false;
        return [s.type, ...(unexpandable.size ? ['unexpandable alias'] : [])];
      },
      { runs: 150, floor: 100, floors: { stream: 25, list: 25, resourceList: 25, 'unexpandable alias': 1 } },
    );
  });
});
