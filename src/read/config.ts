// The functionConfig as data: the ResourceList's own, or a file given to the command.
import { isScalar } from 'yaml';
import { describeYamlError, type Input } from './input.js';
import { parseOne, parseStream, ReadError, toData } from './yaml.js';

/** The hint for a manifest given where the config goes. */
export const MANIFESTS_ON_STDIN =
  'if it is a manifest, it goes on stdin: inject-sandbox-runtimes CONFIG.yaml < manifests.yaml';

/** The ResourceList's functionConfig, or why it cannot be read. */
export function functionConfigOf(input: Input): unknown {
  if (!input.functionConfig) return undefined;
  try {
    return input.functionConfig();
  } catch (e) {
    if (e instanceof ReadError) return new ReadError(`cannot read the functionConfig: ${e.message}`);
    throw e;
  }
}

/** The config file is read as the yaml package reads by default (no merge keys), with the reader's bounds. */
const CONFIG_OPTIONS = { logLevel: 'error', uniqueKeys: false } as const;

/** A config file's one document, or why it is not one. */
export function readConfigFile(text: string): unknown {
  let documents;
  let doc;
  try {
    documents = parseStream(text, CONFIG_OPTIONS);
    doc = parseOne(text, CONFIG_OPTIONS);
  } catch (e) {
    if (e instanceof ReadError) return new ReadError(`cannot read the functionConfig file: ${e.message}`);
    throw e;
  }
  documents = documents.filter((d) => d.contents !== null && !(isScalar(d.contents) && d.contents.value === null));
  if (documents.length > 1) {
    return new ReadError(
      `the functionConfig file holds ${documents.length} documents, and a config is one (a ConfigMap or ` +
        `SandboxRuntimeInjection); ${MANIFESTS_ON_STDIN}`,
    );
  }
  const error = doc.errors[0];
  if (error) return new ReadError(`cannot read the functionConfig file as YAML: ${describeYamlError(error)}`);
  try {
    return toData(doc.contents, doc);
  } catch (e) {
    if (e instanceof ReadError) return new ReadError(`cannot read the functionConfig file: ${e.message}`);
    throw e;
  }
}
