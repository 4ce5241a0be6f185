// --print-defaults: a profile's built-in entries as the cluster's ConfigMap, ready to be kept in Git as
// the ConfigMap source (docs/config.md). Marked local-config, so that what renders the package never deploys
// it over the add-on's own ConfigMap. Used as the source, it expands as the built-in defaults do.
import { stringify } from 'yaml';
import { BUILT_IN_PROFILES } from '../runtimes/profiles.js';
import { RUNTIMES, type RuntimeTable } from '../runtimes/table.js';
import type { Profile } from '../runtimes/unit.js';
import { LOCAL_CONFIG } from '../read/items.js';
import { INJECTION_CONFIGMAP } from './functionConfig.js';
import { OPTIONS } from './options.js';
import { REGION_PLACEHOLDER, substituteRegion } from './sources.js';

// The controller's namespace when its chart says none (webhookutils.GetNamespace, util.go:30-35).
const CONTROLLER_NAMESPACE = 'sandbox-system';

export type Printed = { ok: true; text: string } | { ok: false; usage: string };

export function printDefaults(
  profile: Profile,
  regionId: string | undefined,
  runtimes: RuntimeTable = RUNTIMES,
): Printed {
  // The region goes into the printed text: one that is not a DNS label could make it more than one document.
  const region = regionId === undefined ? undefined : OPTIONS.regionId.type.read(regionId);
  if (region && !region.ok)
    return { ok: false, usage: `--region-id must be ${region.expected}, not ${JSON.stringify(regionId)}` };
  const data: Record<string, string> = {};
  const placeholders: string[] = [];
  let regionPut = false;
  for (const name of runtimes.withDefaults(profile)) {
    const { value, missing, replaced } = substituteRegion(runtimes.defaultEntry(name, profile), regionId);
    regionPut ||= replaced;
    placeholders.push(...missing.map((path) => `${name}: ${path}`));
    data[name] = JSON.stringify(value, null, 2) + '\n';
  }
  if (placeholders.length) {
    return {
      ok: false,
      usage:
        `--print-defaults: the ${profile} profile holds ${REGION_PLACEHOLDER} (${placeholders[0]}, ...), and a ` +
        'ConfigMap source is used literally, as the controller reads it; give --region-id, ' +
        'e.g. --region-id cn-hangzhou',
    };
  }
  const { vendor, source } = BUILT_IN_PROFILES[profile];
  const command = ['inject-sandbox-runtimes --print-defaults', `--defaults ${profile}`];
  if (regionId !== undefined) command.push(`--region-id ${regionId}`);
  const header = [
    `The ${profile} profile's built-in injection config (${command.join(' ')}):`,
    ...wrap(`Vendor: ${vendor}. Source: ${source}${regionPut ? '; the region put in from --region-id' : ''}.`),
    'Kept in Git beside the Sandboxes, it is the ConfigMap source: the function reads each runtime entry',
    'from it, literally, as the controller reads the cluster ConfigMap. It is marked local-config, so',
    'kubectl kustomize leaves it out of its output and kpt live apply skips it: it is never deployed over',
    "the add-on's own ConfigMap (an Argo CD plugin drops it with --drop-local-config).",
  ];
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: INJECTION_CONFIGMAP,
      namespace: CONTROLLER_NAMESPACE,
      annotations: { [LOCAL_CONFIG]: 'true' },
    },
    data,
  };
  const body = stringify(configMap, { lineWidth: 0, blockQuote: 'literal' });
  return { ok: true, text: header.map((line) => `# ${line}\n`).join('') + body };
}

/** Words in lines of at most 100 characters (a long word stays whole). */
function wrap(text: string): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= 100) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}
