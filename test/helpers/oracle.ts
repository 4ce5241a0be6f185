// The meaning of a plan, applied to plain data: what the YAML text edits must amount to.
import type { Change } from '../../src/plan/changes.js';

type Container = Record<string | number, unknown>;

export function applyToValue(value: unknown, changes: readonly Change[]): unknown {
  const root = structuredClone(value) as Container;
  const removals: Change[] = [];
  for (const change of changes) {
    if (change.op === 'remove') {
      removals.push(change);
      continue;
    }
    if (change.op !== 'set' && change.op !== 'append' && change.op !== 'prepend')
      throw new Error(`the oracle does not apply ${change.op}`);
    const parent = walk(root, change.path.slice(0, -1));
    const key = change.path[change.path.length - 1]!;
    if (change.op === 'set') parent[key] = change.value;
    else {
      const list = Array.isArray(parent[key]) ? (parent[key] as unknown[]) : [];
      parent[key] = change.op === 'append' ? [...list, ...change.values] : [...change.values, ...list];
    }
  }
  // Removals name indices in the original lists, so they go last, highest index first.
  for (const change of removals.reverse()) {
    const parent = walk(root, change.path.slice(0, -1));
    const key = change.path[change.path.length - 1]!;
    if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
    else delete parent[key];
  }
  return root;
}

function walk(root: Container, path: readonly (string | number)[]): Container {
  let node = root;
  for (const key of path) {
    if (node[key] === undefined || node[key] === null) node[key] = {};
    node = node[key] as Container;
  }
  return node;
}
