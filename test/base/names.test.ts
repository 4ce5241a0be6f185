// "Did you mean" closeness (docs/config.md): case, - and _ ignored, then at most two edits.
import assert from 'node:assert/strict';
import { closest } from '../../src/base/names.js';

describe('base/names', () => {
  const options = ['regionId', 'keepRuntimes', 'mode', 'defaults'];
  it('finds the option a misspelt key meant', () => {
    for (const [typo, meant] of [
      ['regionID', 'regionId'],
      ['region-id', 'regionId'],
      ['region_id', 'regionId'],
      ['region', 'regionId'],
      ['keepRuntime', 'keepRuntimes'],
      ['keep-runtimes', 'keepRuntimes'],
      ['Mode', 'mode'],
      ['default', 'defaults'],
    ])
      assert.equal(closest(typo!, options), meant, typo);
  });

  it('suggests nothing for an exact name or one more than two edits away', () => {
    assert.equal(closest('mode', options), undefined);
    assert.equal(closest('agent-runtime', options), undefined);
    assert.equal(closest('reg', options), undefined);
    assert.equal(closest('CSI', ['agent-runtime', 'csi', 'traffic-proxy']), 'csi');
    assert.equal(closest('agent-runtim', ['agent-runtime', 'csi']), 'agent-runtime');
  });
});
