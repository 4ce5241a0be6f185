// The plan's output: edits to one resource, as paths into it. The YAML layer turns them into text edits,
// so the planner never sees YAML, and the applier never sees injection rules.

import { copyData, PlainEditor, type Path } from '../base/data.js';
import { ListNames, type PodTemplate } from '../runtimes/pod.js';

export type Change =
  /** Add values at the end of the list at path; the list (and its parents) are created when absent. */
  | { op: 'append'; path: Path; values: unknown[] }
  /** Add values at the start of the list at path, which exists. */
  | { op: 'prepend'; path: Path; values: unknown[] }
  /** Set the value at path, replacing what is there; parents are created when absent. */
  | { op: 'set'; path: Path; value: unknown }
  /** Remove the list item or mapping key at path. */
  | { op: 'remove'; path: Path }
  /** Take out the first `count` items of the list at path, as a prepend put them there. */
  | { op: 'removeFirst'; path: Path; count: number }
  /** Put back the original text of the pair at path (undoing a replacement). */
  | { op: 'restore'; path: Path; text: string }
  /** Put back the original text of list items before item `index` of the list at path (or at its end). */
  | { op: 'insertText'; path: Path; index: number; text: string }
  /** Put back the original text of a whole pair, the last key of path, after the pair named `after`. */
  | { op: 'insertPair'; path: Path; after: string | null; text: string };

/**
 * Applies changes to a working copy of the resource as they are planned, so that later rules see the
 * pod "as it is at that moment" (the controller's guards and de-duplication do), and records them,
 * each with the runtime that made it ('' for the resource's own, such as spec.runtimes).
 */
export class Recorder {
  readonly changes: Change[] = [];
  /** Which runtime made each change, for the status record. */
  readonly madeBy = new Map<Change, string>();
  /** How many edits were made; appends to one list share a change, so this is not changes.length. */
  operations = 0;
  private readonly editor: PlainEditor;
  /** Items this plan appended, each with the change that carries it and its place there. */
  private readonly appended = new Map<unknown, { change: Extract<Change, { op: 'append' }>; index: number }>();
  /** The append change of each runtime and list. */
  private readonly appends = new Map<string, Extract<Change, { op: 'append' }>>();
  /** The names of the lists the runtimes' rules ask about, kept through every runtime's edits. */
  private readonly names = new ListNames();

  constructor(readonly working: Record<string, unknown>) {
    this.editor = new PlainEditor(working);
  }

  get(path: Path): unknown {
    return this.editor.get(path);
  }

  list(path: Path): Record<string, unknown>[] {
    return this.editor.list(path);
  }

  append(path: Path, values: readonly unknown[], runtime: string): void {
    if (values.length === 0) return;
    this.operations++;
    if (this.editInsideAppended(path, (editor, at) => editor.append(at, values))) return;
    this.editor.append(path, values);
    this.names.added(path, values);
    // One change per runtime and list, found by key: a search of the changes made would cost as many
    // steps as runtimes before it.
    const key = `${runtime}\0${path.join('\0')}`;
    const previous = this.appends.get(key);
    const change = previous ?? { op: 'append' as const, path, values: [] };
    const start = change.values.length;
    change.values.push(...values);
    values.forEach((value, i) => this.appended.set(value, { change, index: start + i }));
    if (!previous) {
      this.appends.set(key, change);
      this.record(change, runtime);
    }
  }

  prepend(path: Path, values: readonly unknown[], runtime: string): void {
    this.operations++;
    if (this.editInsideAppended(path, (editor, at) => editor.prepend(at, values))) return;
    this.editor.prepend(path, values);
    this.names.added(path, values);
    this.record({ op: 'prepend', path, values: [...values] }, runtime);
  }

  set(path: Path, value: unknown, runtime: string): void {
    this.operations++;
    if (this.editInsideAppended(path, (editor, at) => editor.set(at, value))) return;
    this.editor.set(path, value);
    this.names.set(path);
    this.record({ op: 'set', path, value }, runtime);
  }

  /**
   * An edit inside an item this plan appended (the probe rewrite's env on an injected proxy) is no change
   * of its own: the item, copied (entries are frozen, and shared by every resource), takes the edit, and
   * the append carries it.
   */
  private editInsideAppended(path: Path, edit: (editor: PlainEditor, at: Path) => void): boolean {
    let node: unknown = this.working;
    for (const [depth, key] of path.entries()) {
      if (node === null || typeof node !== 'object') return false;
      const parent = node as Record<string | number, unknown>;
      node = parent[key];
      const mark = this.appended.get(node);
      if (!mark || depth === path.length - 1) continue;
      const copy = copyData(node) as Record<string, unknown>;
      parent[key] = copy;
      mark.change.values[mark.index] = copy;
      this.appended.delete(node);
      this.appended.set(copy, mark);
      edit(new PlainEditor(copy), path.slice(depth + 1));
      return true;
    }
    return false;
  }

  /** The part of the resource below `base` (the pod template), as a runtime's rules edit it. */
  below(base: Path, runtime: string): PodTemplate {
    const at = (path: Path): Path => [...base, ...path];
    return {
      get: (path) => this.get(at(path)),
      list: (path) => this.list(at(path)),
      append: (path, values) => this.append(at(path), values, runtime),
      prepend: (path, values) => this.prepend(at(path), values, runtime),
      set: (path, value) => this.set(at(path), value, runtime),
      names: (path) => this.names.of(at(path), () => this.list(at(path))),
    };
  }

  /**
   * Records the removal (the resource's own change) without touching the working copy, so that earlier
   * indices stay valid.
   */
  remove(path: Path): void {
    this.operations++;
    this.record({ op: 'remove', path }, '');
  }

  private record(change: Change, runtime: string): void {
    this.changes.push(change);
    this.madeBy.set(change, runtime);
  }
}
