// The hostile workload's classes (bench/hostile.mjs), at sizes where the function once took tens of
// seconds or minutes, or crashed: each now ends within a few seconds, with output or a message that
// names what is wrong (issue 17 item 6).
import assert from 'node:assert/strict';
import {
  aliases,
  blankLines,
  deepNesting,
  didYouMean,
  kindLines,
  lawBreaks,
  manyRuntimes,
  minifiedJson,
  REGION_CONFIG,
} from '../bench/hostile.mjs';
import { runAsProcess, type RunOutput } from './helpers/process.js';

/**
 * Generous: each case takes about a second of CPU or less. CPU time, not the clock's: the machine may be
 * shared, and what is bounded is the work.
 */
const LIMIT_SECONDS = 5;

function timed(input: string, configText?: string): RunOutput {
  const started = process.cpuUsage();
  const output = runAsProcess(input, configText === undefined ? {} : { configText });
  const used = process.cpuUsage(started);
  const seconds = (used.user + used.system) / 1e6;
  assert.ok(seconds < LIMIT_SECONDS, `took ${seconds.toFixed(1)} s of CPU`);
  return output;
}

const errors = (output: RunOutput) => output.results.filter((r) => r.severity === 'error').map((r) => r.message);

describe('hostile input', function () {
  this.timeout(60000);

  it('blank lines before a document marker (an exponential regex: 30 took minutes)', () => {
    const output = timed(blankLines(10000), REGION_CONFIG);
    assert.equal(output.exitCode, 0);
    assert.match(output.stdout, /sandbox-inject\.dev\/status/);
  });

  it('blank lines in items searched line by line (quadratic regexes: 320 KB took 83 s)', () => {
    const output = timed(kindLines(100000), REGION_CONFIG);
    assert.equal(output.exitCode, 0);
    assert.match(output.stdout, /sandbox-inject\.dev\/status/);
  });

  it('a Sandbox in minified JSON (quadratic: 119 KB took 21 s)', () => {
    const output = timed(minifiedJson(5000), REGION_CONFIG);
    assert.equal(output.exitCode, 0);
    assert.match(output.stdout, /^\{"apiVersion":"agents.kruise.io\/v1alpha1",.*"sandbox-inject.dev\/status":/);
  });

  for (const mapping of [false, true]) {
    it(`a large ${mapping ? 'mapping' : 'string'} aliased many times (an internal error; with a mapping, out of memory)`, () => {
      const output = timed(aliases(300000, 990, mapping), REGION_CONFIG);
      assert.equal(output.exitCode, 1);
      assert.match(
        errors(output).join('\n'),
        /^document 2 \(a Sandbox kind\) cannot be read: its aliases expand it to \d+\.\d MiB of data, over the 16 MiB allowed/,
      );
      // The item beside it comes out.
      assert.match(output.stdout, /^apiVersion: v1\nkind: ConfigMap\nmetadata:\n {2}name: innocent\n/);
    });
  }

  it('block mappings 2000 deep (an internal error: the call stack)', () => {
    const output = timed(deepNesting(2000), REGION_CONFIG);
    assert.equal(output.exitCode, 1);
    assert.equal(
      output.stderr,
      'cannot read the input: it nests collections more than 256 levels deep (document 1), which ' +
        'no manifest needs; flatten the deepest value\n',
    );
  });

  it('thousands of runtimes with inline entries (10k took minutes)', () => {
    const output = timed(manyRuntimes(6000));
    assert.equal(output.exitCode, 0);
    assert.match(output.stdout, /- name: runtime-5999\n\s+image: img:runtime-5999/);
  });

  it('thousands of runtimes left for the controller after the prefix search (a try per runtime: 2000 took 49 s)', () => {
    const output = timed(lawBreaks(1000));
    assert.equal(output.exitCode, 0);
    assert.match(output.results.map((r) => r.message).join('\n'), /runtime "runtime-0" is left for the controller/);
  });

  it('"did you mean" over thousands of unknown names and thousands of known ones (3000 × 3000 took 50 s)', () => {
    const output = timed(didYouMean(1500));
    assert.equal(errors(output).length, 1500);
  });
});
