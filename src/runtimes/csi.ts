// csi: the storage sidecar as an init container, with its env, mounts and volumes added only where the
// pod has none of that name (the controller de-duplicates for csi; docs/expansion.md).
import type { NamedObject } from './entry-types.js';
import {
  CONTAINERS,
  INIT_CONTAINERS,
  MAIN,
  sidecarAlreadyPresent,
  volumeNames,
  VOLUMES,
  warnIfMainContainerNameDiffers,
} from './pod.js';
import type { RuntimeUnit } from './unit.js';

export const csi: RuntimeUnit = {
  name: 'csi',
  order: 'fixed',
  fields: ['mainContainer.name', 'mainContainer.env', 'mainContainer.volumeMounts', 'csiSidecar', 'volume'],
  alreadyPresent: sidecarAlreadyPresent,
  writes: [
    { op: 'append', path: [...MAIN, 'env'] },
    { op: 'append', path: [...MAIN, 'volumeMounts'] },
    { op: 'append', path: INIT_CONTAINERS },
    { op: 'append', path: VOLUMES },
  ],
  expand(pod, entry, context) {
    warnIfMainContainerNameDiffers(pod, entry, context);
    if (pod.list(CONTAINERS).length === 0) return;
    pod.append([...MAIN, 'env'], withNewNames(pod.list([...MAIN, 'env']), entry.mainContainer.env));
    pod.append(
      [...MAIN, 'volumeMounts'],
      withNewNames(pod.list([...MAIN, 'volumeMounts']), entry.mainContainer.volumeMounts),
    );
    pod.append(INIT_CONTAINERS, entry.csiSidecar);
    const volumes = volumeNames(pod, context.claimNames);
    pod.append(
      VOLUMES,
      entry.volume.filter((v) => !volumes.has(v.name) && volumes.add(v.name)),
    );
  },
};

/** Each item unless one of that name exists, checked against the growing list. */
function withNewNames(existing: Record<string, unknown>[], wanted: NamedObject[]): NamedObject[] {
  const names = new Set(existing.map((e) => e.name));
  return wanted.filter((w) => !names.has(w.name) && names.add(w.name));
}
