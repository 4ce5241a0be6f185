// The built-in profiles are vendors' entries, each from a source it names: no runtime unit can put an
// entry in one (a unit has no entries to give), the ack profile is its vendor's document's (seed.test.ts),
// and the openkruise profile holds what its chart renders, no more.
import assert from 'node:assert/strict';
import openkruise from '../../src/runtimes/profiles/openkruise.json' with { type: 'json' };
import { BUILT_IN_PROFILES } from '../../src/runtimes/profiles.js';
import { generic } from '../../src/runtimes/generic.js';
import { RUNTIMES } from '../../src/runtimes/table.js';
import { PROFILES } from '../../src/runtimes/unit.js';

describe('runtimes/profiles', () => {
  it('each names its vendor and its source', () => {
    for (const profile of PROFILES) {
      const { vendor, source, entries } = BUILT_IN_PROFILES[profile];
      assert.ok(vendor.length > 0 && source.length > 0, profile);
      assert.deepEqual([...RUNTIMES.withDefaults(profile)].sort(), Object.keys(entries).sort(), profile);
    }
  });

  it("takes no entry from a runtime unit: built-in entries are a vendor's, in its profile alone", () => {
    for (const unit of [...RUNTIMES.units, generic]) {
      for (const key of Object.keys(unit))
        assert.ok(!/default|profile|entr/i.test(key), `runtime unit ${unit.name ?? '(generic)'} declares ${key}`);
    }
  });

  it("holds in openkruise the runtimes of its chart's render, as the chart's template at that commit has them", () => {
    // openkruise/charts 16a1cd3a, versions/kruise-agents-sandbox-controller/next/templates/
    // sandbox-injection-config.yaml: data holds traffic-proxy, then agent-runtime, and no other key.
    assert.equal(openkruise.source.commit, '16a1cd3a276206661aeb1e88d6f3b9b5ee5fedc1');
    assert.deepEqual(Object.keys(openkruise.entries), ['traffic-proxy', 'agent-runtime']);
  });
});
