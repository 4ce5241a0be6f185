// The built-in defaults are not checked against core/v1 at run time (it would load the validators on
// every run): they are checked here, with regions that put odd text into every substituted field. And
// the law of the ConfigMap source's scope: one ConfigMap, chosen by name and namespace as the controller
// chooses it; every look-alike is passed over with a warning whose ref selects it.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'yaml';
import { decodeEntry } from '../../src/runtimes/entry.js';
import { decodeFunctionConfig, INJECTION_CONFIGMAP } from '../../src/config/functionConfig.js';
import { Resolver, sourceNames, type ConfigMapItem } from '../../src/config/sources.js';
import type { Result } from '../../src/base/results.js';
import { checkProperty } from '../helpers/property.js';
import { invalidItems } from '../../src/runtimes/schema.js';
import { RUNTIMES } from '../../src/runtimes/table.js';
import { PROFILES } from '../../src/runtimes/unit.js';

describe('config/sources', () => {
  it('resolves the built-in defaults of every profile to entries valid against core/v1, whatever the region', () => {
    const cases = ['cn-hangzhou', 'x', '1', ''].flatMap((r) => PROFILES.map((p) => [r, p] as const));
    for (const [regionId, profile] of cases) {
      const decoded = decodeFunctionConfig({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'f' },
        data: regionId ? { regionId, defaults: profile } : { defaults: profile },
      });
      assert.ok(decoded.ok);
      const created = Resolver.create(decoded.value, []);
      assert.ok(created.ok);
      assert.ok(RUNTIMES.withDefaults(profile).length >= 2);
      for (const runtime of RUNTIMES.withDefaults(profile)) {
        const found = created.value.lookup(runtime);
        assert.ok(found.ok, `${runtime}: ${JSON.stringify(found)}`);
        assert.deepEqual(
          invalidItems(found.value.entry, RUNTIMES.unitFor(runtime).fields),
          [],
          `${runtime} with region ${JSON.stringify(regionId)}`,
        );
      }
    }
  });

  it('still checks an entry given in the config against core/v1', () => {
    const entry = { mainContainer: { volumeMounts: [{ name: 'x', mountPath: 7 }] } };
    const decoded = decodeFunctionConfig({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'f' },
      data: { csi: JSON.stringify(entry) },
    });
    assert.ok(decoded.ok);
    const created = Resolver.create(decoded.value, []);
    assert.ok(created.ok);
    const found = created.value.lookup('csi');
    assert.ok(found.ok);
    const problems = found.value.invalid.flatMap((item) => item.problems);
    assert.deepEqual(
      problems.map((p) => p.path),
      ['mainContainer.volumeMounts[0].mountPath'],
    );
    assert.match(problems[0]!.message, /not a valid VolumeMount/);
    assert.ok(decodeEntry(entry).ok);
  });
});

/** A SandboxRuntimeInjection with a region (so the built-in defaults can be used), and a ref if given. */
function typedConfig(ref?: { name: string; namespace?: string | undefined }) {
  const spec = { regionId: 'cn-hangzhou', ...(ref ? { injectionConfigRef: ref } : {}) };
  const decoded = decodeFunctionConfig({
    apiVersion: 'fn.sandbox-inject.dev/v1alpha1',
    kind: 'SandboxRuntimeInjection',
    metadata: { name: 'inject' },
    spec,
  });
  assert.ok(decoded.ok, JSON.stringify(decoded));
  return decoded.value;
}

/** A ConfigMap among the items whose agent-runtime entry's image says which one it is. */
function configMap(name: string, namespace: string | undefined, image: string, unreadable?: string): ConfigMapItem {
  const ref = { apiVersion: 'v1', kind: 'ConfigMap', name, ...(namespace === undefined ? {} : { namespace }) };
  const data = { 'agent-runtime': JSON.stringify({ csiSidecar: [{ name: 'runtime', image }] }) };
  return {
    name,
    ...(namespace === undefined ? {} : { namespace }),
    data,
    subject: { ref },
    ...(unreadable === undefined ? {} : { unreadable }),
  };
}

const imageOf = (resolver: Resolver) => {
  const found = resolver.lookup('agent-runtime');
  assert.ok(found.ok, JSON.stringify(found));
  return found.value.entry.csiSidecar[0]!.image;
};

/** The ref a passed-over warning names, read as a user would paste it into the spec. */
function refIn(warning: Result): { name: string; namespace?: string } {
  const written = /spec\.injectionConfigRef: (\{name: .*?, namespace: (?:"[^"]*"|[^}]*)\})/.exec(warning.message);
  assert.ok(written, `the warning names a ref: ${warning.message}`);
  return parse(written[1]!) as { name: string; namespace?: string };
}

describe('config/sources: the scope of the ConfigMap source', () => {
  const NAMES = [INJECTION_CONFIGMAP, `prod-${INJECTION_CONFIGMAP}`, `${INJECTION_CONFIGMAP}-7h2k9`, 'team-injection'];
  const NAMESPACES = [undefined, '', 'sandbox-system', 'team-b', 'prod'];
  const item = fc.record({
    name: fc.constantFrom(...NAMES),
    namespace: fc.constantFrom(...NAMESPACES),
    unreadable: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  });
  const ref = fc.option(
    fc.record(
      { name: fc.constantFrom(...NAMES), namespace: fc.constantFrom(...NAMESPACES) },
      { requiredKeys: ['name'] },
    ),
    { nil: undefined },
  );

  it('takes only the ConfigMap the controller reads, or the ref names; each other look-alike gets a warning whose ref selects it', function () {
    checkProperty(
      this,
      [fc.array(item, { maxLength: 5 }), ref],
      (specs, given) => {
        const items = specs.map((s, i) =>
          configMap(s.name, s.namespace, `image-${i}`, s.unreadable ? 'a duplicate key' : undefined),
        );
        const config = typedConfig(given);
        const wanted = { name: given?.name ?? INJECTION_CONFIGMAP, namespace: given?.namespace ?? 'sandbox-system' };
        const chosen = items.filter((c) => c.name === wanted.name && (c.namespace ?? '') === wanted.namespace);
        const lookAlikes = items.filter(
          (c) => !chosen.includes(c) && (c.name === wanted.name || c.name.includes(INJECTION_CONFIGMAP)),
        );
        const created = Resolver.create(config, items);
        const results = created.ok ? created.value.runResults() : created.error;
        // Exactly the look-alikes are warned about, each once, by its resourceRef.
        const warnings = results.filter((r) => r.severity === 'warning');
        assert.deepEqual(
          warnings.map((w) => w.resourceRef),
          lookAlikes.map((c) => c.subject.ref),
        );
        // A look-alike never stops the run: only the chosen ConfigMap can (missing under a ref, twice, unreadable).
        const fails =
          chosen.length > 1 || chosen[0]?.unreadable !== undefined || (given !== undefined && !chosen.length);
        assert.equal(!created.ok, fails, JSON.stringify(results));
        if (created.ok) {
          const image = imageOf(created.value);
          if (chosen[0]) assert.equal(image, `image-${items.indexOf(chosen[0])}`);
          else assert.match(String(image), /^registry-cn-hangzhou-vpc\.ack\.aliyuncs\.com\//, 'the built-in default');
        }
        // The ref a warning names selects that ConfigMap, wherever it is the only one of its name and namespace.
        let selected = 0;
        for (const [i, warning] of warnings.entries()) {
          const target = lookAlikes[i]!;
          const twins = items.filter((c) => c.name === target.name && (c.namespace ?? '') === (target.namespace ?? ''));
          if (twins.length > 1 || target.unreadable !== undefined) continue;
          const again = Resolver.create(typedConfig(refIn(warning)), items);
          assert.ok(again.ok, JSON.stringify(again));
          assert.equal(imageOf(again.value), `image-${items.indexOf(target)}`);
          selected++;
        }
        return selected > 0;
      },
      { runs: 300, floor: 120 },
    );
  });

  it("looks among the items for the ref's name and for every name holding the controller's", () => {
    assert.deepEqual(sourceNames(typedConfig()), [INJECTION_CONFIGMAP]);
    assert.deepEqual(sourceNames(typedConfig({ name: `prod-${INJECTION_CONFIGMAP}`, namespace: 'prod' })), [
      INJECTION_CONFIGMAP,
    ]);
    assert.deepEqual(sourceNames(typedConfig({ name: 'team-injection' })), ['team-injection', INJECTION_CONFIGMAP]);
  });

  it("passes over no copy of the functionConfig itself among the items (kpt's package holds its config file)", () => {
    const decoded = decodeFunctionConfig({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: INJECTION_CONFIGMAP, namespace: 'kruise-system' },
      data: { 'agent-runtime': JSON.stringify({ csiSidecar: [{ name: 'runtime', image: 'itself' }] }) },
    });
    assert.ok(decoded.ok);
    const created = Resolver.create(decoded.value, [
      configMap(INJECTION_CONFIGMAP, 'kruise-system', 'itself'),
      configMap(INJECTION_CONFIGMAP, 'team-b', 'team-b'),
    ]);
    assert.ok(created.ok);
    assert.equal(imageOf(created.value), 'itself');
    const warnings = created.value.runResults().filter((r) => r.severity === 'warning');
    assert.deepEqual(
      warnings.map((w) => w.resourceRef?.namespace),
      ['team-b'],
    );
    assert.match(warnings[0]!.message, /the source is the functionConfig itself/);
  });

  it('quotes a name in the ref it names where YAML would read it otherwise', () => {
    const created = Resolver.create(typedConfig(), [configMap(`${INJECTION_CONFIGMAP}: x`, 'team-b', 'odd')]);
    assert.ok(created.ok);
    const [warning] = created.value.runResults().filter((r) => r.severity === 'warning');
    assert.deepEqual(refIn(warning!), { name: `${INJECTION_CONFIGMAP}: x`, namespace: 'team-b' });
  });
});
