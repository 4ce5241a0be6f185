// What the conformance tests share about the function: its whole injection of a Go test's pod with a
// ConfigMap's data, as production runs it, and the runtime units applied to a plain pod, as the Go helpers
// apply them.
import assert from 'node:assert/strict';
import { copyData, PlainEditor } from '../../src/base/data.js';
import { parse, stringify } from 'yaml';
import { run } from '../../src/pipeline.js';
import { decodeEntry, entryFromJson, type Entry } from '../../src/runtimes/entry.js';
import type { ExpandContext } from '../../src/runtimes/pod.js';
import type { Injected, Template } from './whole-cases.js';

/** An entry written as the controller's ConfigMap holds it (JSON text), decoded. */
export function entryOf(text: string): Entry {
  const decoded = decodeEntry(entryFromJson(text, JSON.parse(text)));
  assert.ok(decoded.ok, JSON.stringify(decoded));
  return decoded.value;
}

/**
 * doSidecarInjection as the function does it: the pipeline (src/pipeline.ts) on a Sandbox whose template is
 * the pod, with the ConfigMap's data as the source and every runtime expanded here (expandTrafficProxy). The
 * Pod is the output's template; a refusal is the errors' text.
 */
export function inject(pod: Template, runtimes: readonly string[], data?: Record<string, string>): Injected {
  const sandbox = {
    apiVersion: 'agents.kruise.io/v1alpha1',
    kind: 'Sandbox',
    metadata: { name: 'box', namespace: 'default' },
    spec: { runtimes: runtimes.map((name) => ({ name })), template: pod },
  };
  const source = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'sandbox-injection-config', namespace: 'sandbox-system' },
    data,
  };
  const functionConfig = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'function-input' },
    data: { expandTrafficProxy: 'true' },
  };
  const items = data === undefined ? [sandbox] : [sandbox, source];
  const outcome = run(
    stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig }),
  );
  assert.ok(outcome.ok, 'the input reads');
  const errors = outcome.results.filter((r) => r.severity === 'error').map((r) => r.message);
  if (errors.length) return { pod: {}, error: errors.join('\n') };
  const output = (parse(outcome.output) as { items: { spec: { template: Template } }[] }).items[0]!;
  return { pod: output.spec.template };
}

/** A plain pod, {metadata, spec}, to apply a runtime unit's rules to. */
export function plainPod(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): PlainEditor {
  return new PlainEditor({ metadata: copyData(metadata), spec: copyData(spec) });
}

/** A context for a unit's rules; warnings are collected. */
export function contextFor(runtime: string, warnings: string[] = []): ExpandContext {
  return { runtime, claimNames: [], warn: (message) => warnings.push(message) };
}

/** Data without prototypes or frozenness, to compare with plain literals. */
export const plain = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
