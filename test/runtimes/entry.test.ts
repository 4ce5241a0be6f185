// Entries are read as Go's encoding/json reads them into the controller's struct.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeEntry, ENTRY_STRUCT, entryFromJson, unusedFields } from '../../src/runtimes/entry.js';
import { goDecode } from '../../src/runtimes/godecode.js';
import { RUNTIMES } from '../../src/runtimes/table.js';
import { joinPath } from '../../src/base/decode.js';
import { checkProperty } from '../helpers/property.js';

/** A decoded value as plain JSON: decoded objects have no prototype. */
const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const fieldsOf = (runtime: string) => RUNTIMES.unitFor(runtime).fields;

describe('runtimes/entry', () => {
  it('matches top-level keys case-insensitively, a later spelling merged into the earlier, and drops unknown keys', () => {
    const decoded = decodeEntry({ CsiSidecar: [{ name: 'a', image: 'x' }], csisidecar: [{ name: 'b' }], Volumes: [] });
    assert.ok(decoded.ok);
    assert.deepEqual(json(decoded.value.csiSidecar), [{ name: 'b', image: 'x' }]);
    assert.deepEqual(decoded.value.ignored, [['Volumes']]);
  });

  it('matches nested keys case-insensitively, to their canonical names', () => {
    const decoded = decodeEntry({
      mainContainer: { Env: [{ Name: 'A', Value: '1' }], VolumeMounts: [{ NAME: 'v', MountPath: '/v' }] },
      csiSidecar: [{ Name: 's', LIFECYCLE: { postStart: { Exec: { Command: ['x'] } } } }],
      volume: [{ name: 'v', EmptyDir: { SizeLimit: '1Gi' } }],
    });
    assert.ok(decoded.ok);
    const entry = decoded.value;
    assert.deepEqual(json(entry.mainContainer.env), [{ name: 'A', value: '1' }]);
    assert.deepEqual(json(entry.mainContainer.volumeMounts), [{ name: 'v', mountPath: '/v' }]);
    assert.deepEqual(entry.mainContainer.present, ['env', 'volumeMounts']);
    assert.deepEqual(json(entry.csiSidecar), [{ name: 's', lifecycle: { postStart: { exec: { command: ['x'] } } } }]);
    assert.deepEqual(json(entry.volume), [{ name: 'v', emptyDir: { sizeLimit: '1Gi' } }]);
    assert.deepEqual(entry.ignored, []);
  });

  it('keeps map keys as written, and map values as given', () => {
    const decoded = decodeEntry({
      labels: { App: 'x', app: 'y' },
      Annotations: { 'Example.com/Key': 'v' },
      csiSidecar: [{ name: 's', resources: { Limits: { CPU: '1', memory: 512 } } }],
      volume: [{ name: 'v', csi: { driver: 'd', volumeAttributes: { BucketName: 'b' } } }],
    });
    assert.ok(decoded.ok);
    assert.deepEqual(json(decoded.value.labels), { App: 'x', app: 'y' });
    assert.deepEqual(json(decoded.value.annotations), { 'Example.com/Key': 'v' });
    assert.deepEqual(json(decoded.value.csiSidecar[0]), {
      name: 's',
      resources: { limits: { CPU: '1', memory: 512 } },
    });
    assert.deepEqual(json(decoded.value.volume[0]!.csi), { driver: 'd', volumeAttributes: { BucketName: 'b' } });
  });

  it('drops nested keys that no field has, and reports each with its path', () => {
    const decoded = decodeEntry({
      MainContainer: { Env: [{ name: 'A', valu: '1' }] },
      csiSidecar: [{ name: 's', imagePullPolicyy: 'Always', securityContext: { privilegd: true } }],
      volume: [{ name: 'v', hostPath: { path: '/x', tipe: 'Directory' } }],
    });
    assert.ok(decoded.ok);
    assert.deepEqual(json(decoded.value.mainContainer.env), [{ name: 'A' }]);
    assert.deepEqual(json(decoded.value.csiSidecar), [{ name: 's', securityContext: {} }]);
    assert.deepEqual(json(decoded.value.volume), [{ name: 'v', hostPath: { path: '/x' } }]);
    assert.deepEqual(decoded.value.ignored.map(joinPath), [
      'MainContainer.Env[0].valu',
      'csiSidecar[0].imagePullPolicyy',
      'csiSidecar[0].securityContext.privilegd',
      'volume[0].hostPath.tipe',
    ]);
  });

  it('merges spellings of one field as Go decodes them into the same field, in document order', () => {
    const decoded = decodeEntry({
      mainContainer: { name: 'app', image: 'a' },
      MainContainer: { Image: 'b', env: [{ name: 'A', value: '1' }, { name: 'B' }] },
      MAINCONTAINER: { ENV: [{ value: '2' }], image: null },
      csiSidecar: [{ name: 's', resources: { limits: { cpu: '1', memory: '1Gi' } }, lifecycle: { preStop: {} } }],
      CSISidecar: [{ Resources: { limits: { cpu: '2' } }, lifecycle: null }],
      labels: { a: '1', b: '1' },
      Labels: { b: '2' },
    });
    assert.ok(decoded.ok);
    const entry = decoded.value;
    assert.equal(entry.mainContainer.name, 'app');
    // Lists merge element by element, then are cut to the later length; a later null leaves a scalar.
    assert.deepEqual(json(entry.mainContainer.env), [{ name: 'A', value: '2' }]);
    assert.deepEqual(entry.mainContainer.present, ['name', 'image', 'env']);
    // Structs merge; a map's entries are kept, a later value replacing; a later null clears a pointer,
    // which the output then does not hold.
    assert.deepEqual(json(entry.csiSidecar), [{ name: 's', resources: { limits: { cpu: '2', memory: '1Gi' } } }]);
    assert.deepEqual(json(entry.labels), { a: '1', b: '2' });
  });

  it('reads a null as Go does: a field left as it was, a list item or map value its zero value', () => {
    const decoded = decodeEntry({
      labels: { app: null, mesh: 'on' },
      csiSidecar: [
        {
          name: 's',
          image: null,
          command: ['sh', null],
          ports: [{ containerPort: 80, protocol: null }],
          resources: { limits: { cpu: null, memory: ' 1Gi ' } },
          lifecycle: null,
        },
        { name: 't', lifecycle: { preStop: { sleep: { seconds: null } } }, volumeMounts: [null] },
      ],
    });
    assert.ok(decoded.ok, JSON.stringify(decoded));
    assert.deepEqual(json(decoded.value.labels), { app: '', mesh: 'on' });
    assert.deepEqual(json(decoded.value.csiSidecar), [
      {
        name: 's',
        command: ['sh', ''],
        ports: [{ containerPort: 80 }],
        resources: { limits: { cpu: '0', memory: '1Gi' } },
      },
      // SleepAction.seconds has no omitempty: Go writes its zero value; so the name and mountPath of a
      // VolumeMount that a null list item leaves at its zero value.
      { name: 't', lifecycle: { preStop: { sleep: { seconds: 0 } } }, volumeMounts: [{ name: '', mountPath: '' }] },
    ]);
  });

  it('leaves a later null mainContainer as a no-op, as Go does for a struct held by value', () => {
    const decoded = decodeEntry({ mainContainer: { env: [{ name: 'A' }] }, MainContainer: null });
    assert.ok(decoded.ok);
    assert.deepEqual(json(decoded.value.mainContainer.env), [{ name: 'A' }]);
  });

  it('would decode each built-in default to itself, which is why they are trusted', () => {
    for (const runtime of RUNTIMES.withDefaults('ack')) {
      const raw = RUNTIMES.defaultEntry(runtime, 'ack');
      const decoded = goDecode(raw, 'SidecarInjectConfig', ENTRY_STRUCT);
      assert.deepEqual(decoded.dropped, [], runtime);
      assert.deepEqual(json(decoded.value), json(raw), runtime);
    }
  });

  it('takes a trusted entry (a built-in default) as it is', () => {
    const decoded = decodeEntry({ csiSidecar: [{ name: 's', imagePullPolicyy: 'x' }] }, { trusted: true });
    assert.ok(decoded.ok);
    assert.deepEqual(decoded.value.ignored, []);
    assert.deepEqual(json(decoded.value.csiSidecar), [{ name: 's', imagePullPolicyy: 'x' }]);
  });

  it('reads null as an empty entry, and refuses what is not an object', () => {
    const empty = decodeEntry(null);
    assert.ok(empty.ok && empty.value.csiSidecar.length === 0 && empty.value.present.size === 0);
    assert.equal(decodeEntry([1]).ok, false);
    assert.equal(decodeEntry('x').ok, false);
  });

  it('names the fields a runtime does not use', () => {
    const decoded = decodeEntry({
      mainContainer: { image: 'x', lifecycle: { postStart: { exec: { command: ['a'] } } } },
      labels: { a: 'b' },
      containers: [{ name: 'c' }],
    });
    assert.ok(decoded.ok);
    assert.deepEqual(unusedFields(decoded.value, fieldsOf('csi')), [
      'containers',
      'labels',
      'mainContainer.image',
      'mainContainer.lifecycle',
    ]);
    assert.deepEqual(unusedFields(decoded.value, fieldsOf('agent-runtime')), [
      'containers',
      'labels',
      'mainContainer.image',
    ]);
    assert.deepEqual(unusedFields(decoded.value, fieldsOf('logger')), ['mainContainer']);
  });
  describe('JSON text with a repeated key', () => {
    const read = (text: string) => json(entryFromJson(text, JSON.parse(text)));

    it('decodes each occurrence into what the earlier left, as Go does (JSON.parse keeps only the last)', () => {
      assert.deepEqual(read('{"csiSidecar":[{"name":"a","image":"x"}],"csiSidecar":[{"name":"b"}]}'), {
        csiSidecar: [{ name: 'b', image: 'x' }],
      });
      assert.deepEqual(read('{"labels":{"a":"1","b":"1"},"Labels":{"b":"2"},"labels":{"c":"3"}}'), {
        labels: { a: '1', b: '2', c: '3' },
      });
      assert.deepEqual(read('{"mainContainer":{"env":[{"name":"A"}]},"mainContainer":null}'), {
        mainContainer: { env: [{ name: 'A' }] },
      });
      const limits = '{"limits":{"cpu":"1"},"Limits":{"memory":"1Gi"},"limits":{"cpu":"2"}}';
      assert.deepEqual(read(`{"csiSidecar":[{"name":"s","image":"x","image":"y","resources":${limits}}]}`), {
        csiSidecar: [{ name: 's', image: 'y', resources: { limits: { cpu: '2', memory: '1Gi' } } }],
      });
    });

    it('clears a scalar held by a pointer with a later null, and keeps one held by value (literalStore)', () => {
      // restartPolicy is *ContainerRestartPolicy: null sets it to nil; image is a string: null leaves it.
      const text =
        '{"csiSidecar":[{"name":"s","image":"x","image":null,"restartPolicy":"Always","restartPolicy":null}]}';
      assert.deepEqual(read(text), { csiSidecar: [{ name: 's', image: 'x' }] });
    });

    it('keeps repeated unknown keys for decodeEntry to drop and report', () => {
      const text = '{"csiSidecar":[{"name":"s","imagePullPolicyy":"A","imagePullPolicyy":"B"}],"csiSidecar":[{}]}';
      const entry = decodeEntry(entryFromJson(text, JSON.parse(text)));
      assert.ok(entry.ok);
      assert.deepEqual(json(entry.value.csiSidecar), [{ name: 's' }]);
      assert.deepEqual(entry.value.ignored.map(joinPath), ['csiSidecar[0].imagePullPolicyy']);
    });

    it("gives JSON.parse's value itself when no key repeats, or the text is too deep to read again", () => {
      const text = '{"csiSidecar":[{"Name":"a"}],"labels":{"App":"x"}}';
      const parsed = JSON.parse(text);
      assert.equal(entryFromJson(text, parsed), parsed);
      const deep = `{"x":${'['.repeat(200_000)}${']'.repeat(200_000)},"x":1}`;
      const deepParsed = JSON.parse(deep);
      assert.equal(entryFromJson(deep, deepParsed), deepParsed);
    });
  });
  describe('properties', () => {
    const word = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,6}$/);
    const container = fc.record(
      {
        name: word,
        image: word,
        env: fc.array(fc.record({ name: word, value: word }), { maxLength: 3 }),
        volumeMounts: fc.array(fc.record({ name: word, mountPath: word, readOnly: fc.boolean() }), { maxLength: 2 }),
        resources: fc.record({ limits: fc.dictionary(word, word, { maxKeys: 3 }) }),
      },
      { requiredKeys: ['name'] },
    );
    /** The container with its struct keys (not its map keys) in another case, and keys no field has. */
    const respell = (value: unknown, flips: number[], isMap = false): { value: unknown; unknown: number } => {
      if (Array.isArray(value)) {
        let unknown = 0;
        const items = value.map((v) => {
          const r = respell(v, flips);
          unknown += r.unknown;
          return r.value;
        });
        return { value: items, unknown };
      }
      if (typeof value !== 'object' || value === null) return { value, unknown: 0 };
      const out: Record<string, unknown> = {};
      let unknown = 0;
      for (const [k, v] of Object.entries(value)) {
        const flip = flips[(k.length + Object.keys(out).length) % flips.length]!;
        const key = isMap ? k : flip === 1 ? k.toUpperCase() : flip === 2 ? k[0]!.toUpperCase() + k.slice(1) : k;
        const r = respell(v, flips, k === 'limits');
        out[key] = r.value;
        unknown += r.unknown;
      }
      if (!isMap && flips[0] === 0) {
        out['zzUnknown'] = 'x';
        unknown++;
      }
      return { value: out, unknown };
    };

    it('decodes respelt struct keys to the canonical container, dropping exactly the unknown keys', function () {
      checkProperty(
        this,
        [container, fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 5 })],
        (c, flips) => {
          const { value, unknown } = respell(c, flips);
          const decoded = decodeEntry({ csiSidecar: [value] });
          assert.ok(decoded.ok);
          assert.deepEqual(json(decoded.value.csiSidecar), [json(c)]);
          assert.equal(decoded.value.ignored.length, unknown);
          // Evidence: a key respelt, or one dropped (else the container decodes as written).
          return unknown > 0 || JSON.stringify(value) !== JSON.stringify(c);
        },
        { runs: 100, floor: 90 },
      );
    });

    it('is idempotent: a decoded entry decodes to itself, with nothing dropped', function () {
      checkProperty(
        this,
        [container, fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 5 })],
        (c, flips) => {
          const once = goDecode({ MainContainer: respell(c, flips).value }, 'SidecarInjectConfig', ENTRY_STRUCT);
          const twice = goDecode(once.value, 'SidecarInjectConfig', ENTRY_STRUCT);
          assert.deepEqual(twice.dropped, []);
          assert.deepEqual(json(twice.value), json(once.value));
          return true;
        },
        { runs: 100, floor: 100 },
      );
    });
  });
});
