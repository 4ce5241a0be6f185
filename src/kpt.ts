// The injector as a kpt-functions KptFunc, for teams that compose functions with that SDK. The SDK's
// Configs store is lossy (it sorts items, drops comments and duplicates), so this adapter gives up the
// output fidelity of the CLI; the CLI never imports this module, because importing the SDK redirects
// the global console to stderr.
import { Configs, type KptFunc, type Result as KptResult } from 'kpt-functions';
import { parse, stringify } from 'yaml';
import { run } from './pipeline.js';
import type { Result } from './base/results.js';
import { USAGE } from './usage.js';

async function inject(configs: Configs): Promise<void> {
  const functionConfig = configs.getFunctionConfig();
  const input = stringify({
    apiVersion: 'config.kubernetes.io/v1',
    kind: 'ResourceList',
    items: configs.getAll(),
    ...(functionConfig ? { functionConfig } : {}),
  });
  const outcome = run(input);
  if (!outcome.ok) {
    configs.addResults({ severity: 'error', message: outcome.error });
    return;
  }
  const { items } = parse(outcome.output) as { items: ReturnType<Configs['getAll']> };
  configs.deleteAll();
  configs.insert(...items);
  configs.addResults(...outcome.results.map(toKptResult));
}

/** The SDK predates the spec's names: `warn` for `warning`, and a resourceRef namespace is required. */
function toKptResult(r: Result): KptResult {
  const out: KptResult = { severity: r.severity === 'warning' ? 'warn' : r.severity, message: r.message };
  if (r.resourceRef) out.resourceRef = { ...r.resourceRef, namespace: r.resourceRef.namespace ?? '' };
  if (r.field) out.field = { path: r.field.path };
  if (r.file) out.file = { ...r.file };
  if (r.tags) out.tags = { ...r.tags };
  return out;
}

export const injectSandboxRuntimes: KptFunc = Object.assign(inject, { usage: USAGE });
