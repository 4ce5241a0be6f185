// One item handed to a mode as the pipeline hands it over (src/pipeline.ts's transform, and
// src/modes/item.ts's rewriteItem): for the unit tests of src/modes/, which call inject, uninject and
// check on one small item, without a run around them.
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { Renderer } from '../../src/apply/render.js';
import { Hasher } from '../../src/base/hash.js';
import { KINDS, kindOf } from '../../src/base/kinds.js';
import { decodeFunctionConfig, type Mode } from '../../src/config/functionConfig.js';
import { Resolver } from '../../src/config/sources.js';
import type { Item, ItemRun } from '../../src/modes/item.js';
import { livePodDifference } from '../../src/plan/live-pod.js';
import { sharedPlanner } from '../../src/plan/planner.js';
import { readStatus } from '../../src/provenance/status.js';
import { parseAlone } from '../../src/read/input.js';
import { subjectOf } from '../../src/read/metadata.js';

/** A functionConfig with two entries: csi edits the main container; logger adds a container and a label. */
export const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata: {name: fn}
data:
  csi: '{"mainContainer": {"env": [{"name": "CSI_MODE", "value": "on"}]}}'
  logger: '{"labels": {"logging": "on"}, "containers": [{"name": "logger", "image": "logger:v1"}]}'
`;

/** A Sandbox that declares the runtimes, with a main container (and what `containers` adds after it). */
export const sandbox = (runtimes: readonly string[], containers = '') =>
  `apiVersion: agents.kruise.io/v1alpha1
kind: Sandbox
metadata:
  name: s
spec:
${runtimes.length ? `  runtimes:\n${runtimes.map((r) => `  - name: ${r}\n`).join('')}` : ''}  template:
    spec:
      containers:
      - name: main
        image: busybox
${containers}`;

/** What a mode takes from its run, for a functionConfig (a SandboxRuntimeInjection or a ConfigMap). */
export function itemRun(mode: Mode, configText = CONFIG): ItemRun {
  const decoded = decodeFunctionConfig(parse(configText));
  if (!decoded.ok) assert.fail(`the config cannot be decoded: ${JSON.stringify(decoded.error)}`);
  const hasher = new Hasher();
  const created = Resolver.create(decoded.value, [], undefined, hasher);
  if (!created.ok) assert.fail(`no resolver: ${JSON.stringify(created.error)}`);
  const planning = created.value.forPlanning();
  return {
    kinds: KINDS,
    planner: sharedPlanner(planning, KINDS),
    config: planning,
    entryOf: planning.lookup,
    mode,
    hasher,
    renderer: new Renderer(),
    livePodDifference: livePodDifference(planning, KINDS),
  };
}

/** An item of one of the kinds, parsed, with its status record read, as rewriteItem hands it to a mode. */
export function itemOf(text: string, run: ItemRun): Item {
  const parsed = parseAlone(text);
  if (!parsed.ok) assert.fail(`the item cannot be read: ${parsed.error}`);
  const original = { text, ...parsed.value };
  const kind = kindOf(original.value.apiVersion, original.value.kind, run.kinds);
  assert.ok(kind, 'an item of one of the kinds');
  const status = readStatus(original.value);
  if (status && !status.ok) assert.fail(`a status record that cannot be read: ${status.error}`);
  return { kind, original, status: status?.value, subject: subjectOf(original.value), run };
}
