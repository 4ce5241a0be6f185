// The seed document's worked example: its SandboxSet, with the built-in defaults and regionId
// cn-hangzhou, must give its injected Pod spec.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse, parseDocument } from 'yaml';
import { runAsProcess as run } from './helpers/process.js';
import ack from '../src/runtimes/profiles/ack.json' with { type: 'json' };

const seed = readFileSync(
  new URL('./fixtures/seed/configure-automatic-sidecar-injection.txt', import.meta.url),
  'utf8',
);

function between(start: string, end: string): string {
  const from = seed.indexOf(start);
  return seed.slice(seed.indexOf('\n', from) + 1, seed.indexOf(end, from));
}

function jsonAfter(heading: string): unknown {
  const from = seed.indexOf('{', seed.indexOf(heading));
  let depth = 0;
  for (let i = from; i < seed.length; i++) {
    if (seed[i] === '{') depth++;
    if (seed[i] === '}' && --depth === 0) return JSON.parse(seed.slice(from, i + 1));
  }
  throw new Error(`no JSON after ${heading}`);
}

/** Removes what the API server defaults, which the controller's in-memory Pod does not have yet. */
function withoutServerDefaults(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutServerDefaults);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'fieldRef' && typeof v === 'object' && v !== null) {
      const { apiVersion: _defaulted, ...rest } = v as Record<string, unknown>;
      out[k] = rest;
    } else out[k] = withoutServerDefaults(v);
  }
  return out;
}

describe('the seed worked example', () => {
  const sandboxSet = between('Example: SandboxSet resource', 'Example: Sandbox resource');
  const pod = parse(between('Example: Pod manifest after injection', 'Injection configuration')) as {
    spec: { containers: Record<string, unknown>[]; restartPolicy?: string };
  };

  it("is the ack profile's source: its entries are the seed's, but for REGION_ID, and no others", () => {
    // What the document calls itself and where it says it was last updated are what the profile says.
    assert.ok(seed.includes(`:${ack.source.document}\n`), 'the title');
    const updated = new Date(`${/Last Updated:(\w+ \d+, \d+)/.exec(seed)![1]} UTC`).toISOString().slice(0, 10);
    assert.equal(updated, ack.source.updated);
    assert.match(seed, new RegExp(`${ack.source.component.replace(/ .*/, '')} component is version v0\\.5\\.10`));
    const csi = jsonAfter('Default csi injection configuration') as {
      csiSidecar: { env: { name: string; value?: string }[] }[];
    };
    csi.csiSidecar[0]!.env.find((e) => e.name === 'REGION_ID')!.value = '<region-id>';
    const headings = [...seed.matchAll(/^Default (\S+) injection configuration$/gm)].map((m) => m[1]);
    assert.deepEqual(headings, ['agent-runtime', 'csi'], 'the runtimes the document gives entries for');
    assert.deepEqual(ack.entries, { 'agent-runtime': jsonAfter('Default agent-runtime injection configuration'), csi });
  });

  it('gives the seed Pod spec from the seed SandboxSet', () => {
    const input = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: function-input}\n  data: {regionId: cn-hangzhou}\nitems:\n- ${sandboxSet
      .trimEnd()
      .split('\n')
      .join('\n  ')}\n`;
    const output = run(input);
    assert.equal(output.exitCode, 0, output.stderr);
    const injected = (
      parseDocument(output.stdout).toJS() as { items: { spec: { template: { spec: Record<string, unknown> } } }[] }
    ).items[0]!.spec.template.spec;

    // The seed's Pod shows the image placeholder, "automatically replaced with the region ID of your cluster".
    const want = parse(JSON.stringify(pod.spec).replaceAll('<region-id>', 'cn-hangzhou')) as Record<string, unknown> &
      typeof pod.spec;
    const template = (parse(sandboxSet) as { spec: { template: { spec: Record<string, unknown> & typeof pod.spec } } })
      .spec.template.spec;
    const injectedMain = (injected.containers as Record<string, unknown>[])[0]!;
    const wantMain = want.containers[0]!;

    // What the controller injects must be the seed Pod's, field for field.
    for (const field of ['initContainers', 'volumes']) {
      assert.deepEqual(withoutServerDefaults(injected[field]), withoutServerDefaults(want[field]), field);
    }
    for (const field of ['env', 'volumeMounts', 'lifecycle']) {
      assert.deepEqual(
        withoutServerDefaults(injectedMain[field]),
        withoutServerDefaults(wantMain[field]),
        `containers[0].${field}`,
      );
    }
    // Everything else is the user's template, unchanged. (The seed's Pod was taken from another
    // SandboxSet: image example:tag, 2 CPUs, no terminationGracePeriodSeconds, and the API server's
    // restartPolicy default; so those are compared with the seed SandboxSet instead.)
    const rest = (spec: Record<string, unknown>) => {
      const { initContainers: _i, volumes: _v, containers, ...others } = spec;
      const [main, ...sidecars] = containers as Record<string, unknown>[];
      const { env: _e, volumeMounts: _m, lifecycle: _l, ...mainRest } = main!;
      return { ...others, containers: [mainRest, ...sidecars] };
    };
    assert.deepEqual(rest(injected), rest(template));
  });
});
