// Golden cases: test/golden/<case>/ holds input.yaml, an optional fn-config.yaml (passed as the config
// file argument), an optional run-options.json (options set for the run, as the CLI's flags set them;
// without it, {"verbose": true}, so that a case shows every result, infos about each resource too),
// and the expected stdout, results and exit code. UPDATE_GOLDEN=1 rewrites the
// expectations from the current output, for review in the diff.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** The expectations; stderr.txt exists only for cases that write to stderr. */
export function expected(
  c: GoldenCase,
  output: RunOutput,
): { stdout: string; stderr: string; results: string; exitCode: string } {
  const files = {
    stdout: join(c.dir, 'expected.yaml'),
    stderr: join(c.dir, 'stderr.txt'),
    results: join(c.dir, 'results.yaml'),
    exitCode: join(c.dir, 'exitcode'),
  };
  if (process.env.UPDATE_GOLDEN) {
    writeFileSync(files.stdout, output.stdout);
    if (output.stderr) writeFileSync(files.stderr, output.stderr);
    else rmSync(files.stderr, { force: true });
    writeFileSync(files.results, resultsText(output));
    writeFileSync(files.exitCode, `${output.exitCode}\n`);
  }
  return {
    stdout: readFileSync(files.stdout, 'utf8'),
    stderr: existsSync(files.stderr) ? readFileSync(files.stderr, 'utf8') : '',
    results: readFileSync(files.results, 'utf8'),
    exitCode: readFileSync(files.exitCode, 'utf8').trim(),
  };
}
