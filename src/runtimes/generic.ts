// Any runtime the table does not name: its init containers, containers and volumes appended, its
// labels and annotations set where absent, after the controller's conflict check (docs/expansion.md).
import type { Entry, NamedObject } from './entry-types.js';
import {
  CONTAINERS,
  INIT_CONTAINERS,
  METADATA,
  namesIn,
  VOLUMES,
  type ExpandContext,
  type PodTemplate,
} from './pod.js';
import { ANY_KEY, type Conflict, type Place, type RuntimeUnit } from './unit.js';

export const GENERIC_FIELDS = ['initContainers', 'containers', 'volume', 'labels', 'annotations'] as const;

/** The controller's conflict check, in its order: init containers, containers, volumes. */
export function genericConflict(pod: PodTemplate, entry: Entry, context: ExpandContext): Conflict | undefined {
  const checks: [Conflict['what'], NamedObject[], (name: string) => boolean, typeof CONTAINERS][] = [
    ['init container', entry.initContainers, (name) => namesIn(pod, INIT_CONTAINERS).has(name), INIT_CONTAINERS],
    ['container', entry.containers, (name) => namesIn(pod, CONTAINERS).has(name), CONTAINERS],
    ['volume', entry.volume, (name) => namesIn(pod, VOLUMES).has(name) || context.claimNames.includes(name), VOLUMES],
  ];
  for (const [what, wanted, exists, field] of checks) {
    const hit = wanted.find((w) => exists(w.name));
    if (hit) return { what, name: hit.name, field };
  }
  return undefined;
}

/** Where expandGeneric writes. */
export const GENERIC_PLACES: readonly Place[] = [
  { op: 'set', path: [...METADATA, 'labels', ANY_KEY] },
  { op: 'set', path: [...METADATA, 'annotations', ANY_KEY] },
  { op: 'append', path: INIT_CONTAINERS },
  { op: 'append', path: CONTAINERS },
  { op: 'append', path: VOLUMES },
];

export function expandGeneric(pod: PodTemplate, entry: Entry): void {
  for (const part of ['labels', 'annotations'] as const) {
    const existing = (pod.get([...METADATA, part]) ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(entry[part])) {
      if (!Object.hasOwn(existing, key)) pod.set([...METADATA, part, key], value);
    }
  }
  pod.append(INIT_CONTAINERS, entry.initContainers);
  // After the existing containers, so that containers[0] stays the main container.
  pod.append(CONTAINERS, entry.containers);
  pod.append(VOLUMES, entry.volume);
}

export const generic: RuntimeUnit = {
  name: undefined,
  order: 'declared',
  fields: GENERIC_FIELDS,
  conflict: genericConflict,
  writes: GENERIC_PLACES,
  expand: expandGeneric,
};
