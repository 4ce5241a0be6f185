// The status record is untrusted (docs/status-record.md, "The law"): for generated resources and configs,
// inject, then forge the record (its pointers, texts, hashes, base, main container), and run inject,
// uninject and check on it. Every run either is an error naming the annotation, with the resource left
// as it was, or changes the data only where an injection writes: the lists the runtime units append to,
// with items only the entries hold, the main container's hook and probes, template labels the entries
// set, and spec.runtimes entries that are a name. An oracle of its own says what that allows, so that
// the law in src/provenance/law.ts is held to the issue's words, not to itself.
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { parse, parseDocument, isMap, isScalar } from 'yaml';
import { canonicalJson, isPlainMapping, withoutEmpty } from '../../src/base/data.js';
import { STATUS_ANNOTATION } from '../../src/provenance/status.js';
import { CONFIG, format, sandbox, writeItem } from '../helpers/arbitraries.js';
import { runAsProcess as run } from '../helpers/process.js';
import { checkProperty } from '../helpers/property.js';

type Obj = Record<string, unknown>;
const STATUS_FIELD = `metadata.annotations.${STATUS_ANNOTATION}`;

/** What the config's entries inject (CONFIG in test/helpers/arbitraries.ts), by list. */
const INJECTED: Record<string, Obj[]> = {
  initContainers: [
    { name: 'runtime', image: 'agent-runtime:v1', restartPolicy: 'Always' },
    { name: 'csi-sidecar', image: 'csi:v1' },
  ],
  containers: [
    { name: 'logger', image: 'logger:v1' },
    { name: 'istio-proxy', image: 'proxy:v1' },
  ],
  volumes: [
    { name: 'envd-volume', emptyDir: {} },
    { name: 'mount-root', emptyDir: {} },
    { name: 'logs', emptyDir: {} },
  ],
  env: [
    { name: 'ENVD_DIR', value: '/mnt/envd' },
    { name: 'CSI_MODE', value: 'yes' },
  ],
  volumeMounts: [
    { name: 'envd-volume', mountPath: '/mnt/envd' },
    { name: 'mount-root', mountPath: '/run/csi/mount-root' },
  ],
};
const INJECTED_LABELS: Obj = { logging: 'on' };
/** Keys of a container an injection may rewrite: its env and mounts (by item), its hooks and probes. */
const REWRITTEN = ['env', 'volumeMounts', 'lifecycle', 'readinessProbe', 'livenessProbe', 'startupProbe'];

const hash = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 8);
const obj = (value: unknown): Obj => (isPlainMapping(value) ? value : {});
const list = (value: unknown): Obj[] => (Array.isArray(value) ? value.map(obj) : []);

/**
 * Where the output's data differs from the input's beyond what an injection may write, in words; none
 * when it does not.
 */
function beyondInjection(before: Obj, after: Obj): string | undefined {
  const rest = (resource: Obj) => {
    const copy = structuredClone(resource);
    const annotations = obj(obj(copy.metadata).annotations);
    delete annotations[STATUS_ANNOTATION];
    const spec = obj(copy.spec);
    if (Array.isArray(spec.runtimes)) spec.runtimes = spec.runtimes.filter((r) => !nameOnly(r));
    const template = obj(spec.template);
    delete obj(template.metadata).labels;
    delete obj(template.metadata).annotations;
    for (const key of ['initContainers', 'containers', 'volumes']) delete obj(template.spec)[key];
    return withoutEmpty(copy, true);
  };
  if (!isDeepStrictEqual(rest(before), rest(after))) return 'outside the template lists, labels and runtimes';
  const templateOf = (resource: Obj) => obj(obj(resource.spec).template);
  const [was, is] = [templateOf(before), templateOf(after)];
  for (const [key, value] of Object.entries(obj(obj(is.metadata).labels)))
    if (!isDeepStrictEqual(value, obj(obj(was.metadata).labels)[key]) && INJECTED_LABELS[key] !== value)
      return `template label ${key}`;
  if (Object.keys(obj(obj(is.metadata).annotations)).some((k) => !Object.hasOwn(obj(obj(was.metadata).annotations), k)))
    return 'a template annotation';
  for (const key of ['initContainers', 'volumes']) {
    const known = [...list(obj(was.spec)[key]), ...INJECTED[key]!];
    const item = list(obj(is.spec)[key]).find((i) => !known.some((k) => isDeepStrictEqual(k, i)));
    if (item) return `${key} item ${JSON.stringify(item)}`;
  }
  const before_ = list(obj(was.spec).containers);
  for (const container of list(obj(is.spec).containers)) {
    const original =
      before_.find((c) => c.name === container.name) ?? INJECTED.containers!.find((c) => c.name === container.name);
    if (!original) return `container ${JSON.stringify(container.name)}`;
    const without = (c: Obj) => Object.fromEntries(Object.entries(c).filter(([k]) => !REWRITTEN.includes(k)));
    // The probe rewrite may add the probers to the proxy's env.
    if (!isDeepStrictEqual(without(original), without(container))) return `container ${String(container.name)}`;
    for (const key of ['env', 'volumeMounts']) {
      const known = [...list(original[key]), ...INJECTED[key]!];
      const item = list(container[key]).find(
        (i) => !known.some((k) => isDeepStrictEqual(k, i)) && i.name !== 'ISTIO_KUBE_APP_PROBERS',
      );
      if (item) return `${key} item ${JSON.stringify(item)} of container ${String(container.name)}`;
    }
    const lifecycle = obj(container.lifecycle);
    const { postStart: _p, preStop: _s, ...others } = lifecycle;
    const { postStart: _q, preStop: _t, ...othersBefore } = obj(original.lifecycle);
    if (!isDeepStrictEqual(others, othersBefore)) return `the lifecycle of container ${String(container.name)}`;
    for (const hook of [lifecycle.postStart, lifecycle.preStop, container.readinessProbe, container.livenessProbe])
      if (hook !== undefined && hook !== null && !isPlainMapping(hook))
        return `a hook of container ${String(container.name)}`;
  }
  return undefined;
}

const nameOnly = (entry: unknown) =>
  isPlainMapping(entry) && Object.keys(entry).length === 1 && typeof entry.name === 'string';

// ---- Forging -----------------------------------------------------------------------------------------------

const POINTERS = [
  '/metadata/name',
  '/metadata/namespace',
  '/spec/replicas',
  '/spec/template/spec/hostNetwork',
  'hostNetwork',
  'containers/0/securityContext',
  'containers/0/image',
  'containers/1/env',
  'containers/0/env',
  'containers',
  'initContainers',
  'volumes',
  '/spec/template/metadata/labels/app',
  '/metadata/labels/app',
  '/spec/runtimes',
  '/spec',
  '',
];
const TEXTS = [
  'name: sb2\n  namespace: kube-system\n',
  'hostNetwork: true\n',
  'securityContext: {privileged: true}\n',
  'env: [{name: LD_PRELOAD, value: /evil.so}]\n',
  'labels: {app: evil}\n',
  'lifecycle: {postStart: {exec: {command: [sh, -c, evil]}}}\n',
  'postStart: {exec: {command: [evil]}}\n',
  '{}',
  '',
  '~',
  'env: *nothing\n',
  '*nothing',
  '# only a comment\n',
];
const RUNTIME_TEXTS = [
  '  - name: debug\n    hostPID: true\n',
  '  - name: logger\n',
  '- name: x\n  template: {spec: {hostNetwork: true}}\n',
  'runtimes: [{name: logger}]\n',
  'runtimes:\n  - name: x\n    privileged: true\n',
];
const BASES = ['/spec', '/spec/template', '/', '/spec/template/spec/containers/0', '/spec/template/spec'];

/** One forgery: which part of the record it changes, and the choices it makes. */
const forgery = fc.record({
  kind: fc.constantFrom('pointer', 'text', 'undeclared', 'hash', 'user-item', 'base', 'main'),
  pointer: fc.constantFrom(...POINTERS),
  text: fc.constantFrom(...TEXTS),
  runtimeText: fc.constantFrom(...RUNTIME_TEXTS),
  position: fc.oneof(fc.constantFrom(null, 'spec', 'replicas'), fc.integer({ min: -1, max: 4 })),
  base: fc.constantFrom(...BASES),
  pick: fc.nat(),
});
type Forgery = typeof forgery extends fc.Arbitrary<infer T> ? T : never;

/** The record's JSON lines, forged. */
function forge(lines: Obj[], f: Forgery, resource: Obj): Obj[] {
  const forged = structuredClone(lines);
  const header = forged[0]!;
  const edits = forged[forged.length - 1]!;
  const runtimes = forged.slice(1, -1);
  const runtime = runtimes[f.pick % Math.max(runtimes.length, 1)];
  const template = obj(obj(obj(resource.spec).template).spec);
  switch (f.kind) {
    case 'pointer': {
      // A pointer of the record moved: one of a runtime's parts, or a created or replaced key.
      const fields = runtime ? (['added', 'set', 'prepended'] as const) : [];
      const field = fields[f.pick % 4];
      if (runtime && field) {
        const parts = obj(runtime[field]);
        const [first] = Object.keys(parts);
        const value =
          first === undefined
            ? field === 'set'
              ? 'abcd1234'
              : field === 'added'
                ? [['x', 'abcd1234']]
                : [1, 'abcd1234']
            : parts[first];
        if (first !== undefined) delete parts[first];
        parts[f.pointer] = value;
      } else if (f.pick % 2) (edits.created as string[]).push(f.pointer);
      else obj(edits.replaced)[f.pointer] = f.text;
      break;
    }
    case 'text': {
      const replaced = obj(edits.replaced);
      const keys = Object.keys(replaced);
      replaced[keys.length && f.pick % 2 ? keys[f.pick % keys.length]! : f.pointer] = f.text;
      break;
    }
    case 'undeclared':
      (edits.undeclared as unknown[]).push([f.pick % 2 ? '/spec/runtimes' : '/spec', f.position, f.runtimeText]);
      break;
    case 'hash':
      if (runtime) runtime.hash = 'deadbeef';
      for (const pairs of Object.values(obj(runtime?.added)))
        for (const pair of pairs as string[][]) pair[1] = '0badc0de';
      break;
    case 'user-item': {
      // A user's own item, named with its hash (anyone can compute it), as if a runtime had added it.
      const lists = ['containers', 'initContainers', 'volumes'].filter((k) => list(template[k]).length);
      const key = lists[f.pick % Math.max(lists.length, 1)];
      if (!runtime || !key) break;
      const items = list(template[key]);
      const item = items[f.pick % items.length]!;
      const added = obj((runtime.added ??= {}));
      ((added[key] ??= []) as unknown[]).push([item.name, hash(item)]);
      break;
    }
    case 'base':
      header.base = f.base;
      break;
    case 'main': {
      const names = list(template.containers).map((c) => c.name);
      header.main = f.pick % 3 === 0 ? 'no-such-container' : (names[f.pick % Math.max(names.length, 1)] ?? 'main');
      break;
    }
  }
  return forged;
}

/** The item's text with the record's value replaced by the forged lines, as a double-quoted string. */
function withRecord(text: string, lines: Obj[]): string | undefined {
  const doc = parseDocument(text);
  const annotations = doc.getIn(['metadata', 'annotations'], true);
  if (!isMap(annotations)) return undefined;
  const node = annotations.get(STATUS_ANNOTATION, true);
  if (!isScalar(node) || !node.range) return undefined;
  const value = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
  // A block scalar's range ends past its last line break.
  const lineEnd = text.slice(node.range[0], node.range[1]).endsWith('\n') ? '\n' : '';
  return text.slice(0, node.range[0]) + JSON.stringify(value) + lineEnd + text.slice(node.range[1]);
}

/**
 * A generated Sandbox made one the injection goes through: runtimes declared, names and mounts that hold.
 * (Of the kinds with their pod template at spec.template, which the forgeries below name.)
 */
const injectable = sandbox
  .filter((value) => ['Sandbox', 'SandboxSet'].includes(String((value as Obj).kind)))
  .map((value) => {
    const v = structuredClone(value) as Obj;
    const spec = obj(v.spec);
    if (!Array.isArray(spec.runtimes) || !spec.runtimes.length)
      spec.runtimes = [{ name: 'agent-runtime' }, { name: 'logger' }];
    const pod = obj(obj(spec.template).spec);
    const taken = new Set(['runtime', 'csi-sidecar', 'envd-volume', 'mount-root', 'logs', 'logger', 'istio-proxy']);
    const unique = (items: unknown) =>
      list(items).filter((x, i, all) => !taken.has(x.name as string) && all.findIndex((y) => y.name === x.name) === i);
    if (pod.initContainers) pod.initContainers = unique(pod.initContainers);
    if (pod.volumes) pod.volumes = unique(pod.volumes);
    const volumes = new Set(
      [...list(pod.volumes), ...list(spec.volumeClaimTemplates).map((c) => obj(c.metadata))].map((x) => x.name),
    );
    for (const container of list(pod.containers)) {
      const mounts = list(container.volumeMounts).filter(
        (m, i, all) =>
          volumes.has(m.name) && all.findIndex((o) => o.name === m.name || o.mountPath === m.mountPath) === i,
      );
      if (mounts.length) container.volumeMounts = mounts;
      else delete container.volumeMounts;
    }
    return v;
  });

const configs = fc.record({ expandTrafficProxy: fc.boolean(), keepRuntimes: fc.boolean() });
const configText = (c: { expandTrafficProxy: boolean; keepRuntimes: boolean }) =>
  CONFIG.replace(
    'spec:\n',
    `spec:\n  expandTrafficProxy: ${c.expandTrafficProxy}\n  keepRuntimes: ${c.keepRuntimes}\n`,
  );

describe('provenance/law', () => {
  it('a forged record is refused naming the annotation, or changes nothing an injection does not write', function () {
    const branches = { refused: 0, warned: 0, held: 0, otherError: 0 };
    checkProperty(
      this,
      [injectable, format, configs, forgery],
      (value, style, config, f) => {
        const input = writeItem(value, style);
        const options = { configText: configText(config) };
        const injected = run(input, options);
        const output = injected.stdout;
        const status = obj(obj(parse(output)?.metadata).annotations)[STATUS_ANNOTATION];
        if (injected.exitCode !== 0 || typeof status !== 'string') return false;
        const lines = status
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as Obj);
        const forgedText = withRecord(output, forge(lines, f, parse(output) as Obj));
        if (forgedText === undefined) return false;
        const before = parse(forgedText) as Obj;
        for (const mode of ['inject', 'uninject', 'check'] as const) {
          const ran = run(forgedText, { ...options, mode });
          const refusal = ran.results.find((r) => r.severity === 'error' && r.field?.path === STATUS_FIELD);
          const error = ran.results.find((r) => r.severity === 'error' && r.resourceRef);
          if (refusal || error) {
            assert.equal(ran.stdout, forgedText, `${mode}: an error leaves the resource as it was`);
            if (refusal) branches.refused++;
            else branches.otherError++;
            continue;
          }
          const beyond = beyondInjection(before, parse(ran.stdout) as Obj);
          assert.equal(beyond, undefined, `${mode} changed ${beyond}:\n${forgedText}\n---\n${ran.stdout}`);
          if (ran.results.some((r) => r.severity === 'warning' && r.field?.path === STATUS_FIELD)) branches.warned++;
          else branches.held++;
        }
        return true;
      },
      { runs: 200, floor: 150 },
    );
    this.test!.title += ` (runs: ${Object.entries(branches)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')})`;
    const floors = { refused: 180, warned: 6, held: 60, otherError: 40 };
    for (const [branch, floor] of Object.entries(floors))
      assert.ok(
        branches[branch as keyof typeof branches] >= floor,
        `only ${branches[branch as keyof typeof branches]} runs went the ${branch} way, fewer than ${floor}`,
      );
  });
});
