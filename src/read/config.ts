// The functionConfig as data: the ResourceList's own, or a file given to the command.
import { isScalar, parseAllDocuments, parseDocument } from 'yaml';
import { failure, success, type Outcome } from '../base/outcome.js';
import { describeYamlError, toData, type Input } from './input.js';

/** The hint for a manifest given where the config goes. */
export const MANIFESTS_ON_STDIN =
  'if it is a manifest, it goes on stdin: inject-sandbox-runtimes CONFIG.yaml < manifests.yaml';

/** The ResourceList's functionConfig (undefined when it has none), or why it cannot be read. */
export function functionConfigOf(input: Input): Outcome<unknown, string> {
  if (!input.functionConfig) return success(undefined);
  const read = input.functionConfig();
  return read.ok ? read : failure(`cannot read the functionConfig: ${read.error}`);
}

/** A config file's one document, or why it is not one. */
export function readConfigFile(text: string): Outcome<unknown, string> {
  const documents = parseAllDocuments(text).filter(
    (d) => d.contents !== null && !(isScalar(d.contents) && d.contents.value === null),
  );
  if (Array.isArray(documents) && documents.length > 1) {
    return failure(
      `the functionConfig file holds ${documents.length} documents, and a config is one (a ConfigMap or ` +
        `SandboxRuntimeInjection); ${MANIFESTS_ON_STDIN}`,
    );
  }
  // Warnings (a collection as a key) are not printed: what the function says goes into its results.
  const doc = parseDocument(text, { prettyErrors: true, logLevel: 'error' });
  const error = doc.errors[0];
  if (error) return failure(`cannot read the functionConfig file as YAML: ${describeYamlError(error)}`);
  const read = toData(doc.contents, doc);
  return read.ok ? read : failure(`cannot read the functionConfig file: ${read.error}`);
}
