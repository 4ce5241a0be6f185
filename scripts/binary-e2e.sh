#!/usr/bin/env bash
# The single executables (scripts/build-binary.mjs), built and run where there is no Node: each case
# below runs the bundle on this machine's Node, then the linux/amd64 executable in a container of
# Debian's minbase (no Node; --network none, read-only, as nobody), then the linux/arm64 one under
# qemu in an arm64 Debian root that has no Node either, and each must give the bundle's stdout,
# stderr and exit code exactly. Empty stderr where the bundle's is empty also says that V8 accepted
# each executable's code cache: Node warns "Code cache data rejected." on every run otherwise.
#
# One line per check ("ok - ..." or "not ok - ..."), then `made: ...` and "binary e2e: N passed,
# N failed"; exits 1 if any failed. Idempotent: installs what is missing (podman, runc, debootstrap,
# qemu-user-static from Debian), and keeps the minbase image, the arm64 root and the Node binaries in
# ISR_CACHE (default ~/.cache/inject-sandbox-runtimes), so a second run fetches nothing. Root only.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
E2E="binary e2e"
. scripts/e2e-lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
t_all=$(now)

need podman=podman runc=runc debootstrap=debootstrap qemu-aarch64-static=qemu-user-static ||
  fatal "install podman, runc, debootstrap and qemu-user-static"
. scripts/podman-here.sh
. scripts/stand-in-base.sh

t=$(now)
MINBASE=localhost/isr-minbase:bookworm
minbase_image "$MINBASE" || fatal "the minbase image (debootstrap --variant=minbase, no Node)"
[ "$minbase_how" = "cached image" ] || made+=("minbase:$minbase_how")
[ -e "$ISR_CACHE/sysroot-bookworm-arm64/lib/ld-linux-aarch64.so.1" ] || made+=("arm64-sysroot")
SYSROOT=$(arm64_sysroot) || fatal "the arm64 root (debootstrap --foreign --arch=arm64)"
t_roots=$(since "$t")

t=$(now)
ISR_ARM64_SYSROOT=$SYSROOT build_function || fatal "npm run build, and npm run build:binary"
cat "$tmp/binary.log"
t_build=$(since "$t")
AMD64=dist/inject-sandbox-runtimes-linux-amd64
ARM64=dist/inject-sandbox-runtimes-linux-arm64
check "build:binary makes $AMD64 with its code cache" \
  grep -q "/$AMD64: linux/amd64, Node v24\.[0-9.]*, code cache made by its node\$" "$tmp/binary.log"
check "build:binary makes $ARM64 with its code cache, made under qemu" \
  grep -q "/$ARM64: linux/arm64, Node v24\.[0-9.]*, code cache made by its node under qemu-aarch64-static" "$tmp/binary.log"
check "minbase has no node" podman run --rm "$MINBASE" sh -c '! command -v node'
check "the arm64 root has no node" bash -c "! ls '$SYSROOT'/usr/bin/node* '$SYSROOT'/usr/local/bin/node* 2>/dev/null"

# DIR | ARGUMENTS | FILES given on stdin as one stream (none: empty stdin). Every example folder is in
# at least one case (checked below); the arguments are split on spaces.
cases=(
  "examples/basic||resource-list.yaml"
  "examples/basic|--mode uninject|expected.yaml"
  "examples/kpt|../kpt-exec/fn-config.yaml|sandboxset.yaml settings.yaml"
  "examples/kpt-exec|fn-config.yaml|sandboxset.yaml settings.yaml"
  "examples/gitops-ci|--mode check fn-config.yaml|sandboxset.yaml"
  "examples/argocd/app|--drop-local-config fn-config.yaml|sandboxset.yaml sandbox-injection-config.yaml"
  "examples/argocd/kustomize-app/overlays/prod|inject.yaml|sandbox-injection-config.yaml ../../base/sandboxset.yaml"
  "examples/kustomize/legacy-plugin|inject.yaml|../base/sandboxset.yaml"
  "examples/kustomize/base||sandboxset.yaml"
  "examples/helm|--drop-local-config fn-config.yaml|chart/sandbox-injection-config.yaml expected.yaml"
  ".|--print-defaults --region-id cn-hangzhou|"
  ".|--print-defaults --defaults openkruise|"
  ".|--version|"
  ".|--help|"
  ".|--bogus|"
)
stream() { # FILE...: the files as one YAML stream, as the Argo CD plugin joins them
  local f
  for f in "$@"; do printf -- '---\n' && cat "$f" && printf '\n'; done
}
same() { # NAME: the run NAME gave the bundle's stdout, stderr and exit code
  cmp -s "$tmp/bundle.out" "$tmp/$1.out" && cmp -s "$tmp/bundle.err" "$tmp/$1.err" &&
    [ "$(cat "$tmp/bundle.rc")" = "$(cat "$tmp/$1.rc")" ] ||
    { diff "$tmp/bundle.err" "$tmp/$1.err" | head -5 >&2; diff "$tmp/bundle.out" "$tmp/$1.out" | head -5 >&2; return 1; }
}
t=$(now)
for c in "${cases[@]}"; do
  IFS='|' read -r dir args files <<<"$c"
  read -r -a argv <<<"$args"
  read -r -a inputs <<<"$files"
  (cd "$dir" && stream ${inputs[@]+"${inputs[@]}"}) >"$tmp/in"
  (cd "$dir" && node "$ROOT/dist/inject-sandbox-runtimes.cjs" ${argv[@]+"${argv[@]}"}) \
    <"$tmp/in" >"$tmp/bundle.out" 2>"$tmp/bundle.err"
  echo $? >"$tmp/bundle.rc"
  podman run --rm -i --network none --read-only --cap-drop all --security-opt no-new-privileges --user nobody \
    -v "$ROOT:/src:ro" -v "$ROOT/$AMD64:/usr/local/bin/inject-sandbox-runtimes:ro" -w "/src/$dir" "$MINBASE" \
    inject-sandbox-runtimes ${argv[@]+"${argv[@]}"} <"$tmp/in" >"$tmp/amd64.out" 2>"$tmp/amd64.err"
  echo $? >"$tmp/amd64.rc"
  (cd "$dir" && qemu-aarch64-static -L "$SYSROOT" "$ROOT/$ARM64" ${argv[@]+"${argv[@]}"}) \
    <"$tmp/in" >"$tmp/arm64.out" 2>"$tmp/arm64.err"
  echo $? >"$tmp/arm64.rc"
  what="in $dir, inject-sandbox-runtimes${args:+ $args}${files:+ < $files} (exit $(cat "$tmp/bundle.rc"))"
  check "linux/amd64 in minbase gives the bundle's output $what" same amd64
  check "linux/arm64 under qemu gives the bundle's output $what" same arm64
done
every_example_runs() {
  local e missing=0
  for e in examples/*/; do
    printf '%s\n' "${cases[@]}" | grep -q "^${e%/}[/|]" || { echo "no case runs ${e%/}" >&2; missing=1; }
  done
  return "$missing"
}
check "every folder under examples/ has a case" every_example_runs
t_checks=$(since "$t")

echo "timings: roots ${t_roots}s, build ${t_build}s, checks ${t_checks}s, total $(since "$t_all")s"
finish
