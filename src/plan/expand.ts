// The expansion of one Sandbox or SandboxSet (SPEC §6, §7), with the controller's order, guards,
// de-duplication and postStart merge. Pure: a decoded resource and the config in, changes and results out.
import { decode } from '../base/decode.js';
import { result, type Result, type Subject } from '../base/results.js';
import { BUILT_IN_RUNTIMES, isBuiltIn, type Entry, type HandlerObject, type NamedObject } from '../runtimes/entry.js';
import type { Lookup } from '../config/sources.js';
import type { Options } from '../config/functionConfig.js';
import { copyData, type Path } from '../base/data.js';
import { Recorder, type Change } from './changes.js';
import { roleOf, SandboxCodec, type Sandbox } from './sandbox.js';
import { validatePod } from './validate-pod.js';

export interface Plan {
  changes: Change[];
  results: Result[];
  /** Which runtime made each change ('' for the resource's own, such as spec.runtimes). */
  madeBy: ReadonlyMap<Change, string>;
  /** The entry hash of each runtime expanded here, in order. */
  expanded: { name: string; hash: string }[];
  /** Status records made from this plan, by the log of applying it (provenance/status.ts); resources that share the plan share them. */
  records: Map<string, string>;
}

/** What the planner needs of the config: the options and a way to find each runtime's entry. */
export interface ConfigView {
  options: Options;
  lookup(runtime: string): Lookup;
}

const TEMPLATE: Path = ['spec', 'template'];
const POD: Path = [...TEMPLATE, 'spec'];
const MAIN: Path = [...POD, 'containers', 0];
const TRAFFIC_PROXY = 'traffic-proxy';
const REGION_HINT =
  'set regionId (kpt: `-- regionId=cn-hangzhou`; ConfigMap data.regionId; SandboxRuntimeInjection spec.regionId)';

/** A plan that changes nothing, with its results. */
const unchanged = (results: Result[]): Plan => ({
  changes: [],
  results,
  madeBy: new Map(),
  expanded: [],
  records: new Map(),
});

export function planResource(object: Record<string, unknown>, config: ConfigView, subject: Subject): Plan {
  const role = roleOf(object.apiVersion, object.kind);
  if (role === 'ignore') return unchanged([]);
  const spec = object.spec as Record<string, unknown> | undefined;
  const declaredAny = Array.isArray(spec?.runtimes) && spec.runtimes.length > 0;
  if (role === 'report') {
    const results = declaredAny
      ? [
          result(
            'info',
            `${object.kind} declares spec.runtimes, which the controller does not expand into pods from a ${object.kind}; left unchanged`,
            subject,
            'spec.runtimes',
          ),
        ]
      : [];
    return unchanged(results);
  }
  const decoded = decode(SandboxCodec, object);
  if (!decoded.ok) {
    return unchanged(
      decoded.problems.map((p) =>
        result(
          'error',
          `cannot expand runtimes: ${p.path || 'the resource'}: ${p.message}; the resource is left unchanged`,
          subject,
          p.path || undefined,
        ),
      ),
    );
  }
  return new Expansion(decoded.value, object, config, subject).run();
}

class Expansion {
  private readonly results: Result[] = [];
  private readonly recorder: Recorder;
  private readonly declared: { name: string; index: number }[] = [];
  /** Runtimes expanded here, or found already present, in the order they were handled. */
  private readonly expanded: string[] = [];
  private readonly present: string[] = [];
  /** Expanded runtimes that added nothing, e.g. csi on a template without containers. */
  private readonly empty = new Set<string>();

  constructor(
    private readonly sandbox: Sandbox,
    object: Record<string, unknown>,
    private readonly config: ConfigView,
    private readonly subject: Subject,
  ) {
    this.recorder = new Recorder(copyData(object));
    const seen = new Set<string>();
    (sandbox.spec.runtimes ?? []).forEach((r, index) => {
      if (!seen.has(r.name)) this.declared.push({ name: r.name, index });
      seen.add(r.name);
    });
  }

  run(): Plan {
    const spec = this.sandbox.spec;
    if (this.declared.length === 0) return this.done();
    if (!spec.template) {
      const why = spec.templateRef
        ? 'its pod template lives in the SandboxTemplate named by spec.templateRef, so the controller injects at pod creation'
        : 'it has no spec.template to inject into';
      this.report('warning', `spec.runtimes not expanded: ${why}; left unchanged`, 'spec.runtimes');
      return this.done();
    }
    for (const name of BUILT_IN_RUNTIMES) {
      const declared = this.declared.find((d) => d.name === name);
      if (declared) this.builtIn(declared.name, declared.index);
    }
    for (const { name, index } of this.declared) if (!isBuiltIn(name)) this.generic(name, index);
    if (this.failed()) return this.done();
    if (this.recorder.operations > 0) this.results.push(...validatePod(this.recorder.working, this.subject));
    if (this.failed()) return this.done();
    const changed = this.expanded.filter((name) => !this.empty.has(name));
    if (changed.length)
      this.report('info', `expanded runtimes ${changed.join(', ')} into spec.template`, 'spec.template');
    for (const name of this.expanded.filter((n) => this.empty.has(n))) {
      this.report(
        'info',
        `runtime "${name}" has nothing to inject into this template (the controller would add nothing either)`,
        'spec.template',
      );
    }
    this.undeclareRuntimes();
    return this.done();
  }

  private failed(): boolean {
    return this.results.some((r) => r.severity === 'error');
  }

  /** SPEC §6.7: an error leaves the resource unchanged. */
  private done(): Plan {
    if (this.failed()) return unchanged(this.results);
    const expanded = this.expanded.map((name) => ({
      name,
      hash: (this.config.lookup(name) as Extract<Lookup, { ok: true }>).hash,
    }));
    return {
      changes: this.recorder.changes,
      results: this.results,
      madeBy: this.recorder.madeBy,
      expanded,
      records: new Map(),
    };
  }

  private report(severity: Result['severity'], message: string, field?: string): void {
    this.results.push(result(severity, message, this.subject, field));
  }

  /** The entry for a runtime, or an error result (and undefined) when it cannot be used. */
  private entryFor(name: string, index: number): Entry | undefined {
    const found = this.config.lookup(name);
    if (!found.ok) {
      this.report(
        'error',
        `runtime "${name}": ${found.message}; the resource is left unchanged`,
        `spec.runtimes[${index}]`,
      );
      return undefined;
    }
    if (found.missingRegion.length) {
      this.report(
        'error',
        `runtime "${name}": its injection config (from ${found.source}) has the placeholder <region-id> in ${found.missingRegion.join(', ')}, but no regionId is set; ${REGION_HINT}`,
        `spec.runtimes[${index}]`,
      );
      return undefined;
    }
    return found.entry;
  }

  private containerNames(): Set<string> {
    const r = this.recorder;
    return new Set(
      [...r.list([...POD, 'initContainers']), ...r.list([...POD, 'containers'])].map((c) => c.name as string),
    );
  }

  /** Existing volume names: the template's, injected ones, and one per volumeClaimTemplate (SPEC §6.2). */
  private volumeNames(): Set<string> {
    const claims = (this.sandbox.spec.volumeClaimTemplates ?? [])
      .map((c) => c.metadata?.name)
      .filter((n): n is string => !!n);
    return new Set([...this.recorder.list([...POD, 'volumes']).map((v) => v.name as string), ...claims]);
  }

  private builtIn(name: string, index: number): void {
    const lookup = this.config.lookup(name);
    // The guard comes before the region check: a skipped runtime injects nothing, so needs no region.
    if (lookup.ok) {
      const existing = this.containerNames();
      const present = lookup.entry.csiSidecar.find((s) => existing.has(s.name));
      if (present) {
        this.report(
          'info',
          `runtime "${name}" already present (container "${present.name}" exists), skipped as the controller does`,
          `spec.runtimes[${index}]`,
        );
        this.present.push(name);
        return;
      }
    }
    const entry = this.entryFor(name, index);
    if (!entry) return;
    this.checkMainContainerName(name, entry);
    this.expand(name, () => (name === 'agent-runtime' ? this.agentRuntime(entry) : this.csi(entry)));
  }

  private checkMainContainerName(name: string, entry: Entry): void {
    const main = this.recorder.list([...POD, 'containers'])[0];
    const configured = entry.mainContainer.name;
    if (main && configured && configured !== main.name) {
      this.report(
        'warning',
        `runtime "${name}": its mainContainer.name is "${configured}", but the controller always injects into the first container, "${main.name}"; reorder the containers or clear mainContainer.name`,
        'spec.template.spec.containers[0].name',
      );
    }
  }

  private agentRuntime(entry: Entry): void {
    const r = this.recorder;
    r.append([...POD, 'initContainers'], entry.csiSidecar);
    if (r.list([...POD, 'containers']).length === 0) return;
    this.mergePostStart(entry.mainContainer.postStart);
    r.append([...MAIN, 'env'], entry.mainContainer.env);
    r.append([...MAIN, 'volumeMounts'], entry.mainContainer.volumeMounts);
    r.append([...POD, 'volumes'], entry.volume);
  }

  private mergePostStart(injected: HandlerObject | undefined): void {
    if (!isValidHandler(injected)) return;
    const r = this.recorder;
    const lifecycle = r.get([...MAIN, 'lifecycle']) as Record<string, unknown> | null | undefined;
    if (!lifecycle) return r.set([...MAIN, 'lifecycle'], { postStart: injected });
    const user = lifecycle.postStart as HandlerObject | undefined;
    if (!isValidHandler(user)) return r.set([...MAIN, 'lifecycle', 'postStart'], injected);
    if (!injected.exec || !user.exec) {
      this.report(
        'warning',
        'runtime "agent-runtime": the main container has a postStart hook that is not exec, so the injected postStart exec hook is dropped (as the controller drops it); make the hook an exec command to have both run',
        'spec.template.spec.containers[0].lifecycle.postStart',
      );
      return;
    }
    const injectedCommand = injected.exec.command ?? [];
    const userCommand = user.exec.command ?? [];
    // The controller replaces the hook with a new exec handler; other fields of the user's handler go.
    const onlyCommand =
      Object.keys(user).every((k) => k === 'exec') && Object.keys(user.exec).every((k) => k === 'command');
    if (!onlyCommand) {
      const command = userCommand.length ? [...injectedCommand, '--', ...userCommand] : injectedCommand;
      return r.set([...MAIN, 'lifecycle', 'postStart'], { exec: { command } });
    }
    const commandPath = [...MAIN, 'lifecycle', 'postStart', 'exec', 'command'];
    if (userCommand.length === 0) r.set(commandPath, injectedCommand);
    else r.prepend(commandPath, [...injectedCommand, '--']);
  }

  private csi(entry: Entry): void {
    const r = this.recorder;
    if (r.list([...POD, 'containers']).length === 0) return;
    r.append([...MAIN, 'env'], withNewNames(r.list([...MAIN, 'env']), entry.mainContainer.env));
    r.append(
      [...MAIN, 'volumeMounts'],
      withNewNames(r.list([...MAIN, 'volumeMounts']), entry.mainContainer.volumeMounts),
    );
    r.append([...POD, 'initContainers'], entry.csiSidecar);
    const volumes = this.volumeNames();
    r.append(
      [...POD, 'volumes'],
      entry.volume.filter((v) => !volumes.has(v.name) && volumes.add(v.name)),
    );
  }

  private generic(name: string, index: number): void {
    const found = this.config.lookup(name);
    if (found.ok && name === TRAFFIC_PROXY) {
      this.report(
        'warning',
        `runtime "${TRAFFIC_PROXY}" is not expanded offline: the controller also rewrites health probes at pod creation; it stays declared and is injected in the cluster`,
        `spec.runtimes[${index}]`,
      );
      return;
    }
    const entry = this.entryFor(name, index);
    if (!entry) return;
    const conflict = this.genericConflict(entry);
    if (conflict) {
      this.report(
        'error',
        `failed to inject runtime "${name}": inject conflicting with ${conflict.what}: ${conflict.name} (the controller fails pod creation on this); rename or remove ${conflict.what} "${conflict.name}" in the template or in the entry`,
        conflict.field,
      );
      return;
    }
    this.expand(name, () => {
      const r = this.recorder;
      for (const part of ['labels', 'annotations'] as const) {
        const existing = (r.get([...TEMPLATE, 'metadata', part]) ?? {}) as Record<string, unknown>;
        for (const [key, value] of Object.entries(entry[part])) {
          if (!Object.hasOwn(existing, key)) r.set([...TEMPLATE, 'metadata', part, key], value);
        }
      }
      r.append([...POD, 'initContainers'], entry.initContainers);
      r.append([...POD, 'containers'], entry.containers);
      r.append([...POD, 'volumes'], entry.volume);
    });
  }

  private expand(name: string, apply: () => void): void {
    const before = this.recorder.operations;
    this.recorder.runtime = name;
    apply();
    this.recorder.runtime = '';
    if (this.recorder.operations === before) this.empty.add(name);
    this.expanded.push(name);
  }

  /** The controller's conflict check, in its order; the first hit wins. */
  private genericConflict(entry: Entry): { what: string; name: string; field: string } | undefined {
    const r = this.recorder;
    const checks: [string, NamedObject[], Set<string>, string][] = [
      [
        'init container',
        entry.initContainers,
        new Set(r.list([...POD, 'initContainers']).map((c) => c.name as string)),
        'initContainers',
      ],
      [
        'container',
        entry.containers,
        new Set(r.list([...POD, 'containers']).map((c) => c.name as string)),
        'containers',
      ],
      ['volume', entry.volume, this.volumeNames(), 'volumes'],
    ];
    for (const [what, wanted, existing, field] of checks) {
      const hit = wanted.find((w) => existing.has(w.name));
      if (hit) return { what, name: hit.name, field: `spec.template.spec.${field}` };
    }
    return undefined;
  }

  /** SPEC §7: expanded generic runtimes leave spec.runtimes; built-ins too with keepRuntimes: false. */
  private undeclareRuntimes(): void {
    const keep = this.config.options.keepRuntimes;
    const handled = new Set([...this.expanded, ...this.present]);
    const goes = (name: string) => handled.has(name) && (!keep || !isBuiltIn(name));
    const runtimes = this.sandbox.spec.runtimes ?? [];
    const removed = [...new Set(runtimes.map((r) => r.name).filter(goes))];
    if (removed.length === 0) return;
    const why = keep
      ? 'they are expanded here, and the controller would inject them again and fail on the conflict'
      : 'keepRuntimes is false';
    this.report('info', `removed ${removed.join(', ')} from spec.runtimes: ${why}`, 'spec.runtimes');
    if (runtimes.every((r) => goes(r.name))) return this.recorder.remove(['spec', 'runtimes']);
    runtimes.forEach((r, i) => goes(r.name) && this.recorder.remove(['spec', 'runtimes', i]));
  }
}

/** A handler counts if it has exec, httpGet or tcpSocket, as in the controller (a sleep handler does not). */
function isValidHandler(handler: HandlerObject | null | undefined): handler is HandlerObject {
  if (!handler) return false;
  const h = handler as Record<string, unknown>;
  return (
    (h.exec !== undefined && h.exec !== null) ||
    (h.httpGet !== undefined && h.httpGet !== null) ||
    (h.tcpSocket !== undefined && h.tcpSocket !== null)
  );
}

/** The csi rule: add each item unless one of that name exists, checked against the growing list. */
function withNewNames(existing: Record<string, unknown>[], wanted: NamedObject[]): NamedObject[] {
  const names = new Set(existing.map((e) => e.name));
  return wanted.filter((w) => !names.has(w.name) && names.add(w.name));
}
