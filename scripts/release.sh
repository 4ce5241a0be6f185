#!/usr/bin/env bash
# Builds the image from the Dockerfile for each platform, pushes them as one multi-platform image
# (an OCI index) tagged with the package version, and writes the pushed digest into the function
# definition next to that tag, as KEP-2906 asks: `image: NAME:vX.Y.Z@sha256:...`. Then the single
# executables of the same platforms (npm run build:binary) in dist/, with dist/SHA256SUMS, to attach to
# the release vX.Y.Z by hand (each image also carries its own platform's, for an init container).
#
#   scripts/release.sh [--dry-run OCI_DIR] [--platforms P,...] [--pull always|never]
#                      [--definition FILE] [-- PODMAN_BUILD_ARGS...]
#
# --platforms  default: linux/amd64, and linux/arm64 where this machine runs arm64 programs (natively,
#              or through qemu-user-static registered in binfmt_misc); arm64 is best effort.
# --pull       default always: a release is built on the real node base image, fresh from its
#              registry, never on whatever a local store holds under that name.
# --dry-run    everything but the push: the image goes to a local OCI layout in OCI_DIR instead of
#              the registry, built on the base found locally (--pull never); the executables are
#              built all the same.
# --definition default krm-function.yaml.
# After --, arguments for podman build (CI passes bind mounts for its TLS proxy's CA bundle).
#
# An image whose base carries the label dev.sandbox-inject.stand-in-base (made by
# scripts/image-e2e.sh where no registry can be reached) is for testing only: it is never pushed to a
# registry. Needs podman and skopeo, and for a real push a login to the registry (skopeo login).
# The arm64 executable gets its code cache only where arm64 programs run (ISR_ARM64_SYSROOT: see
# scripts/build-binary.mjs); build:binary says which.
set -euo pipefail
cd "$(dirname "$0")/.."
STAND_IN_LABEL=dev.sandbox-inject.stand-in-base

dry_run=
platforms=
pull=always
definition=krm-function.yaml
build_args=()
while [ $# -gt 0 ]; do
  case $1 in
    --dry-run) dry_run=$2; pull=never; shift 2 ;;
    --platforms) platforms=$2; shift 2 ;;
    --pull) pull=$2; shift 2 ;;
    --definition) definition=$2; shift 2 ;;
    --) shift; build_args=("$@"); break ;;
    *) echo "release: unknown argument $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done

if [ -z "$platforms" ]; then
  platforms=linux/amd64
  if [ "$(uname -m)" = aarch64 ] || grep -qs '^enabled' /proc/sys/fs/binfmt_misc/qemu-aarch64; then
    platforms=$platforms,linux/arm64
  else
    echo "release: this machine cannot run arm64 programs (no qemu-aarch64 in binfmt_misc): linux/amd64 only" >&2
  fi
fi

# The image's name is the one the definition gives, without its tag or digest.
current=$(sed -n 's/^ *image: *//p' "$definition")
[ "$(echo "$current" | wc -l)" -eq 1 ] && [ -n "$current" ] || { echo "release: no single image: line in $definition" >&2; exit 1; }
name=${current%%@*}
name=${name%:*}
tag=v$(node -p 'require("./package.json").version')

work=$(mktemp -d)
list=localhost/inject-sandbox-runtimes-release:$tag
trap 'podman manifest rm "$list" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
podman manifest rm "$list" >/dev/null 2>&1 || true
podman manifest create "$list" >/dev/null

IFS=, read -r -a each <<<"$platforms"
for platform in "${each[@]}"; do
  echo "release: building $platform" >&2
  podman build --pull="$pull" --platform "$platform" --manifest "$list" \
    ${build_args[@]+"${build_args[@]}"} . >&2
done

# The executables, from the same commit, before anything is pushed: they carry no base image,
# so a stand-in changes nothing.
binaries=()
for platform in "${each[@]}"; do binaries+=("dist/inject-sandbox-runtimes-${platform//\//-}"); done
npm run --silent build:binary -- "${each[@]}" >&2
(cd dist && sha256sum "${binaries[@]#dist/}" >SHA256SUMS)

# The index and its images go to a local OCI layout first: the dry run stops there, and a release
# copies exactly that layout to the registry, so what was checked is what is pushed.
layout=${dry_run:-$work/layout}
podman manifest push --quiet --all --format oci "$list" "oci:$layout:$tag" >&2
digest=sha256:$(skopeo inspect --raw "oci:$layout:$tag" | sha256sum | cut -d' ' -f1)

for platform in "${each[@]}"; do
  IFS=/ read -r os arch variant <<<"$platform"
  stand_in=$(skopeo inspect --override-os "$os" --override-arch "$arch" ${variant:+--override-variant "$variant"} \
    --format "{{index .Labels \"$STAND_IN_LABEL\"}}" "oci:$layout:$tag")
  [ "$stand_in" = "<no value>" ] && stand_in=
  if [ -n "$stand_in" ]; then
    if [ -z "$dry_run" ]; then
      echo "release: the $platform image is built on a stand-in base ($stand_in), not the real node image: not pushing it" >&2
      exit 1
    fi
    echo "release: $platform is built on a stand-in base ($stand_in): for this dry run only" >&2
  fi
done

if [ -z "$dry_run" ]; then
  skopeo copy --all --preserve-digests --digestfile "$work/digest" "oci:$layout:$tag" "docker://$name:$tag" >&2
  pushed=$(cat "$work/digest")
  if [ "$pushed" != "$digest" ]; then
    echo "release: the registry has $pushed, not the built $digest: $definition left as it was" >&2
    exit 1
  fi
fi

# Only the image line changes; the rest of the definition stays as it is written.
sed -i "s|^\( *image: *\).*|\1$name:$tag@$digest|" "$definition"
if [ -n "$dry_run" ]; then where="the OCI layout $dry_run (dry run)"; else where="docker://$name:$tag"; fi
echo "release: $name:$tag@$digest ($platforms) in $where; $definition names it" >&2
echo "release: ${binaries[*]} and dist/SHA256SUMS: attach them to the release $tag" >&2
