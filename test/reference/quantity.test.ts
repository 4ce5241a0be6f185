// resource.Quantity in the reference model (src/reference/quantity.ts) against what apimachinery v0.35.0 itself
// makes of 1,005 spellings (test/reference/quantity/vectors.jsonl, written by main.go beside it): the parse
// error, the format, the amount, the text MarshalJSON writes, and the text after RoundUp(-3); and two Pods
// that differ only in how their quantities are spelt are one Pod.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { GoDecoder } from '../../src/reference/go-decode.js';
import { podDifference } from '../../src/reference/model.js';
import { amountOf, parseQuantity, quantityText, roundUp } from '../../src/reference/quantity.js';
import type { Pod } from '../../src/reference/types.js';

interface Vector {
  in: string;
  err?: string;
  format?: string;
  /** inf.Dec's String() of the amount. */
  value?: string;
  /** MarshalJSON, and MarshalJSON after RoundUp(-3). */
  stored?: string;
  rounded?: string;
}

const vectors: Vector[] = readFileSync(new URL('./quantity/vectors.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));

describe('reference/quantity: resource.Quantity as apimachinery v0.35.0 has it', () => {
  it("parses, writes back and rounds up as Go does, for each of the fixture's spellings", () => {
    const differences: string[] = [];
    for (const v of vectors) {
      const parsed = parseQuantity(v.in);
      const got: Vector = { in: v.in };
      if (!parsed.ok) got.err = parsed.error;
      else {
        got.format = parsed.value.format;
        // inf.Dec writes the amount with its scale ("1.000"); compared as amounts.
        got.value =
          amountOf(v.value!.replace(/^\+/, '')) === amountOf(`${parsed.value.mantissa}e${parsed.value.exponent}`)
            ? v.value!
            : `${parsed.value.mantissa}e${parsed.value.exponent}`;
        got.stored = JSON.stringify(quantityText(parsed.value));
        got.rounded = JSON.stringify(quantityText(roundUp(parsed.value, -3)));
      }
      if (JSON.stringify(got) !== JSON.stringify(v))
        differences.push(`${JSON.stringify(v)}\n  got ${JSON.stringify(got)}`);
    }
    assert.equal(vectors.length, 1005);
    assert.deepEqual(differences, []);
  });

  it('some of Go\'s surprises: "1000E" is written "1", an int32 exponent wraps, "." is zero', () => {
    const text = (s: string) => {
      const parsed = parseQuantity(s);
      assert.ok(parsed.ok, s);
      return quantityText(parsed.value);
    };
    assert.equal(text('1000E'), '1');
    assert.equal(amountOf('1e4294967296'), '1');
    assert.equal(text('.'), '0');
    assert.equal(text('1.5Gi'), '1536Mi');
    assert.equal(text('1024Mi'), '1Gi');
    assert.equal(text('1000m'), '1');
  });

  it('the decoder keeps a quantity as Go writes it back, after trimming as strings.TrimSpace does', () => {
    const decoder = new GoDecoder({}, true);
    const limits = (value: unknown) => {
      const decoded = decoder.decode({ limits: { cpu: value } }, 'v1.ResourceRequirements');
      return decoded.ok ? (decoded.value as { limits: { cpu: string } }).limits.cpu : decoded.error;
    };
    assert.equal(limits(' 1000m\u0085'), '1');
    assert.equal(limits(1.5), '1500m');
    assert.match(limits('\ufeff1'), /^quantities must match/);
  });
});

describe('reference/compare: quantities are compared by amount, after the API server rounds resource lists', () => {
  const pod = (resources: Record<string, unknown>, sizeLimit?: string): Pod => ({
    metadata: {},
    spec: {
      containers: [{ name: 'main', image: 'busybox', resources }],
      ...(sizeLimit ? { volumes: [{ name: 'scratch', emptyDir: { sizeLimit } }] } : {}),
    },
  });
  const same = (a: Pod, b: Pod) => podDifference(a, b) === undefined;

  it('1000m is 1, 1Gi is 1024Mi, 1e3 is 1k', () => {
    assert.ok(same(pod({ limits: { cpu: '1000m' } }), pod({ limits: { cpu: '1' } })));
    assert.ok(same(pod({ limits: { memory: '1Gi' } }), pod({ limits: { memory: '1024Mi' } })));
    assert.ok(same(pod({ requests: { cpu: '1e3' } }), pod({ requests: { cpu: '1k' } })));
    assert.ok(!same(pod({ limits: { cpu: '1' } }), pod({ limits: { cpu: '2' } })));
    assert.ok(!same(pod({ limits: { cpu: '1' } }), pod({ limits: { memory: '1' } })));
  });

  it('requests and limits round up to a milli (SetDefaults_ResourceList), other quantities do not', () => {
    assert.ok(same(pod({ limits: { cpu: '0.0001' } }), pod({ limits: { cpu: '0.0009' } })));
    assert.ok(same(pod({ limits: { cpu: '0.0001' } }), pod({ limits: { cpu: '1m' } })));
    // Requests default to limits, then both round.
    assert.ok(same(pod({ limits: { cpu: '0.0001' } }), pod({ limits: { cpu: '1m' }, requests: { cpu: '1m' } })));
    assert.ok(!same(pod({}, '0.0001'), pod({}, '0.0009')));
  });

  it('an amount Go writes with no suffix for is another amount once stored: 1000E and 1e21 differ', () => {
    assert.ok(!same(pod({ limits: { cpu: '1000E' } }), pod({ limits: { cpu: '1e21' } })));
    assert.ok(same(pod({ limits: { cpu: '1000E' } }), pod({ limits: { cpu: '1' } })));
  });
});
