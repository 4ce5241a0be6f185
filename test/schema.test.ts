// krm-function.yaml's schema validates every example config, and accepts and rejects the same sample
// configs as the io-ts codec, so the two cannot drift apart.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { decodeFunctionConfig, TYPED_KIND } from '../src/config/functionConfig.js';
import { ROOT } from './helpers/bundle.js';

const definition = parse(readFileSync(join(ROOT, 'krm-function.yaml'), 'utf8'));
const ajv = new Ajv({ allErrors: true });
ajv.addKeyword({ keyword: 'x-kubernetes-preserve-unknown-fields' });
const validate = ajv.compile(definition.spec.versions[0].schema.openAPIV3Schema);

/** Every SandboxRuntimeInjection in the examples and golden cases: config files and functionConfigs. */
function exampleConfigs(): { where: string; config: unknown }[] {
  const files = [
    'examples/kpt-exec/fn-config.yaml',
    'examples/argocd/app/fn-config.yaml',
    ...['legacy-plugin', 'exec', 'container'].map((d) => `examples/kustomize/${d}/inject.yaml`),
    ...readdirSync(join(ROOT, 'test/golden'))
      .filter((c) => !c.startsWith('bad-input-'))
      .flatMap((c) => [`test/golden/${c}/fn-config.yaml`, `test/golden/${c}/input.yaml`]),
  ];
  return files
    .filter((f) => existsSync(join(ROOT, f)))
    .flatMap((f) =>
      parseAllDocuments(readFileSync(join(ROOT, f), 'utf8')).map((d) => {
        const value = d.toJS() as { kind?: string; functionConfig?: { kind?: string } } | null;
        return { where: f, config: value?.kind === 'ResourceList' ? value.functionConfig : value };
      }),
    )
    .filter((c) => (c.config as { kind?: string } | undefined)?.kind === TYPED_KIND);
}

const typed = (spec: unknown) => ({
  apiVersion: 'fn.sandbox-inject.dev/v1alpha1',
  kind: TYPED_KIND,
  metadata: { name: 'x' },
  spec,
});

const SAMPLES: [string, unknown][] = [
  ['empty spec', typed({})],
  ['no spec', { apiVersion: 'fn.sandbox-inject.dev/v1alpha1', kind: TYPED_KIND, metadata: { name: 'x' } }],
  [
    'all fields',
    typed({
      regionId: 'cn-hangzhou',
      keepRuntimes: false,
      mode: 'inject',
      injectionConfig: { a: {}, b: '{}', c: null },
      injectionConfigRef: { name: 'n', namespace: 'ns' },
    }),
  ],
  ['ref without namespace', typed({ injectionConfigRef: { name: 'n' } })],
  ['regionId a number', typed({ regionId: 42 })],
  ['keepRuntimes a string', typed({ keepRuntimes: 'true' })],
  ['unknown mode', typed({ mode: 'sideways' })],
  ['mode uninject', typed({ mode: 'uninject' })],
  ['mode check', typed({ mode: 'check' })],
  ['unknown spec field', typed({ regionID: 'x' })],
  ['ref without name', typed({ injectionConfigRef: { namespace: 'ns' } })],
  ['ref with an unknown field', typed({ injectionConfigRef: { name: 'n', kind: 'ConfigMap' } })],
  ['entry a number', typed({ injectionConfig: { a: 5 } })],
  ['entry a list', typed({ injectionConfig: { a: [] } })],
  ['injectionConfig a list', typed({ injectionConfig: [] })],
  ['wrong kind', { apiVersion: 'fn.sandbox-inject.dev/v1alpha1', kind: 'Other', metadata: { name: 'x' } }],
  ['wrong apiVersion', { apiVersion: 'fn.sandbox-inject.dev/v2', kind: TYPED_KIND, metadata: { name: 'x' } }],
];

describe('krm-function.yaml', () => {
  it('is a KRMFunctionDefinition for the SandboxRuntimeInjection kind', () => {
    assert.equal(definition.apiVersion, 'config.kubernetes.io/v1alpha1');
    assert.equal(definition.kind, 'KRMFunctionDefinition');
    assert.equal(definition.spec.names.kind, TYPED_KIND);
    for (const field of ['description', 'publisher', 'tags']) assert.ok(definition.spec[field], field);
    assert.ok(definition.spec.versions[0].runtime.container.image);
    assert.ok(definition.spec.versions[0].examples.length);
  });

  it('validates every example config', () => {
    const configs = exampleConfigs();
    assert.ok(configs.length >= 10, `found ${configs.length}`);
    for (const { where, config } of configs) {
      const valid = validate(config);
      const decodes = decodeFunctionConfig(config).ok;
      // Golden cases of invalid configs must be rejected by both; all others accepted by both.
      assert.equal(valid, decodes, `${where}: schema ${valid}, codec ${decodes} ${JSON.stringify(validate.errors)}`);
      if (!where.startsWith('test/golden/config-')) assert.ok(valid, `${where}: ${JSON.stringify(validate.errors)}`);
    }
  });

  for (const [name, config] of SAMPLES) {
    it(`schema and codec agree: ${name}`, () => {
      assert.equal(validate(config), decodeFunctionConfig(config).ok, JSON.stringify(validate.errors));
    });
  }
});
