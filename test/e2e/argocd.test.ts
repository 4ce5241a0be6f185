// The Argo CD plugin's generate command, taken from plugin.yaml and run as the CMP server would (in the
// app directory, with the function on PATH): it must print a plain stream of objects, the expected one.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { requireBundle, ROOT } from '../helpers/bundle.js';

const EXAMPLE = join(ROOT, 'examples/argocd');

describe('e2e: Argo CD config management plugin', () => {
  it('generate prints the expanded app as a plain stream', () => {
    const plugin = parse(readFileSync(join(EXAMPLE, 'plugin.yaml'), 'utf8')) as {
      spec: { generate: { command: string[]; args: string[] } };
    };
    const [command, ...commandArgs] = plugin.spec.generate.command;
    const bin = mkdtempSync(join(tmpdir(), 'isr-argocd-'));
    try {
      mkdirSync(join(bin, 'bin'));
      symlinkSync(requireBundle(), join(bin, 'bin', 'inject-sandbox-runtimes'));
      const stdout = execFileSync(command!, [...commandArgs, ...plugin.spec.generate.args], {
        cwd: join(EXAMPLE, 'app'),
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, PATH: `${join(bin, 'bin')}:${process.env.PATH}` },
      });
      assert.equal(stdout, readFileSync(join(EXAMPLE, 'expected.yaml'), 'utf8'));
      const kinds = parseAllDocuments(stdout).map((d) => (d.toJS() as { kind: string }).kind);
      assert.deepEqual(kinds, ['SandboxSet'], 'objects only: no ResourceList, no fn-config');
      assert.match(stdout, /initContainers:/, 'the function ran');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
