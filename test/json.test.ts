// docs/io.md: a plain stream or List written in JSON gets its edits in JSON, so the output still parses as
// JSON (json.load, jq); and it re-runs to a fixed point and uninjects back to the input, as YAML does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../src/pipeline.js';
import { ROOT } from './helpers/bundle.js';

const golden = (name: string, file: string) => readFileSync(join(ROOT, 'test/golden', name, file), 'utf8');

describe('JSON in, JSON out', () => {
  for (const name of ['json-list-in-json-out', 'json-stream-in-json-out']) {
    it(`${name}: every output document parses as JSON; re-run and uninject are exact`, () => {
      const configText = golden(name, 'fn-config.yaml');
      const input = golden(name, 'input.yaml');
      const out = run(input, { configText });
      assert.ok(out.ok);
      assert.notEqual(out.output, input);
      const documents = out.output.split(/^---\n/m);
      for (const doc of documents) assert.doesNotThrow(() => JSON.parse(doc), doc.slice(0, 200));
      const again = run(out.output, { configText });
      assert.ok(again.ok);
      assert.equal(again.output, out.output);
      const back = run(out.output, { configText, mode: 'uninject' });
      assert.ok(back.ok);
      assert.equal(back.output, input);
    });
  }
});
