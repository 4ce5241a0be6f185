// What the conformance tests share: the model of the controller run on a Go test's pod with a
// ConfigMap's data, and the runtime units applied to a plain pod, as the Go helpers apply them.
import assert from 'node:assert/strict';
import { copyData, PlainEditor } from '../../src/base/data.js';
import { controllerPod, type ControllerPod, type Template } from '../../src/plan/controller.js';
import { decodeEntry, entryFromJson, type Entry } from '../../src/runtimes/entry.js';
import type { ExpandContext } from '../../src/runtimes/pod.js';
import { RUNTIMES } from '../../src/runtimes/table.js';

/** An entry written as the controller's ConfigMap holds it (JSON text), decoded. */
export function entryOf(text: string): Entry {
  const decoded = decodeEntry(entryFromJson(text, JSON.parse(text)));
  assert.ok(decoded.ok, JSON.stringify(decoded));
  return decoded.value;
}

/** The cluster's entries, from a ConfigMap's data (undefined: no ConfigMap). */
export const clusterFrom =
  (data: Record<string, string> | undefined) =>
  (runtime: string): Entry | undefined => {
    const text = data?.[runtime];
    return text === undefined || text === '' ? undefined : entryOf(text);
  };

/** doSidecarInjection on a pod, as the model of the controller does it. */
export function inject(pod: Template, runtimes: readonly string[], data?: Record<string, string>): ControllerPod {
  // doSidecarInjection is called on the pod directly: no admission webhook defaults its probes first.
  return controllerPod(pod, [], runtimes, clusterFrom(data), RUNTIMES, { probeDefaults: false });
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
