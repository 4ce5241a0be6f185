// Golden cases: test/golden/<case>/ holds input.yaml, an optional fn-config.yaml (passed as the config
// file argument), an optional run-options.json (options set for the run, as the CLI's flags set them;
// without it, {"verbose": true}, so that a case shows every result, infos about each resource too),
// and the expected stdout, results and exit code. UPDATE_GOLDEN=1 rewrites the
// expectations from the current output, for review in the diff. A case that fails writes what it got
// beside each expectation that differs (expected.yaml.actual, ...), and a passing one removes them.
import { createTwoFilesPatch } from 'diff';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import type { RunOptions } from '../../src/pipeline.js';
import type { RunOutput } from './process.js';

export const GOLDEN_DIR = new URL('../golden/', import.meta.url).pathname;

export interface GoldenCase {
  name: string;
  dir: string;
  /** The bytes, as stdin gives them: some cases are not UTF-8. */
  input: Buffer;
  /** What the case runs with: its run-options.json, and its fn-config.yaml as the config text. */
  options: RunOptions;
}

const VERBOSE: RunOptions = { verbose: true };

export function goldenCases(): GoldenCase[] {
  return readdirSync(GOLDEN_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = join(GOLDEN_DIR, d.name);
      const file = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : undefined);
      const configText = file('fn-config.yaml');
      const runOptions = file('run-options.json');
      const options: RunOptions = {
        ...(runOptions === undefined ? VERBOSE : (JSON.parse(runOptions) as RunOptions)),
        ...(configText === undefined ? {} : { configText }),
      };
      return { name: d.name, dir, input: readFileSync(join(dir, 'input.yaml')), options };
    });
}

export const resultsText = (output: RunOutput): string =>
  stringify(output.results, { lineWidth: 0, aliasDuplicateObjects: false });

/** Each expectation's file, and its text in a run's output. stderr.txt exists only for cases that write to stderr. */
const EXPECTATIONS: readonly { file: string; of: (output: RunOutput) => string; optional?: true }[] = [
  { file: 'expected.yaml', of: (o) => o.stdout },
  { file: 'stderr.txt', of: (o) => o.stderr, optional: true },
  { file: 'results.yaml', of: resultsText },
  { file: 'exitcode', of: (o) => `${o.exitCode}\n` },
];

/** A unified diff of two whole texts, named as the files they are (or would be). */
export function unifiedDiff(expectedName: string, expected: string, actualName: string, actual: string): string {
  return createTwoFilesPatch(expectedName, actualName, expected, actual, undefined, undefined, { context: 3 });
}

/**
 * Compares a run's output with the case's expectations (rewriting them first under UPDATE_GOLDEN). For
 * each that differs, writes the output beside it as <file>.actual and returns a unified diff of the
 * whole file; removes the .actual files left by an earlier failure when all agree.
 */
export function goldenDiffs(c: GoldenCase, output: RunOutput): string[] {
  const diffs: string[] = [];
  for (const { file, of, optional } of EXPECTATIONS) {
    const path = join(c.dir, file);
    const got = of(output);
    if (process.env.UPDATE_GOLDEN) {
      if (optional && got === '') rmSync(path, { force: true });
      else writeFileSync(path, got);
    }
    const want = optional && !existsSync(path) ? '' : readFileSync(path, 'utf8');
    if (got === want) continue;
    writeFileSync(`${path}.actual`, got);
    const name = relative(process.cwd(), path);
    diffs.push(unifiedDiff(name, want, `${name}.actual`, got));
  }
  if (diffs.length === 0) for (const { file } of EXPECTATIONS) rmSync(join(c.dir, `${file}.actual`), { force: true });
  return diffs;
}

/**
 * The output as the next run reads it: kpt keeps a ResourceList's results apart from the package, so
 * they are cut. The run appends them as the ResourceList's last key; a golden ResourceList is in block
 * style, and one that is not fails here rather than being compared with its results.
 */
export function withoutResults(output: RunOutput): string {
  if (!output.resultsInOutput || output.results.length === 0) return output.stdout;
  const at = output.stdout.search(/^results:/m);
  if (at === -1) throw new Error('a ResourceList that carries results, but no block `results:` key to cut them at');
  return output.stdout.slice(0, at);
}
