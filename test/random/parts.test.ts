// The parts of the random differential test that must be right for its verdicts to mean anything: its own
// reading of the API server's rules (./api-server.ts) and its JSON writer (./json.ts). The test itself runs
// apart, with `npm run test:random`.
import assert from 'node:assert/strict';
import type { Pod } from '../../src/reference/types.js';
import { rejection } from './api-server.js';
import { NO_ODDITIES, Spelt, writeJson, type Oddities } from './json.js';

const pod = (spec: Record<string, unknown>): Pod => ({ metadata: {}, spec });
const main = { name: 'main', image: 'busybox' };

describe('random/api-server: the API server rules the random test judges by', () => {
  it('accepts a sound Pod', () => {
    assert.equal(
      rejection(
        pod({
          containers: [{ ...main, env: [{ name: 'A.b-c' }], volumeMounts: [{ name: 'data', mountPath: '/d' }] }],
          initContainers: [{ name: 'side', image: 'x', ports: [{ name: 'http', containerPort: 80 }] }],
          volumes: [{ name: 'data', emptyDir: {} }],
        }),
      ),
      undefined,
    );
  });

  it('rejects each rule of docs/api-server-rules.md, and the schema', () => {
    const rejected = (spec: Record<string, unknown>) => rejection(pod(spec)) ?? 'accepted';
    assert.match(rejected({ containers: [{ ...main, name: 'Main' }] }), /not a DNS-1123 label/);
    assert.match(rejected({ containers: [main], initContainers: [main] }), /used twice/);
    assert.match(rejected({ containers: [main], volumes: [{ name: 'a_b' }] }), /volume name "a_b"/);
    assert.match(rejected({ containers: [main], volumes: [{ name: 'v' }, { name: 'v' }] }), /used twice/);
    assert.match(rejected({ containers: [{ ...main, ports: [{ name: 'h--p', containerPort: 1 }] }] }), /IANA/);
    assert.match(rejected({ containers: [{ ...main, env: [{ name: 'A=B' }] }] }), /env name/);
    assert.match(rejected({ containers: [{ ...main, env: [{ name: '' }] }] }), /env name/);
    assert.match(rejected({ containers: [{ ...main, volumeMounts: [{ name: 'x', mountPath: '/x' }] }] }), /no volume/);
    const twice = [
      { name: 'v', mountPath: '/x' },
      { name: 'v', mountPath: '/x' },
    ];
    assert.match(rejected({ containers: [{ ...main, volumeMounts: twice }], volumes: [{ name: 'v' }] }), /twice/);
    assert.match(rejected({ containers: [{ ...main, ports: [{ containerPort: '80' }] }] }), /^schema: /);
    // validation.go beyond the page: the zero values a null leaves.
    assert.match(rejected({ containers: [{ ...main, ports: [{ containerPort: 0 }] }] }), /not 1-65535/);
    const probe = (handler: object) => ({ containers: [{ ...main, readinessProbe: handler }] });
    assert.match(rejected(probe({ httpGet: { port: 0 } })), /readinessProbe\.httpGet\.port/);
    assert.equal(rejected(probe({ httpGet: { port: 'http' } })), 'accepted');
    assert.match(rejected(probe({ grpc: { port: 0 } })), /grpc\.port/);
    const hook = { containers: [{ ...main, lifecycle: { preStop: { tcpSocket: { port: 70000 } } } }] };
    assert.match(rejected(hook), /lifecycle\.preStop\.tcpSocket\.port/);
    const pathless = {
      containers: [{ ...main, volumeMounts: [{ name: 'v', mountPath: '' }] }],
      volumes: [{ name: 'v' }],
    };
    assert.match(rejected(pathless), /no path/);
  });
});

describe('random/json: JSON text with the spellings Go reads differently', () => {
  const odd: Oddities = { ...NO_ODDITIES, seed: 7, numbers: 1 };

  it('spells each integer another way that JSON.parse reads as the same number', () => {
    const value = { containerPort: 9090, timeoutSeconds: 0, ports: [1, 15020, -3] };
    const texts = new Set<string>();
    for (let seed = 1; seed < 40; seed++) {
      const text = writeJson(value, { ...odd, seed });
      texts.add(text);
      assert.equal(JSON.stringify(JSON.parse(text)), JSON.stringify(value), text); // -0 is 0 too
    }
    assert.ok(texts.size > 10, 'the spellings vary');
    assert.ok([...texts].some((t) => /9090\.0|9\.09e3|9090e0/.test(t)));
  });

  it('keeps a spelt number as written, and a map key as written when struct keys change case', () => {
    assert.equal(writeJson({ port: new Spelt('8.08e3') }, NO_ODDITIES), '{"port":8.08e3}');
    const text = writeJson({ labels: { app: 'a' }, image: 'x' }, { ...NO_ODDITIES, seed: 3, keyCase: 1 });
    assert.match(text, /"app":"a"/);
    assert.doesNotMatch(text, /"image"/);
  });
});
