// The attack of issue 17 through the real kpt: an ASCII ConfigMap source whose entry holds U+2028 as a
// JSON escape. Written raw, as an earlier release wrote it, Go's YAML reader (kpt's own) read the line
// separators as line breaks and gave the main container `securityContext: {privileged: true}`, and kpt
// said [PASS] (the second test shows the payload doing it in the ResourceList kpt sends). Now the file
// kpt writes keeps one env value and no securityContext, and `kpt fn source` on it reads the same.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBundle } from '../helpers/bundle.js';
import { readWithGo, type Typed } from '../helpers/go-yaml.js';

const PAYLOAD = '/mnt/envd\u2028          securityContext:\u2028            privileged:\u2028              true';
const SANDBOX = `apiVersion: agents.kruise.io/v1alpha1
kind: Sandbox
metadata:
  name: box
  namespace: team-a
spec:
  runtimes:
  - name: agent-runtime
  template:
    spec:
      containers:
      - name: main
        image: busybox
`;
const entry = JSON.stringify({
  mainContainer: { env: [{ name: 'ENVD_DIR', value: PAYLOAD }] },
  csiSidecar: [{ name: 'runtime', image: 'agent-runtime:v1' }],
}).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: sandbox-injection-config
  namespace: sandbox-system
  annotations:
    config.kubernetes.io/local-config: "true"
data:
  agent-runtime: '${entry}'
`;

type Obj = { [key: string]: Typed };
const kpt = (args: string[]) => execFileSync('kpt', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** The main container of the Sandbox in a YAML text, as Go reads it. */
function mainContainer(text: string): Obj {
  const [read] = readWithGo([text]);
  assert.ok(read && 'docs' in read, `Go cannot read it: ${JSON.stringify(read)}`);
  const docs = read.docs.flatMap((d) => ((d as Obj).kind === 'ResourceList' ? ((d as Obj).items as Typed[]) : [d]));
  const sandbox = docs.find((d) => (d as Obj).kind === 'Sandbox') as Obj;
  const containers = ((sandbox.spec as Obj).template as Obj).spec as Obj;
  return (containers.containers as Obj[]).find((c) => c.name === 'main')!;
}

describe('e2e: a line separator in an entry, through kpt', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'isr-go-yaml-'));
    mkdirSync(join(dir, 'pkg'));
    writeFileSync(join(dir, 'pkg/sandbox.yaml'), SANDBOX);
    writeFileSync(join(dir, 'pkg/configmap.yaml'), CONFIGMAP);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('kpt fn eval writes one env value and no securityContext into the main container', () => {
    assert.doesNotMatch(CONFIGMAP, /[^\n\x20-\x7e]/, 'the ConfigMap is ASCII');
    kpt(['fn', 'eval', join(dir, 'pkg'), '--exec', requireBundle()]);
    const written = readFileSync(join(dir, 'pkg/sandbox.yaml'), 'utf8');
    for (const text of [written, kpt(['fn', 'source', join(dir, 'pkg')])]) {
      const main = mainContainer(text);
      assert.equal(main.securityContext, undefined);
      assert.deepEqual(main.env, [{ name: 'ENVD_DIR', value: PAYLOAD }]);
    }
  });

  it('is an attack as an earlier release wrote it: raw in what kpt sends back, Go reads a privileged main', () => {
    const source = kpt(['fn', 'source', join(dir, 'pkg')]);
    const image = '          image: busybox\n';
    assert.ok(source.includes(image));
    const env = `          env:\n          - name: ENVD_DIR\n            value: ${PAYLOAD}\n`;
    const main = mainContainer(source.replace(image, image + env));
    assert.deepEqual(main.securityContext, { privileged: { '!': 'bool', v: true } });
  });
});
