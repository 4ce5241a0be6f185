// Prints a YAML stream as kustomize's build output holds the same objects, for the Argo CD e2e to
// compare the CLI's output on the stream kustomize fed its plugin with what kustomize printed: one
// JSON line per object, keys sorted (kustomize writes them sorted), without the annotations kustomize
// adds for its plugins and strips again (internal.config.kubernetes.io/*, kustomize.config.k8s.io/*,
// config.kubernetes.io/index, config.k8s.io/id) and without local-config items (left out of its output).
//
//   node scripts/kustomize-view.mjs < stream.yaml
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const OWN =
  /^(internal\.config\.kubernetes\.io\/|kustomize\.config\.k8s\.io\/|config\.kubernetes\.io\/index$|config\.k8s\.io\/id$)/;
const sorted = (v) =>
  Array.isArray(v)
    ? v.map(sorted)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sorted(v[k])]),
        )
      : v;

for (const doc of parseAllDocuments(readFileSync(0, 'utf8'))) {
  const object = doc.toJS();
  if (!object) continue;
  const annotations = object.metadata?.annotations ?? {};
  if (annotations['config.kubernetes.io/local-config'] === 'true') continue;
  for (const key of Object.keys(annotations)) if (OWN.test(key)) delete annotations[key];
  if (object.metadata?.annotations && Object.keys(annotations).length === 0) delete object.metadata.annotations;
  console.log(JSON.stringify(sorted(object)));
}
