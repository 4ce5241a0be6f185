// The function's entry is the controller's SidecarInjectConfig and nothing more (issue 19, trial C): a field
// the function reads that the controller's struct does not have is dropped by the controller's decoding, so
// an entry in the cluster's ConfigMap that sets it would make the function write what no live Pod gets.
import assert from 'node:assert/strict';
import { SIDECAR_INJECT_CONFIG } from '../../src/reference/inject.js';
import { ENTRY_FIELDS, ENTRY_STRUCT, TOP_LEVEL_FIELDS } from '../../src/runtimes/entry.js';

/** The controller's fields (config_types.go:31-48, as src/reference/inject.ts declares them), by JSON name. */
const CONTROLLER = new Map(SIDECAR_INJECT_CONFIG.fields.map(([json, type]) => [json, type]));

/** The function's notation for a field's type (src/runtimes/godecode.ts), as Go declares it. */
const GO_TYPE: Record<string, string> = {
  '=ApiCoreV1Container': 'v1.Container',
  '[]ApiCoreV1Container': '[]v1.Container',
  '[]ApiCoreV1Volume': '[]v1.Volume',
  '{}s': 'map[string]string',
};

const notTheController = (field: string, where: string) =>
  `${field} is a field of the function's entry (${where}) that the controller's SidecarInjectConfig ` +
  `(config_types.go:31-48 at 0b72c83; src/reference/inject.ts) does not have: the controller drops it from ` +
  `its ConfigMap, so what the function did with it would not be in the live Pod. An entry field of the ` +
  `function's own cannot be one of the controller's entry: refuse it in a ConfigMap source, or give it ` +
  `another home (an option)`;

describe("the function's entry struct is the controller's SidecarInjectConfig", () => {
  it('decodes only fields the controller has, each as the Go type it declares (ENTRY_STRUCT)', () => {
    const struct = ENTRY_STRUCT.SidecarInjectConfig!;
    for (const [field, type] of Object.entries(struct)) {
      assert.ok(CONTROLLER.has(field), notTheController(field, 'ENTRY_STRUCT in src/runtimes/entry.ts'));
      assert.equal(GO_TYPE[type], CONTROLLER.get(field), `${field}: the function decodes it as ${type}`);
    }
    assert.deepEqual(Object.keys(struct).sort(), [...CONTROLLER.keys()].sort(), 'and every field the controller has');
  });

  it('reads only those fields (the entry codec, and the fields runtime units may declare)', () => {
    for (const field of TOP_LEVEL_FIELDS)
      assert.ok(CONTROLLER.has(field), notTheController(field, 'TOP_LEVEL_FIELDS in src/runtimes/entry-types.ts'));
    for (const path of Object.keys(ENTRY_FIELDS)) {
      const field = path.split('.')[0]!;
      assert.ok(CONTROLLER.has(field), notTheController(field, `ENTRY_FIELDS' ${path} in src/runtimes/entry-types.ts`));
    }
  });
});
