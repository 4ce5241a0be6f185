// The built-in defaults are not checked against core/v1 at run time (it would load the validators on
// every run): they are checked here, with regions that put odd text into every substituted field.
import assert from 'node:assert/strict';
import defaults from '../../src/runtimes/profiles/ack.json' with { type: 'json' };
import { decodeEntry } from '../../src/runtimes/entry.js';
import { decodeFunctionConfig } from '../../src/config/functionConfig.js';
import { Resolver } from '../../src/config/sources.js';
import { entryProblems } from '../../src/runtimes/schema.js';
import { RUNTIMES } from '../../src/runtimes/table.js';

describe('config/sources', () => {
  it('resolves the built-in defaults to entries valid against core/v1, whatever the region', () => {
    for (const regionId of ['cn-hangzhou', 'x y', '1', '']) {
      const decoded = decodeFunctionConfig({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'f' },
        data: regionId ? { regionId } : {},
      });
      assert.ok(decoded.ok);
      const created = Resolver.create(decoded.config, []);
      assert.ok(created.ok);
      for (const runtime of Object.keys(defaults)) {
        const found = created.resolver.lookup(runtime);
        assert.ok(found.ok, `${runtime}: ${JSON.stringify(found)}`);
        assert.deepEqual(
          entryProblems(found.entry, RUNTIMES.unitFor(runtime).fields),
          [],
          `${runtime} with region ${JSON.stringify(regionId)}`,
        );
      }
    }
  });

  it('still checks an entry given in the config against core/v1', () => {
    const entry = { mainContainer: { volumeMounts: [{ name: 'x', mountPath: 7 }] } };
    const decoded = decodeFunctionConfig({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'f' },
      data: { csi: JSON.stringify(entry) },
    });
    assert.ok(decoded.ok);
    const created = Resolver.create(decoded.config, []);
    assert.ok(created.ok);
    const found = created.resolver.lookup('csi');
    assert.ok(!found.ok);
    assert.match(found.message, /mountPath: not a valid VolumeMount/);
    assert.ok(decodeEntry(entry).ok);
  });
});
