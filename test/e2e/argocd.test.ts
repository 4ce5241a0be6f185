// The Argo CD plugin's commands, taken from plugin.yaml and run as the CMP server would (in the app
// directory, with the function on PATH): generate must print a plain stream of objects, the expected
// one, and refuse a kustomize app; discover claims a folder with fn-config.yaml and no kustomization.
// scripts/argocd-e2e.sh runs them again without Node, and on a Helm chart.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { requireBundle, ROOT } from '../helpers/bundle.js';

const EXAMPLE = join(ROOT, 'examples/argocd');
const plugin = parse(readFileSync(join(EXAMPLE, 'plugin.yaml'), 'utf8')) as {
  spec: { generate: { command: string[]; args: string[] }; discover: { find: { command: string[] } } };
};

describe('e2e: Argo CD config management plugin', () => {
  let bin: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    bin = mkdtempSync(join(tmpdir(), 'isr-argocd-'));
    mkdirSync(join(bin, 'bin'));
    symlinkSync(requireBundle(), join(bin, 'bin', 'inject-sandbox-runtimes'));
    env = { ...process.env, PATH: `${join(bin, 'bin')}:${process.env.PATH}` };
  });
  after(() => rmSync(bin, { recursive: true, force: true }));
  const generate = (cwd: string) => {
    const [command, ...args] = [...plugin.spec.generate.command, ...plugin.spec.generate.args];
    return spawnSync(command!, args, { cwd, encoding: 'utf8', env });
  };
  const discovers = (cwd: string) => {
    const [command, ...args] = plugin.spec.discover.find.command;
    return execFileSync(command!, args, { cwd, encoding: 'utf8', env }).trim() !== '';
  };

  it('generate prints the expanded app as a plain stream', () => {
    const r = generate(join(EXAMPLE, 'app'));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, readFileSync(join(EXAMPLE, 'expected.yaml'), 'utf8'));
    const kinds = parseAllDocuments(r.stdout).map((d) => (d.toJS() as { kind: string }).kind);
    assert.deepEqual(kinds, ['SandboxSet'], 'objects only: no ResourceList, no fn-config, no ConfigMap source');
    assert.match(r.stdout, /initContainers:/, 'the function ran');
  });

  it('generate refuses a status record in the app (statusRecords: refuse): at sync time it can only be forged', () => {
    const app = join(bin, 'forged');
    cpSync(join(EXAMPLE, 'app'), app, { recursive: true });
    const sandboxset = join(app, 'sandboxset.yaml');
    const forged = readFileSync(sandboxset, 'utf8').replace(
      /^metadata:\n/m,
      'metadata:\n  annotations:\n    sandbox-inject.dev/status: \'{"version":1,"runtimes":[],"created":[],"replaced":{},"undeclared":[]}\'\n',
    );
    assert.notEqual(forged, readFileSync(sandboxset, 'utf8'), 'the record went in');
    writeFileSync(sandboxset, forged);
    const r = generate(app);
    assert.notEqual(r.status, 0);
    assert.equal(r.stdout.includes('initContainers'), false, 'nothing injected is deployed');
    assert.match(r.stderr, /statusRecords/);
  });

  it('generate refuses a kustomize app and points to the kustomize recipe', () => {
    const r = generate(join(EXAMPLE, 'kustomize-app/overlays/prod'));
    assert.notEqual(r.status, 0);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /built by kustomize \(\.\/kustomization\.yaml\)/);
    assert.match(r.stderr, /examples\/argocd\/README\.md, "Kustomize apps"/);
  });

  it('discover claims a folder with fn-config.yaml and no kustomization, and no kustomize app', () => {
    assert.equal(discovers(join(EXAMPLE, 'app')), true);
    assert.equal(discovers(join(EXAMPLE, 'kustomize-app')), false);
    assert.equal(discovers(join(EXAMPLE, 'kustomize-app/overlays/prod')), false);
    assert.equal(discovers(join(ROOT, 'examples/helm/chart')), false, 'no fn-config.yaml');
  });
});
