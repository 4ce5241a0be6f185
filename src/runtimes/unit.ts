// What a runtime is to the function: the entry fields its rules read, the controller's guard or
// conflict check for it, and its expansion. One module per runtime declares all of these; ./table.ts
// lists them in the controller's order (docs/runtimes.md). Its built-in entries are not the unit's to
// declare: they are a vendor's, in ./profiles.ts.
import type { Path } from '../base/data.js';
import type { Entry, EntryField } from './entry-types.js';
import type { ExpandContext, PodTemplate } from './pod.js';

/** The sets of built-in entries (option `defaults`; `none` is the choice of no profile). */
export const PROFILES = ['ack', 'openkruise'] as const;
export type Profile = (typeof PROFILES)[number];

/** A name the controller fails pod creation on: an entry's container or volume that the pod has. */
export interface Conflict {
  what: 'init container' | 'container' | 'volume';
  name: string;
  /** The pod template's list that has it (relative to the template). */
  field: Path;
}

/** Any list index at this level of a place. */
export const ANY_INDEX = Symbol('any index');
/** Any mapping key at this level of a place. */
export const ANY_KEY = Symbol('any key');

/**
 * A place a runtime's rules write, relative to the pod template, and how: the status record may name
 * only these (provenance/record.ts). In a path, index 0 of the containers is the main container.
 */
export interface Place {
  readonly op: 'append' | 'prepend' | 'set';
  readonly path: readonly (string | number | typeof ANY_INDEX | typeof ANY_KEY)[];
  /**
   * Where a set may replace a value that was there (it rewrites a postStart hook or a probe), the kind
   * of value the key holds: what taking the injection out may put back. Without it, the set only fills
   * a key that held nothing, and nothing else may come back there.
   */
  readonly holds?: 'mapping';
}

export interface RuntimeUnit {
  /** The runtime's name; the table's fallback unit has none and serves every name not listed. */
  readonly name: string | undefined;
  /**
   * fixed: applied first, in the table's order, whatever the declared order, behind the guard;
   * declared: applied next, in declared order, checked for conflicts first.
   */
  readonly order: 'fixed' | 'declared';
  /** The entry fields the rules read, in the order their values are checked; the rest is unused. */
  readonly fields: readonly EntryField[];
  /** The controller's guard: the container that shows the runtime is injected already, if any. */
  alreadyPresent?(pod: PodTemplate, entry: Entry): string | undefined;
  /** The controller's conflict check, the first hit. */
  conflict?(pod: PodTemplate, entry: Entry, context: ExpandContext): Conflict | undefined;
  /**
   * Left declared for the controller even with an entry, if it is: why, and the option that has it
   * expanded here all the same, with what is then lost.
   */
  readonly leftForController?: {
    readonly why: string;
    /** A boolean option, by its name in the config, that has the runtime expanded here. */
    readonly unless: string;
    /** What expanding it here loses: said in a warning, where the option is on. */
    readonly lost: string;
  };
  /** What the controller does only while the runtime is declared: lost when keepRuntimes: false takes it out. */
  readonly whileDeclared?: string;
  /** Every place its expansion (and afterAll) writes; test/runtimes/places.test.ts holds plans to it. */
  readonly writes: readonly Place[];
  /** The expansion, applied to the pod template as it is at that moment. */
  expand(pod: PodTemplate, entry: Entry, context: ExpandContext): void;
  /** What the controller does once every runtime is applied, when this one was (traffic-proxy's probe rewrite). */
  afterAll?(pod: PodTemplate, defaulted: WebhookDefaulted): void;
}

/** What a kind's admission webhook defaulted in the template before the controller read it. */
export interface WebhookDefaulted {
  /** Whether the kind's webhook defaults the template's probes at all (the SandboxSet's does). */
  readonly probeDefaults: boolean;
  /**
   * The containers the template held when it was admitted, by name: the only ones it defaulted, as the
   * controller injects the others later. Without it, every container.
   */
  readonly containers?: ReadonlySet<string>;
}
