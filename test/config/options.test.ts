// One source for the option help: config/options.ts. The README's option table and krm-function.yaml's
// schema say the same words, and --help is made from them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { OPTION_DOCS } from '../../src/config/options.js';
import { USAGE } from '../../src/usage.js';
import { ROOT } from '../helpers/bundle.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const schema = parse(readFileSync(join(ROOT, 'krm-function.yaml'), 'utf8')).spec.versions[0].schema.openAPIV3Schema
  .properties.spec.properties;

describe('config/options: one source for the option help', () => {
  for (const option of OPTION_DOCS) {
    it(`${option.name}: the README, krm-function.yaml and --help say what options.ts says`, () => {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${option.name}\` |`));
      assert.ok(row?.includes(option.description), `README's row for ${option.name} has: ${option.description}`);
      assert.equal(schema[option.name]?.description, option.description, `krm-function.yaml spec.${option.name}`);
      if (option.default !== undefined) assert.equal(String(schema[option.name].default), option.default);
      const usage = USAGE.replace(/\s+/g, ' ');
      assert.ok(usage.includes(option.description), `--help has the description of ${option.name}`);
    });
  }

  it('documents every field of the typed config and no other', () => {
    assert.deepEqual(Object.keys(schema).sort(), OPTION_DOCS.map((o) => o.name).sort());
  });
});
