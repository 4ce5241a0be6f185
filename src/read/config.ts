// The functionConfig as data: the ResourceList's own, or a file given to the command.
import { isScalar } from 'yaml';
import { failure, success, type Outcome } from '../base/outcome.js';
import { describeYamlError, type Input } from './input.js';
import { parseOne, parseStream, toData } from './yaml.js';

/** The hint for a manifest given where the config goes. */
export const MANIFESTS_ON_STDIN =
  'if it is a manifest, it goes on stdin: inject-sandbox-runtimes CONFIG.yaml < manifests.yaml';

/** The ResourceList's functionConfig (undefined when it has none), or why it cannot be read. */
export function functionConfigOf(input: Input): Outcome<unknown, string> {
  if (!input.functionConfig) return success(undefined);
  const read = input.functionConfig();
  return read.ok ? read : failure(`cannot read the functionConfig: ${read.error}`);
}

/**
 * The config file is read as the yaml package reads by default (no merge keys), with the reader's
 * bounds; warnings (a collection as a key) are not printed: what the function says goes into its results.
 */
const CONFIG_OPTIONS = { logLevel: 'error', uniqueKeys: false } as const;

/** A config file's one document, or why it is not one. */
export function readConfigFile(text: string): Outcome<unknown, string> {
  const [stream, one] = [parseStream(text, CONFIG_OPTIONS), parseOne(text, CONFIG_OPTIONS)];
  if (!stream.ok) return failure(`cannot read the functionConfig file: ${stream.error}`);
  if (!one.ok) return failure(`cannot read the functionConfig file: ${one.error}`);
  const documents = stream.value.filter(
    (d) => d.contents !== null && !(isScalar(d.contents) && d.contents.value === null),
  );
  if (documents.length > 1) {
    return failure(
      `the functionConfig file holds ${documents.length} documents, and a config is one (a ConfigMap or ` +
        `SandboxRuntimeInjection); ${MANIFESTS_ON_STDIN}`,
    );
  }
  const doc = one.value;
  const error = doc.errors[0];
  if (error) return failure(`cannot read the functionConfig file as YAML: ${describeYamlError(error)}`);
  const read = toData(doc.contents, doc);
  return read.ok ? read : failure(`cannot read the functionConfig file: ${read.error}`);
}
