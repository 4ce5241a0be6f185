// The ConfigMap source kept in Git (--print-defaults): each way of running the function reads it, and
// none deploys it. kubectl kustomize drops it from its output; kpt keeps it in the package, annotated
// (kpt live apply skips it); the Argo CD plugin leaves it out with --drop-local-config.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { requireBundle, ROOT } from '../helpers/bundle.js';

const print = (...args: string[]) => execFileSync(requireBundle(), ['--print-defaults', ...args], { encoding: 'utf8' });
const NO_REGION =
  'apiVersion: fn.sandbox-inject.dev/v1alpha1\nkind: SandboxRuntimeInjection\nmetadata:\n  name: inject\n';

function inTemp(test: (dir: string, env: NodeJS.ProcessEnv) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'isr-local-config-'));
  try {
    mkdirSync(join(dir, 'bin'));
    symlinkSync(requireBundle(), join(dir, 'bin', 'inject-sandbox-runtimes'));
    test(dir, { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kinds = (stream: string) =>
  parseAllDocuments(stream)
    .map((d) => d.toJS() as { kind: string } | null)
    .filter((d) => d !== null)
    .map((d) => d.kind);

/** examples/kustomize in dir/kustomize, its base holding the ConfigMap source printed for cn-beijing. */
function copyKustomizeWithSource(dir: string): void {
  cpSync(join(ROOT, 'examples/kustomize'), join(dir, 'kustomize'), { recursive: true });
  const base = join(dir, 'kustomize/base');
  writeFileSync(join(base, 'sandbox-injection-config.yaml'), print('--region-id', 'cn-beijing'));
  writeFileSync(join(base, 'kustomization.yaml'), 'resources:\n- sandboxset.yaml\n- sandbox-injection-config.yaml\n');
}

describe('e2e: the ConfigMap source kept in Git', () => {
  before(requireBundle);

  it('kubectl kustomize: the function reads it, and the build leaves it out', () =>
    inTemp((dir, env) => {
      copyKustomizeWithSource(dir);
      writeFileSync(join(dir, 'kustomize/legacy-plugin/inject.yaml'), NO_REGION);
      const output = execFileSync(
        'kubectl',
        ['kustomize', '--enable-alpha-plugins', join(dir, 'kustomize/legacy-plugin')],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...env, KUSTOMIZE_PLUGIN_HOME: join(ROOT, 'examples/kustomize/plugins') },
        },
      );
      assert.deepEqual(kinds(output), ['SandboxSet']);
      assert.match(output, /registry-cn-beijing-vpc\.ack\.aliyuncs\.com\/acs\/agent-runtime/, 'its entries were used');
    }));

  it('kubectl kustomize: an overlay renames it, and the injectionConfigRef the warning gives selects it', () =>
    inTemp((dir, env) => {
      copyKustomizeWithSource(dir);
      const overlay = join(dir, 'kustomize/prod');
      mkdirSync(overlay);
      writeFileSync(
        join(overlay, 'kustomization.yaml'),
        'resources:\n- ../base\nnamePrefix: prod-\nnamespace: prod\ntransformers:\n- inject.yaml\n',
      );
      const build = (spec: string) => {
        writeFileSync(join(overlay, 'inject.yaml'), `${NO_REGION}spec:\n${spec}`);
        return spawnSync('kubectl', ['kustomize', '--enable-alpha-plugins', overlay], {
          encoding: 'utf8',
          env: { ...env, KUSTOMIZE_PLUGIN_HOME: join(ROOT, 'examples/kustomize/plugins') },
        });
      };
      // Without the ref, the renamed copy is not taken: the built-in defaults would be, and failOn fails.
      const unselected = build('  regionId: cn-hangzhou\n  failOn: warning\n');
      assert.notEqual(unselected.status, 0, 'the build fails on the warning');
      const ref = /spec\.injectionConfigRef: (\{[^}]*\})/.exec(unselected.stderr)?.[1];
      assert.equal(ref, '{name: prod-sandbox-injection-config, namespace: prod}', unselected.stderr);
      const selected = build(`  failOn: warning\n  injectionConfigRef: ${ref}\n`);
      assert.equal(selected.status, 0, selected.stderr);
      assert.deepEqual(kinds(selected.stdout), ['SandboxSet']);
      assert.match(selected.stdout, /registry-cn-beijing-vpc\.ack\.aliyuncs\.com/, "the copy's entries were used");
    }));

  it('kpt fn render: the function reads it, and the package keeps it, annotated local-config', () =>
    inTemp((dir, env) => {
      const pkg = join(dir, 'pkg');
      cpSync(join(ROOT, 'examples/kpt-exec'), pkg, { recursive: true });
      writeFileSync(join(pkg, 'fn-config.yaml'), NO_REGION);
      const printed = print('--region-id', 'cn-beijing');
      writeFileSync(join(pkg, 'sandbox-injection-config.yaml'), printed);
      execFileSync('kpt', ['fn', 'render', pkg, '--allow-exec'], { stdio: ['ignore', 'pipe', 'pipe'], env });
      const kept = readFileSync(join(pkg, 'sandbox-injection-config.yaml'), 'utf8');
      assert.equal(parse(kept).metadata.annotations['config.kubernetes.io/local-config'], 'true');
      assert.deepEqual(parse(kept).data, parse(printed).data);
      assert.match(readFileSync(join(pkg, 'sandboxset.yaml'), 'utf8'), /registry-cn-beijing-vpc\.ack\.aliyuncs\.com/);
    }));

  it('the Argo CD plugin: the function reads it, and generate leaves it out of what is deployed', () =>
    inTemp((dir, env) => {
      const app = join(dir, 'app');
      cpSync(join(ROOT, 'examples/argocd/app'), app, { recursive: true });
      writeFileSync(join(app, 'sandbox-injection-config.yaml'), print('--region-id', 'cn-beijing'));
      const plugin = parse(readFileSync(join(ROOT, 'examples/argocd/plugin.yaml'), 'utf8')) as {
        spec: { generate: { command: string[]; args: string[] } };
      };
      const [command, ...args] = plugin.spec.generate.command;
      const output = execFileSync(command!, [...args, ...plugin.spec.generate.args], {
        cwd: app,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env,
      });
      assert.deepEqual(kinds(output), ['SandboxSet']);
      assert.match(output, /registry-cn-beijing-vpc\.ack\.aliyuncs\.com/, 'its entries were used');
    }));
});
