// The runtimes the function knows, in the controller's order: the fixed-order built-ins first (in this
// order), then every other runtime in declared order. Entry checks, unused-field warnings and the
// messages that list runtimes are all derived from here (docs/runtimes.md: adding a runtime).
import { agentRuntime } from './agent-runtime.js';
import { csi } from './csi.js';
import { generic } from './generic.js';
import { BUILT_IN_PROFILES } from './profiles.js';
import { trafficProxy } from './traffic-proxy.js';
import type { Profile, RuntimeUnit } from './unit.js';

export class RuntimeTable {
  /**
   * @param units the named runtimes, fixed-order ones in the controller's order, each name once (two
   * units of one name are a bug of the caller: which rules apply would depend on who asks)
   * @param fallback the rules of every other name
   */
  constructor(
    readonly units: readonly RuntimeUnit[],
    private readonly fallback: RuntimeUnit = generic,
  ) {
    const names = units.map((u) => u.name);
    if (names.includes(undefined))
      throw new Error('a runtime table lists named units; the unnamed one is its fallback');
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice !== undefined) throw new Error(`a runtime table takes each runtime once: ${twice} is there twice`);
  }

  /** The unit whose rules a runtime of this name follows. */
  unitFor(name: string): RuntimeUnit {
    return this.units.find((u) => u.name === name) ?? this.fallback;
  }

  /** The runtimes the controller applies first, in its fixed order, whatever the declared order. */
  get fixedOrder(): string[] {
    return this.units.filter((u) => u.order === 'fixed').map((u) => u.name!);
  }

  isFixedOrder(name: string): boolean {
    return this.unitFor(name).order === 'fixed';
  }

  /** The built-in entry of a runtime of this table in a profile, if the profile's vendor ships one. */
  defaultEntry(name: string, profile: Profile): unknown {
    const { entries } = BUILT_IN_PROFILES[profile];
    return this.units.some((u) => u.name === name) && Object.hasOwn(entries, name) ? entries[name] : undefined;
  }

  /** The runtimes of this table with a built-in entry in a profile, in the table's order. */
  withDefaults(profile: Profile): string[] {
    return this.units.flatMap((u) =>
      u.name !== undefined && this.defaultEntry(u.name, profile) !== undefined ? [u.name] : [],
    );
  }

  /** How messages name the kind of runtime: a fixed-order one by name, the others together. */
  describe(name: string): string {
    return this.isFixedOrder(name) ? `the ${name} runtime` : `a runtime other than ${inWords(this.fixedOrder)}`;
  }
}

/** Names in a sentence: "a", "a and b", "a, b and c". */
export const inWords = (names: readonly string[]): string =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

export const RUNTIMES = new RuntimeTable([agentRuntime, csi, trafficProxy]);
