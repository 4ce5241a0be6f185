// The reference model's decoder against encoding/json's rules (decode.go, scanner.go, fold.go of go1.25),
// each case citing the rule; errors are Go's own text.
import assert from 'node:assert/strict';
import { GoDecoder } from '../../src/reference/go-decode.js';
import { ControllerModel, podDifference } from '../../src/reference/model.js';
import type { Pod } from '../../src/reference/types.js';

const parse = (text: string) => ControllerModel.parseEntry(text);
const error = (text: string) => {
  const parsed = parse(text);
  assert.ok(!parsed.ok, `an error for ${text}`);
  return parsed.error;
};
const value = (text: string) => {
  const parsed = parse(text);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return JSON.parse(JSON.stringify(parsed.value));
};
const port = (p: string) => `{"containers":[{"name":"c","ports":[{"containerPort":${p}}]}]}`;

describe('reference/go-decode: encoding/json rules', () => {
  it('an int32 takes only an integer literal (decode.go literalStore: strconv.ParseInt, then OverflowInt)', () => {
    for (const literal of ['9090.0', '8080e0', '8.08e3'])
      assert.equal(
        error(port(literal)),
        `json: cannot unmarshal number ${literal} into Go struct field ContainerPort.containers.ports.containerPort of type int32`,
      );
    assert.match(error(port('2147483648')), /number 2147483648 into .* of type int32$/);
    assert.deepEqual(value(port('-0')).containers[0].ports[0], { containerPort: 0 });
  });

  it('an int64 and a pointer: *int64 terminationGracePeriodSeconds (literalStore, indirect)', () => {
    assert.match(
      error('{"csiSidecar":[{"readinessProbe":{"terminationGracePeriodSeconds":1.5}}]}'),
      /number 1\.5 into Go struct field Probe\.csiSidecar\.readinessProbe\.terminationGracePeriodSeconds of type int64$/,
    );
  });

  it('an IntOrString reads a number as int32, in its own Unmarshal; the field path is the outer one', () => {
    assert.equal(
      error('{"csiSidecar":[{"name":"x","readinessProbe":{"httpGet":{"port":9090.0}}}]}'),
      'json: cannot unmarshal number 9090.0 into Go struct field HTTPGetAction.csiSidecar.readinessProbe.ProbeHandler.httpGet.port of type int32',
    );
    assert.deepEqual(value('{"csiSidecar":[{"readinessProbe":{"httpGet":{"port":"http"}}}]}').csiSidecar[0], {
      readinessProbe: { httpGet: { port: 'http' } },
    });
  });

  it('a wrong JSON type is a type error naming the Go type (literalStore, object, array)', () => {
    assert.equal(
      error('{"labels":{"a":1}}'),
      'json: cannot unmarshal number into Go struct field SidecarInjectConfig.labels of type string',
    );
    assert.equal(
      error('{"csiSidecar":{}}'),
      'json: cannot unmarshal object into Go struct field SidecarInjectConfig.csiSidecar of type []v1.Container',
    );
    assert.match(error('{"containers":[{"ports":[{"protocol":5}]}]}'), /of type v1\.Protocol$/);
    assert.equal(
      error('[]'),
      'json: cannot unmarshal array into Go value of type sidecarutils.SidecarInjectConfig'.replace(
        'sidecarutils.',
        'sidecarutils.',
      ),
    );
  });

  it('null: a map value is its zero, a pointer or slice nil, a value left as it was (decode.go, Unmarshal doc)', () => {
    assert.deepEqual(value('{"labels":{"empty":null}}'), { labels: { empty: '' } });
    assert.deepEqual(value('{"csiSidecar":[{"name":"a"}],"csiSidecar":null}'), {});
    assert.deepEqual(value('{"mainContainer":{"name":"a"},"mainContainer":null}'), { mainContainer: { name: 'a' } });
    assert.deepEqual(value('null'), {});
  });

  it('keys match case-insensitively by Go folding, unknown keys are dropped (fold.go, object)', () => {
    assert.deepEqual(value('{"MainContainer":{"NAME":"a","unknown":1},"ᴄsiSidecar":[],"po\u017ftStartShell":"sh"}'), {
      mainContainer: { name: 'a' },
    });
    // U+017F (long s) folds to s, U+212A (Kelvin) to k.
    assert.deepEqual(value('{"c\u017fiSidecar":[{"name":"s"}],"mainContainer":{"wor\u212aingDir":"/w"}}'), {
      csiSidecar: [{ name: 's' }],
      mainContainer: { workingDir: '/w' },
    });
  });

  it('a repeated key decodes into what the earlier left: structs and maps merge, lists merge by element', () => {
    assert.deepEqual(value('{"labels":{"a":"1"},"Labels":{"b":"2"}}'), { labels: { a: '1', b: '2' } });
    assert.deepEqual(value('{"mainContainer":{"name":"a"},"mainContainer":{"image":"i"}}'), {
      mainContainer: { name: 'a', image: 'i' },
    });
    assert.deepEqual(value('{"volume":[{"name":"a"},{"name":"b"}],"volume":[{"emptyDir":{}}]}'), {
      volume: [{ name: 'a', emptyDir: {} }],
    });
    assert.deepEqual(value('{"volume":[{"name":"a"}],"volume":[]}'), { volume: [] });
  });

  it("the text is checked whole first, with the scanner's messages (scanner.go)", () => {
    assert.equal(error('{"a":1,}'), "invalid character '}' looking for beginning of object key string");
    assert.equal(error('{"a" 1}'), "invalid character '1' after object key");
    assert.equal(error('{"a":01}'), "invalid character '1' after object key:value pair");
    assert.equal(error('{"a":1} x'), "invalid character 'x' after top-level value");
    assert.equal(error('{"a":'), 'unexpected end of JSON input');
    assert.equal(error('{"a":-x}'), "invalid character 'x' in numeric literal");
    assert.equal(error('{"a":tru}'), "invalid character '}' in literal true (expecting 'e')");
    // A type error comes after the whole text is valid: the syntax error wins.
    assert.equal(error('{"labels":{"a":1},'), 'unexpected end of JSON input');
  });

  it('a null element of a slice is its zero value: an empty struct, "" (decode.go array, literalStore null)', () => {
    const entry = value('{"mainContainer":{"env":[null,{"name":"A"}],"command":[null,"x"]},"containers":[null]}');
    assert.deepEqual(entry.mainContainer, { env: [{}, { name: 'A' }], command: ['', 'x'] });
    assert.deepEqual(entry.containers, [{}]);
    // A map's null value is its element's zero value too.
    assert.deepEqual(value('{"labels":{"a":null}}').labels, { a: '' });
    assert.deepEqual(value('{"containers":[{"resources":{"limits":{"cpu":null}}}]}').containers[0].resources, {
      limits: { cpu: '0' },
    });
  });

  it("nesting past Go's maxNestingDepth (10000) is an error, and deep input does not crash", () => {
    assert.equal(error('['.repeat(10001) + ']'.repeat(10001)), "invalid character '[' exceeded max depth");
    assert.ok(parse(`{"x":${'['.repeat(9999)}${']'.repeat(9999)}}`).ok);
  });

  it('a quantity is a Quantity Unmarshal error, without field context (quantity.go ParseQuantity)', () => {
    assert.equal(
      error('{"containers":[{"resources":{"limits":{"cpu":true}}}]}'),
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
    assert.equal(
      error('{"containers":[{"resources":{"limits":{"cpu":"1Qi"}}}]}'),
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
    // Kept as Go writes it back (quantity.go MarshalJSON): 0.5 is 500m.
    assert.deepEqual(value('{"containers":[{"resources":{"limits":{"cpu":0.5,"memory":"1Gi"}}}]}').containers[0], {
      resources: { limits: { cpu: '500m', memory: '1Gi' } },
    });
  });

  it('plain data is read by its own keys alone, as Object.keys gives them, whatever its prototype holds', () => {
    // The loops walk keys with for-in (src/reference/go-decode.ts, compare.ts, shared.ts): an enumerable key
    // of a prototype (a library that writes into one) must not become a field, a map entry or a difference.
    const inherited = Object.create({ image: 'injected:latest', restartPolicy: 'Never' });
    inherited.name = 'c';
    const decoded = new GoDecoder().decode({ containers: [inherited], nodeSelector: inherited }, 'v1.PodSpec');
    assert.ok(decoded.ok);
    assert.deepEqual(JSON.parse(JSON.stringify(decoded.value)), {
      containers: [{ name: 'c' }],
      nodeSelector: { name: 'c' },
    });
    const pod = (spec: Record<string, unknown>): Pod =>
      ({ metadata: { labels: {}, annotations: {} }, spec }) as unknown as Pod;
    const spec = Object.create({ hostNetwork: true, dnsPolicy: 'Default' });
    spec.containers = [{ name: 'c', image: 'i' }];
    assert.equal(podDifference(pod(spec), pod({ containers: [{ name: 'c', image: 'i' }] })), undefined);
    assert.match(podDifference(pod(spec), pod({ containers: [{ name: 'd', image: 'i' }] })) ?? '', /name would be/);
  });
});
