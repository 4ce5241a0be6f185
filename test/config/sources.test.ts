// The built-in defaults are not checked against core/v1 at run time (it would load the validators on
// every run): they are checked here, with regions that put odd text into every substituted field.
import assert from 'node:assert/strict';
import { decodeEntry } from '../../src/runtimes/entry.js';
import { decodeFunctionConfig } from '../../src/config/functionConfig.js';
import { Resolver } from '../../src/config/sources.js';
import { entryProblems } from '../../src/runtimes/schema.js';
import { RUNTIMES } from '../../src/runtimes/table.js';
import { PROFILES } from '../../src/runtimes/unit.js';

describe('config/sources', () => {
  it('resolves the built-in defaults of every profile to entries valid against core/v1, whatever the region', () => {
    const cases = ['cn-hangzhou', 'x', '1', ''].flatMap((r) => PROFILES.map((p) => [r, p] as const));
    for (const [regionId, profile] of cases) {
      const decoded = decodeFunctionConfig({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'f' },
        data: regionId ? { regionId, defaults: profile } : { defaults: profile },
      });
      assert.ok(decoded.ok);
      const created = Resolver.create(decoded.config, []);
      assert.ok(created.ok);
      assert.ok(RUNTIMES.withDefaults(profile).length >= 2);
      for (const runtime of RUNTIMES.withDefaults(profile)) {
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
