// --print-defaults (docs/config.md): the built-in entries as the cluster's ConfigMap, marked local-config; used
// as the ConfigMap source, it expands exactly as the built-in defaults do.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { printDefaults } from '../src/config/print-defaults.js';
import { run } from '../src/pipeline.js';
import { requireBundle, ROOT } from './helpers/bundle.js';

const cli = (args: string[]) => spawnSync(requireBundle(), args, { input: '', encoding: 'utf8' });

const SANDBOXES = readFileSync(join(ROOT, 'examples/kpt/sandboxset.yaml'), 'utf8');
const OPENKRUISE_SANDBOX = `apiVersion: agents.kruise.io/v1alpha1
kind: SandboxSet
metadata:
  name: pool
spec:
  runtimes:
  - name: traffic-proxy
  - name: agent-runtime
  template:
    spec:
      containers:
      - name: main
        image: busybox
`;

const config = (data: Record<string, string>) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: function-input\ndata: ${JSON.stringify(data)}\n`;

describe('--print-defaults', () => {
  it('prints sandbox-system/sandbox-injection-config, marked local-config, as the CLI and the library agree', () => {
    const r = cli(['--print-defaults', '--region-id', 'cn-beijing']);
    assert.equal(r.status, 0, r.stderr);
    const printed = printDefaults('ack', 'cn-beijing');
    assert.ok(printed.ok);
    assert.equal(r.stdout, printed.text);
    const configMap = parse(r.stdout);
    assert.deepEqual(configMap.metadata, {
      name: 'sandbox-injection-config',
      namespace: 'sandbox-system',
      annotations: { 'config.kubernetes.io/local-config': 'true' },
    });
    assert.deepEqual(Object.keys(configMap.data), ['agent-runtime', 'csi']);
    assert.ok(!r.stdout.includes('<region-id>'));
    assert.match(r.stdout, /^# Vendor: Alibaba Cloud ACK\. Source: "Configure automatic sidecar injection for Agent/m);
    const printedOpenkruise = cli(['--print-defaults', '--defaults', 'openkruise']).stdout;
    assert.match(printedOpenkruise, /^# Vendor: OpenKruise\. Source: openkruise\/charts at 16a1cd3a,/m);
    const openkruise = parse(printedOpenkruise);
    assert.deepEqual(Object.keys(openkruise.data), ['agent-runtime', 'traffic-proxy']);
  });

  for (const [profile, manifests, options] of [
    ['ack', SANDBOXES, { regionId: 'cn-beijing' }],
    ['openkruise', OPENKRUISE_SANDBOX, { defaults: 'openkruise' }],
  ] as const) {
    it(`${profile}: as the ConfigMap source, it expands exactly as the built-in defaults do`, () => {
      const printed = printDefaults(profile, 'regionId' in options ? options.regionId : undefined);
      assert.ok(printed.ok);
      const builtIn = run(manifests, { configText: config(options) });
      const fromSource = run(`${manifests}---\n${printed.text}`, { configText: config({}) });
      assert.ok(builtIn.ok && fromSource.ok);
      assert.notEqual(builtIn.output, manifests, 'the built-in defaults expanded something');
      assert.equal(fromSource.output, `${builtIn.output}---\n${printed.text}`);
      assert.ok(
        fromSource.results.some((r) =>
          /^injection config: [^;]+ from ConfigMap sandbox-system\/sandbox-injection-config$/.test(r.message),
        ),
      );
      assert.ok(!fromSource.results.some((r) => r.severity === 'error'));
    });
  }

  it('is what examples/argocd/app keeps in Git', () => {
    const printed = printDefaults('ack', 'cn-hangzhou');
    assert.ok(printed.ok);
    const kept = readFileSync(join(ROOT, 'examples/argocd/app/sandbox-injection-config.yaml'), 'utf8');
    assert.equal(kept, printed.text, 'scripts/update-examples.sh prints it again');
  });

  it('is a usage error (exit 2) for a profile that holds <region-id> without --region-id, for none, and with input', () => {
    for (const [args, message] of [
      [['--print-defaults'], /the ack profile holds <region-id> .*give --region-id/],
      [['--print-defaults', '--defaults', 'none'], /--defaults must be one of ack, openkruise to print/],
      [['--print-defaults', '--region-id', 'x', 'fn-config.yaml'], /takes only --defaults and --region-id/],
      [['--print-defaults', '--region-id', 'x\ny'], /--region-id must be a DNS label, .*, not "x\\ny"/],
      [['--print-defaults', '--region-id', 'CN'], /--region-id must be a DNS label/],
    ] as const) {
      const r = cli([...args]);
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
    }
  });

  it('--drop-local-config leaves the ConfigMap source out of a stream, after using it', () => {
    const printed = printDefaults('openkruise', undefined);
    assert.ok(printed.ok);
    const withSource = run(`---\n${printed.text}\n---\n${OPENKRUISE_SANDBOX}`, {
      dropLocalConfig: true,
      verbose: true,
    });
    const builtIn = run(`---\n${OPENKRUISE_SANDBOX}`, { configText: config({ defaults: 'openkruise' }) });
    assert.ok(withSource.ok && builtIn.ok);
    assert.equal(withSource.output, builtIn.output);
    assert.match(withSource.output, /docker\.io\/openkruise\/agent-runtime/);
    assert.ok(withSource.results.some((r) => r.message.includes('left out of the output') && r.severity === 'info'));
  });
});
