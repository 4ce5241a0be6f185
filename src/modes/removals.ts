// What a status record had taken out that the current injection config would not inject: named in a
// warning, so that a record that lists the user's own container or label as injected (its hashes are
// anyone's to compute) is visible in the run's output. What an entry would inject is what its runtime's
// rules write into the resource as it is without the injection: the units themselves say it.
import { copyData, nameOf, type Path } from '../base/data.js';
import { joinPath } from '../base/decode.js';
import { result, type Result, type Subject } from '../base/results.js';
import { Recorder } from '../plan/changes.js';
import type { ConfigView, Plan } from '../plan/expand.js';
import { decodeSandbox } from '../plan/sandbox.js';
import { pathKey, type Placed } from '../provenance/record.js';
import { STATUS_ANNOTATION } from '../provenance/status.js';
import type { Strip } from '../provenance/strip.js';

/**
 * A warning naming each part taken out that its runtime's current entry would not inject; none when
 * there is none. With the new injection's plan (inject and check make one), what it writes again needs
 * no other look: a re-run that changes nothing costs no more.
 */
export function unexpectedRemovals(
  stripped: Record<string, unknown>,
  parts: Strip['taken'],
  placed: Placed,
  { config, entryOf }: { config: ConfigView; entryOf: ConfigView['lookup'] },
  subject: Subject,
  planned?: Plan,
): Result[] {
  const again = new Set<string>();
  for (const change of planned?.changes ?? []) {
    const runtime = planned!.madeBy.get(change) ?? '';
    if (change.op === 'append')
      for (const value of change.values) again.add(runtime + itemKey(change.path, nameOf(value)));
    else again.add(runtime + itemKey(change.path));
  }
  const taken = parts.filter(
    ({ runtime, pointer, name }) => !again.has(runtime + itemKey(placed.recordedAt(pointer), name)),
  );
  if (taken.length === 0) return [];
  const view = decodeSandbox(stripped, placed.kind);
  const writes = new Map<string, Set<string>>();
  /** Where a runtime's current entry writes into the resource, with each list item's name. */
  const wouldWrite = (runtime: string): Set<string> => {
    const known = writes.get(runtime);
    if (known) return known;
    const places = new Set<string>();
    writes.set(runtime, places);
    const lookup = entryOf(runtime);
    if (!view.ok || !view.value.template || !lookup.ok) return places;
    const unit = config.runtimes.unitFor(runtime);
    const recorder = new Recorder(copyData(view.value.data));
    const pod = recorder.below(placed.kind.podTemplate, runtime);
    unit.expand(pod, lookup.value.entry, { runtime, claimNames: view.value.claimNames, warn: () => {} });
    unit.afterAll?.(pod, placed.kind);
    for (const change of recorder.changes) {
      if (change.op === 'append') for (const value of change.values) places.add(itemKey(change.path, nameOf(value)));
      else places.add(itemKey(change.path));
    }
    return places;
  };
  const unexpected = taken.filter(
    ({ runtime, pointer, name }) => !wouldWrite(runtime).has(itemKey(placed.recordedAt(pointer), name)),
  );
  if (unexpected.length === 0) return [];
  const named = unexpected.map(({ runtime, pointer, name }) => {
    const where = joinPath(placed.at(pointer));
    return `runtime ${runtime}: ${name === undefined ? where : `"${name}" in ${where}`}`;
  });
  return [
    result(
      'warning',
      `the status record had these taken out, which the current injection config would not inject: ` +
        `${named.join('; ')}; if the function did not write the record, restore them from version control`,
      subject,
      `metadata.annotations.${STATUS_ANNOTATION}`,
    ),
  ];
}

const itemKey = (path: Path, name?: unknown): string => `${pathKey(path)}\0${name === undefined ? '' : String(name)}`;
