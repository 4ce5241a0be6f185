// The pod template as a runtime's rules see it while they run: as it is at that moment (the
// controller's guards and de-duplication look at what earlier runtimes added), with paths relative to
// the template. The planner records what the rules do to it (plan/changes.ts); a model of the
// controller can apply them to plain data. Either way the rules are written once, in the runtime units.
import type { Path } from '../base/data.js';
import type { Entry } from './entry-types.js';

export type PodObject = Record<string, unknown>;

export interface PodTemplate {
  get(path: Path): unknown;
  /** The list at path, or an empty one. */
  list(path: Path): PodObject[];
  append(path: Path, values: readonly unknown[]): void;
  prepend(path: Path, values: readonly unknown[]): void;
  set(path: Path, value: unknown): void;
  /**
   * The names of the items of the list at path, kept as the template's own edits change it (see
   * withNames): asking once per runtime must not cost a walk of every container added before it.
   */
  names?(path: Path): ReadonlySet<unknown>;
}

/** The names of the items of the list at path. */
export const namesIn = (pod: PodTemplate, path: Path): ReadonlySet<unknown> =>
  pod.names?.(path) ?? new Set(pod.list(path).map((item) => item.name));

/**
 * The names of the items of lists, read once and then kept as edits change the lists: asking once per
 * runtime must not cost a walk of every container added before it.
 */
export class ListNames {
  private readonly known = new Map<string, { path: Path; names: Set<unknown> }>();

  /** The names of the items of the list at path, `list` giving it when not known yet. */
  of(path: Path, list: () => readonly PodObject[]): ReadonlySet<unknown> {
    const key = path.join('\0');
    let entry = this.known.get(key);
    if (!entry) {
      entry = { path, names: new Set(list().map((item) => item.name)) };
      this.known.set(key, entry);
    }
    return entry.names;
  }

  /** Items added to the list at path (appended or prepended). */
  added(path: Path, values: readonly unknown[]): void {
    const names = this.known.get(path.join('\0'))?.names;
    for (const value of values) names?.add((value as PodObject | null)?.name);
  }

  /** A value set at path: a list, an item of one, or inside an item; the names it may change are read again. */
  set(path: Path): void {
    const within = (a: Path, b: Path) => a.length <= b.length && a.every((key, i) => key === b[i]);
    for (const [key, entry] of this.known)
      if (within(entry.path, path) || within(path, entry.path)) this.known.delete(key);
  }
}

/** A pod template over one that edits data, with `names` kept up to date through its own edits. */
export function withNames(pod: PodTemplate): PodTemplate {
  const names = new ListNames();
  return {
    get: (path) => pod.get(path),
    list: (path) => pod.list(path),
    append(path, values) {
      pod.append(path, values);
      names.added(path, values);
    },
    prepend(path, values) {
      pod.prepend(path, values);
      names.added(path, values);
    },
    set(path, value) {
      pod.set(path, value);
      names.set(path);
    },
    names: (path) => names.of(path, () => pod.list(path)),
  };
}

export const METADATA: Path = ['metadata'];
export const INIT_CONTAINERS: Path = ['spec', 'initContainers'];
export const CONTAINERS: Path = ['spec', 'containers'];
/** The controller always injects into the first container. */
export const MAIN: Path = [...CONTAINERS, 0];
export const VOLUMES: Path = ['spec', 'volumes'];

export const containerNames = (pod: PodTemplate): Set<string> =>
  new Set([...pod.list(INIT_CONTAINERS), ...pod.list(CONTAINERS)].map((c) => c.name as string));

/** The pod's volume names, with one per claim template (the controller adds those before injecting). */
export const volumeNames = (pod: PodTemplate, claimNames: readonly string[]): Set<string> =>
  new Set([...pod.list(VOLUMES).map((v) => v.name as string), ...claimNames]);

/** What a runtime's rules may say while they run, besides what they change. */
export interface ExpandContext {
  /** The runtime's name as declared. */
  readonly runtime: string;
  /** The names of the volumes the controller adds for the claim templates. */
  readonly claimNames: readonly string[];
  /** A warning about a field of the pod template (path relative to the template). */
  warn(message: string, field: Path): void;
}

/**
 * The guard of the built-in runtimes (the controller's utils.go:88): a runtime whose sidecar is already
 * an init container or container of the pod is skipped whole. Gives the sidecar's name.
 */
export function sidecarAlreadyPresent(pod: PodTemplate, entry: Entry): string | undefined {
  const existing = containerNames(pod);
  return entry.csiSidecar.find((sidecar) => existing.has(sidecar.name))?.name;
}

/** The controller ignores mainContainer.name: it says so when the name is not the first container's. */
export function warnIfMainContainerNameDiffers(pod: PodTemplate, entry: Entry, context: ExpandContext): void {
  const main = pod.list(CONTAINERS)[0];
  const configured = entry.mainContainer.name;
  if (main && configured && configured !== main.name) {
    context.warn(
      `runtime "${context.runtime}": its mainContainer.name is "${configured}", but the controller always ` +
        `injects into the first container, "${String(main.name)}"; reorder the containers or clear mainContainer.name`,
      [...MAIN, 'name'],
    );
  }
}
