// One declaration per option (src/config/options.ts), and everything else made from it: the files that
// show the options are what `npm run docs:generate` makes, and the recipe of docs/config.md ("Adding an
// option") is done here, from this test alone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { functionConfigDecoder } from '../../src/config/functionConfig.js';
import { boolean, oneOf, option, OPTIONS } from '../../src/config/options.js';
import { optionTable, specSchema } from '../../src/config/reference.js';
import { flagsOf, usageOf } from '../../src/usage.js';
import { surfaces } from '../../scripts/docs-generate.js';
import { ROOT } from '../helpers/bundle.js';

describe('config/options: one declaration per option', () => {
  for (const { path, text } of surfaces()) {
    it(`${path} shows the options as declared`, () => {
      assert.equal(readFileSync(join(ROOT, path), 'utf8'), text, `${path} is stale: run npm run docs:generate`);
    });
  }

  describe('adding an option (docs/config.md): one declaration, then its use', () => {
    // Step 1 of the recipe: the declaration, beside the others.
    const declarations = {
      ...OPTIONS,
      pullPolicy: option(oneOf(['keep', 'always']), {
        default: 'keep',
        description: 'What to do with imagePullPolicy.',
        flag: 'pull-policy',
      }),
      dryRun: option(boolean, { default: false, description: 'Change nothing.', flag: 'dry-run' }),
    };
    const decode = functionConfigDecoder(declarations);
    const configMap = (data: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'function-input' },
      data,
    });
    const typed = (spec: Record<string, unknown>) => ({
      apiVersion: 'fn.sandbox-inject.dev/v1alpha1',
      kind: 'SandboxRuntimeInjection',
      metadata: { name: 'x' },
      spec,
    });

    it('is read from a ConfigMap, from the typed spec, from an override, or takes its default', () => {
      const fromData = decode(configMap({ pullPolicy: 'always', dryRun: 'true' }));
      assert.ok(fromData.ok);
      // Step 2, its use: the decoded options have it, typed.
      const policy: 'keep' | 'always' = fromData.value.options.pullPolicy;
      const dryRun: boolean = fromData.value.options.dryRun;
      assert.deepEqual([policy, dryRun], ['always', true]);
      const fromSpec = decode(typed({ pullPolicy: 'always' }));
      assert.ok(fromSpec.ok);
      assert.equal(fromSpec.value.options.pullPolicy, 'always');
      const unset = decode(undefined);
      assert.ok(unset.ok);
      assert.deepEqual([unset.value.options.pullPolicy, unset.value.options.dryRun], ['keep', false]);
      const over = decode(configMap({ dryRun: 'false' }), undefined, 'file', { dryRun: true });
      assert.ok(over.ok);
      assert.equal(over.value.options.dryRun, true);
    });

    it('has the messages of its type for a wrong value, and is no runtime entry', () => {
      const wrong = decode(configMap({ pullPolicy: 'never', dryRun: 'yes' }));
      assert.ok(!wrong.ok);
      assert.deepEqual(
        wrong.error.map((r) => r.message),
        [
          'invalid functionConfig: data.pullPolicy: expected one of: keep, always, found "never"',
          'invalid functionConfig: data.dryRun: expected "true" or "false", found "yes"',
        ],
      );
      const typo = decode(configMap({ dryrun: 'true' }));
      assert.ok(!typo.ok);
      assert.match(typo.error[0]!.message, /"dryrun" is not an option; did you mean dryRun\?/);
      const typedWrong = decode(typed({ pullPolicy: 'never' }));
      assert.ok(!typedWrong.ok);
      assert.match(typedWrong.error[0]!.message, /spec\.pullPolicy: expected one of: keep, always, found/);
    });

    it('is in --help, its flags, the schema and the option table', () => {
      const usage = usageOf(declarations);
      assert.match(usage, /--pull-policy keep\|always\s+pullPolicy for this run/);
      assert.match(usage, /--dry-run +dryRun for this run/);
      assert.match(usage, /pullPolicy +\(default keep\) What to do with imagePullPolicy\./);
      const flags = flagsOf(declarations);
      assert.deepEqual(
        flags.filter((f) => f.option === 'dryRun' || f.option === 'pullPolicy').map((f) => [f.name, f.value]),
        [
          ['pull-policy', 'keep|always'],
          ['dry-run', undefined],
        ],
      );
      const schema = specSchema(declarations) as { properties: Record<string, unknown> };
      assert.deepEqual(schema.properties.pullPolicy, {
        type: 'string',
        enum: ['keep', 'always'],
        default: 'keep',
        description: 'What to do with imagePullPolicy.',
      });
      assert.match(
        optionTable(declarations),
        /\n\| `dryRun` \| boolean \| `false` \| `--dry-run` \| Change nothing\. \|/,
      );
    });
  });
});
