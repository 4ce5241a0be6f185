// One case of the random differential test, judged: the function runs on the ResourceList (src/pipeline.ts),
// and the reference model (src/reference/) builds the controller's Pod from the input, with the runtimes it
// declares, and from the function's output, with the runtimes it still declares, from the same entries: the
// ConfigMap source's data, or without one the entries the function used, as JSON text. Whether the API server
// accepts a Pod is judged by ./api-server.ts, never by the function's own checks.
import { parse } from 'yaml';
import { REFUSAL_REASONS, type Result } from '../../src/base/results.js';
import { run } from '../../src/pipeline.js';
import { GoDecoder } from '../../src/reference/go-decode.js';
import { doSidecarInjection, fixedOrderRuntimes } from '../../src/reference/inject.js';
import { ControllerModel, podDifference, withApiServerDefaults, type ModelledPod } from '../../src/reference/model.js';
import type { PodTemplateSpec } from '../../src/reference/types.js';
import { RUNTIMES } from '../../src/runtimes/table.js';
import { rejection } from './api-server.js';
import type { Case } from './generate.js';

export type Class = 'expanded' | 'left' | 'refused' | 'both failed';

export interface Failure {
  /** What went wrong, with the message's shape: one distinct defect per key. */
  key: string;
  detail: string;
}

export interface Verdict {
  class: Class;
  failures: Failure[];
  /** What else the case showed, for the tally. */
  notes: string[];
}

/** Stands for the cluster's entry of a runtime the function has none for (no source): a label, to show order. */
const standIn = (runtime: string) => JSON.stringify({ labels: { 'stand-in': runtime } });

/**
 * The shape of a message, one per kind of failure: the problem without the advice after it, and without the
 * names, numbers, sources and field paths that vary from case to case.
 */
export const shapeOf = (message: string): string =>
  message
    .split('; ')[0]!
    .replace(/injection template \S+ not found/, 'injection template … not found')
    .replace(/runtime "[^"]*"|runtime [a-z][\w-]*/g, 'runtime …')
    .replace(/from (ConfigMap \S+|the functionConfig \([^)]*\)|the \S+ default)/, 'from …')
    .replace(/is invalid: ([a-zA-Z]+)[^:]*:/, 'is invalid: $1…:')
    .replace(/(conflicting with [a-z ]+): \S+/, '$1: …')
    .replace(/ into Go struct field \S+/, ' into Go struct field …')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\b\d[\d.eE+-]*/g, 'N');

interface Item {
  kind: string;
  spec?: {
    runtimes?: { name?: string }[] | null;
    template?: unknown;
    volumeClaimTemplates?: { metadata?: { name?: string } }[];
  };
}

const runtimesOf = (item: Item): string[] => (item.spec?.runtimes ?? []).map((r) => r?.name ?? '');
const claimsOf = (item: Item): string[] => (item.spec?.volumeClaimTemplates ?? []).map((c) => c.metadata?.name ?? '');

/** The entries the controller reads, and whether any of them only stands in for the cluster's. */
function clusterData(c: Case, declared: readonly string[]): { data: Record<string, string>; standIns: string[] } {
  if (c.source) return { data: c.source, standIns: [] };
  const region = c.options.regionId ?? '';
  const withRegion = (text: string) => (region ? text.split('<region-id>').join(region) : text);
  const profile = c.options.defaults ?? 'ack';
  const data: Record<string, string> = {};
  const standIns: string[] = [];
  for (const runtime of new Set(declared)) {
    const builtIn = profile === 'none' ? undefined : RUNTIMES.defaultEntry(runtime, profile as 'ack');
    if (c.inline[runtime] !== undefined) data[runtime] = withRegion(c.inline[runtime]);
    else if (builtIn !== undefined) data[runtime] = withRegion(JSON.stringify(builtIn));
    else {
      data[runtime] = standIn(runtime);
      standIns.push(runtime);
    }
  }
  return { data, standIns };
}

/** The controller's Pod for an item, or why it fails, or why the API server rejects it. */
type Built = { ok: true; pod: ModelledPod; rejected?: string } | { ok: false; error: string };

function build(model: ControllerModel, item: Item, runtimes = runtimesOf(item)): Built {
  const built = model.podFor({
    template: item.spec?.template,
    runtimes,
    claimNames: claimsOf(item),
    defaulting: item.kind === 'SandboxSet' ? 'sandboxset' : 'none',
  });
  if (!built.ok) return { ok: false, error: built.error.message };
  const rejected = rejection(withApiServerDefaults(built.value.pod));
  return { ok: true, pod: built.value, ...(rejected ? { rejected } : {}) };
}

const UNREAD = 'an inline entry the controller never reads';
/** Whether the function used an inline entry beside a source for one of the runtimes: the controller never reads it. */
const unread = (c: Case, runtimes: readonly string[]): boolean =>
  c.source !== undefined && runtimes.some((r) => c.inline[r] !== undefined && c.inline[r] !== c.source![r]);

const LEFT = /^runtime "([^"]+)" is left for the controller: (.*)$/s;
/** The runtimes a "left for the controller" warning names: the first, and those "and so is/are" after it. */
function announced(message: RegExpExecArray): string[] {
  const after = /and so (?:is|are) (.+?), which the controller applies after it/.exec(message[2]!);
  return [message[1]!, ...(after ? after[1]!.split(/, | and /) : [])];
}

/** Judges one case. */
export function judge(c: Case): Verdict {
  const failures: Failure[] = [];
  const notes: string[] = [];
  const outcome = run(c.text);
  if (!outcome.ok)
    return { class: 'both failed', failures: [{ key: 'the input cannot be read', detail: outcome.error }], notes };
  const errors = outcome.results.filter((r) => r.severity === 'error');
  const input = (parse(c.text) as { items: Item[] }).items[0]!;
  const { data, standIns } = clusterData(c, runtimesOf(input));
  const model = new ControllerModel(data);
  const fromInput = build(model, input);
  const controllerFails = !fromInput.ok || fromInput.rejected !== undefined;
  if (standIns.length) notes.push('no source: a stand-in for a runtime without an entry');

  if (errors.length) {
    if (controllerFails) return { class: 'both failed', failures, notes };
    // A refusal by design says so with a stable tag (docs/refusals.md); its words are not matched.
    const documented = errors.find((e) => (REFUSAL_REASONS as readonly string[]).includes(e.tags?.reason ?? ''));
    if (documented) notes.push(`refused by design: ${documented.tags!.reason}`);
    else {
      failures.push({
        key: `false refusal${unread(c, runtimesOf(input)) ? ` (${UNREAD})` : ''}: ${shapeOf(errors[0]!.message)}`,
        detail: errors.map((e) => e.message).join('\n'),
      });
    }
    return { class: 'refused', failures, notes };
  }

  const output = (parse(outcome.output) as { items: Item[] }).items[0]!;
  const changed = JSON.stringify(input.spec) !== JSON.stringify(output.spec);
  const verdict: Verdict = { class: changed ? 'expanded' : 'left', failures, notes };
  if (!fromInput.ok) {
    failures.push({
      key: `the controller fails on the input, the function exits 0: ${shapeOf(fromInput.error)}`,
      detail: fromInput.error,
    });
    return verdict;
  }
  if (fromInput.rejected) notes.push('exit 0, and the API server rejects the Pod either way');
  const fromOutput = build(model, output);
  if (!fromOutput.ok) {
    failures.push({
      key: `live-pod: the output fails at pod creation: ${shapeOf(fromOutput.error)}`,
      detail: fromOutput.error,
    });
    return verdict;
  }
  const difference = podDifference(fromInput.pod.pod, fromOutput.pod.pod);
  if (difference) failures.push({ key: 'live-pod: the Pod differs', detail: difference });

  const about = outcome.results.filter((r) => r.resourceRef !== undefined);
  const left = about.map((r) => LEFT.exec(r.message)).filter((m): m is RegExpExecArray => m !== null);
  unannouncedWork(model, output, fromOutput.pod, new Set(left.flatMap(announced)), failures);
  for (const [, runtime, why] of left) {
    if (why!.startsWith('expanded here, the controller would build another Pod'))
      needlessLeave(model, input, fromInput.pod, runtime!, c, failures, about);
  }
  return verdict;
}

/**
 * Issue 20, defect 4: what the function did not say it left for the controller, the controller must not add
 * to at pod creation: the output with only the runtimes a warning names must be the same Pod (with none, the
 * output's template is the controller's Pod).
 */
function unannouncedWork(
  model: ControllerModel,
  output: Item,
  built: ModelledPod,
  left: ReadonlySet<string>,
  failures: Failure[],
): void {
  const announcedOnly = build(
    model,
    output,
    runtimesOf(output).filter((r) => left.has(r)),
  );
  if (!announcedOnly.ok) return;
  const added = podDifference(announcedOnly.pod.pod, built.pod);
  if (added)
    failures.push({
      key: 'unannounced: the controller adds to the output what no warning says is left',
      detail: `applied at pod creation: ${built.injection.applied.join(', ')} (announced: ${[...left].join(', ') || 'none'}); ${added}`,
    });
}

/**
 * Issue 20, defect 6: a runtime left because "the controller would build another Pod", where the reference
 * model, expanding the controller's order up to and including it, builds the same Pod.
 */
function needlessLeave(
  model: ControllerModel,
  input: Item,
  fromInput: ModelledPod,
  runtime: string,
  c: Case,
  failures: Failure[],
  about: Result[],
): void {
  const declared = runtimesOf(input);
  const fixed = fixedOrderRuntimes.filter((r) => declared.includes(r));
  const order = [...fixed, ...new Set(declared.filter((r) => !fixed.includes(r as never)))];
  const prefix = order.slice(0, order.indexOf(runtime) + 1);
  const decoded = new GoDecoder({}, true).decode(input.spec?.template ?? null, 'v1.PodTemplateSpec');
  if (!decoded.ok) return;
  const template = (decoded.value ?? {}) as PodTemplateSpec;
  const claims = claimsOf(input).map((name) => ({ name, persistentVolumeClaim: { claimName: name } }));
  const pod = {
    metadata: { ...template.metadata },
    spec: { ...template.spec, volumes: [...(template.spec?.volumes ?? []), ...claims] },
  };
  const injected = doSidecarInjection(prefix, pod, (r) => model.entry(r));
  if (!injected.ok) return;
  pod.spec.volumes = pod.spec.volumes?.filter((v) => !claims.includes(v as never));
  const keep = c.options.keepRuntimes ?? true;
  const expanded = new Set(prefix.filter((r) => !(keep && fixedOrderRuntimes.includes(r as never))));
  const item: Item = {
    kind: input.kind,
    spec: {
      ...input.spec,
      template: JSON.parse(JSON.stringify({ ...template, ...pod }, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))),
      runtimes: declared.filter((r) => !expanded.has(r)).map((name) => ({ name })),
    },
  };
  const ideal = build(model, item);
  if (!ideal.ok || ideal.rejected) return;
  if (podDifference(fromInput.pod, ideal.pod.pod) === undefined)
    failures.push({
      key: `needless leave (a ${input.kind}${unread(c, prefix) ? `; ${UNREAD}` : ''}): the reference expands it to the same Pod`,
      detail: `${runtime}: ${about.find((r) => r.message.startsWith(`runtime "${runtime}" is left`))?.message}`,
    });
}
