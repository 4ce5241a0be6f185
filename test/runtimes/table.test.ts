// The runtime table: each runtime once, and each unit's policy in its own terms, checked here.
import assert from 'node:assert/strict';
import { boolean, OPTIONS } from '../../src/config/options.js';
import { generic } from '../../src/runtimes/generic.js';
import { RUNTIMES, RuntimeTable } from '../../src/runtimes/table.js';

describe('runtimes/table', () => {
  it('refuses two units of one name, and a unit of no name but as the fallback', () => {
    const [agentRuntime, csi] = RUNTIMES.units;
    assert.throws(() => new RuntimeTable([agentRuntime!, csi!, agentRuntime!]), /agent-runtime is there twice/);
    assert.throws(() => new RuntimeTable([agentRuntime!, generic]), /the unnamed one is its fallback/);
    assert.equal(new RuntimeTable([csi!, agentRuntime!]).fixedOrder.join(), 'csi,agent-runtime');
  });

  it('names, for a runtime left for the controller, a boolean option that has it expanded here', () => {
    const booleans = Object.entries(OPTIONS).flatMap(([name, o]) => (o.type === boolean ? [name] : []));
    const left = RUNTIMES.units.flatMap((u) => (u.leftForController ? [u.leftForController.unless] : []));
    assert.ok(left.length > 0);
    for (const option of left) assert.ok(booleans.includes(option), `${option} is a boolean option`);
  });
});
