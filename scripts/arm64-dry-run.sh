#!/usr/bin/env bash
# Best effort, outside CI: the release dry run for linux/amd64 and linux/arm64 on an amd64 machine
# that cannot pull the node base, then the arm64 image run under emulation on examples/basic.
#
# Installs qemu-user-static (with binfmt-support, which registers it with the kernel) from Debian if
# missing, makes an arm64 stand-in base as scripts/image-e2e.sh makes the amd64 one, and puts both
# under the base's name as a manifest list, which podman build resolves per --platform. The images
# live in their own store (ISR_CACHE/podman-arm64), apart from the image e2e's. Root only. Prints
# "ok - ..." or "not ok - ..." per check and exits 1 if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export ISR_CACHE=${ISR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/inject-sandbox-runtimes}
export ISR_PODMAN_DIR=$ISR_CACHE/podman-arm64
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)

missing=()
for tool in podman runc debootstrap skopeo qemu-aarch64-static update-binfmts; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    podman runc debootstrap skopeo qemu-user-static binfmt-support >"$tmp/apt.log" 2>&1 ||
    { cat "$tmp/apt.log" >&2; echo "not ok - install qemu-user-static and the container tools"; exit 1; }
fi
# Without systemd nothing mounts binfmt_misc, and the packages then register nothing.
[ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || update-binfmts --enable qemu-aarch64
grep -qs '^enabled' /proc/sys/fs/binfmt_misc/qemu-aarch64 ||
  { echo "not ok - this machine cannot run arm64 programs (qemu-aarch64 is not registered in binfmt_misc)"; exit 1; }

. scripts/podman-here.sh
. scripts/stand-in-base.sh
base=docker.io/library/$(sed -n 's/^FROM[[:space:]]\{1,\}\([^[:space:]]*\).*/\1/p' Dockerfile | sort -u)
major=$(echo "$base" | sed -n 's/.*node:\([0-9]\{1,\}\)-bookworm-slim$/\1/p')
if ! podman manifest inspect "$base" >/dev/null 2>&1; then
  for arch in amd64 arm64; do
    tarball=$(stand_in_tarball "$major" "$arch") && stand_in_import "$tarball" "$major" "$arch" "localhost/stand-in:$arch" ||
      { echo "not ok - the $arch stand-in base"; exit 1; }
  done
  podman manifest create "$base" >/dev/null &&
    podman manifest add "$base" containers-storage:localhost/stand-in:amd64 >/dev/null &&
    podman manifest add "$base" containers-storage:localhost/stand-in:arm64 >/dev/null ||
    { echo "not ok - the stand-in base as a manifest list"; exit 1; }
fi

mounts=()
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  printf 'cafile=/etc/ssl/certs/ca-certificates.crt\n' >"$tmp/npmrc"
  mounts=(-v /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro -v "$tmp/npmrc:/usr/local/etc/npmrc:ro")
fi
cp krm-function.yaml "$tmp/krm-function.yaml"
failed=0
if scripts/release.sh --dry-run "$tmp/oci" --definition "$tmp/krm-function.yaml" --platforms linux/amd64,linux/arm64 \
  -- ${mounts[@]+"${mounts[@]}"} >"$tmp/release.log" 2>&1; then
  echo "ok - scripts/release.sh --dry-run for linux/amd64 and linux/arm64: $(sed -n 's/^ *image: //p' "$tmp/krm-function.yaml")"
else
  tail -30 "$tmp/release.log" >&2
  echo "not ok - scripts/release.sh --dry-run for linux/amd64 and linux/arm64"
  exit 1
fi
tag=v$(node -p 'require("./package.json").version')
skopeo copy -q --override-arch arm64 "oci:$tmp/oci:$tag" containers-storage:localhost/inject-sandbox-runtimes:arm64 &&
  podman run --rm -i --network none --read-only --cap-drop all --security-opt no-new-privileges --user nobody \
    -e INJECT_SANDBOX_RUNTIMES_REPORT_CODE_CACHE=1 localhost/inject-sandbox-runtimes:arm64 \
    <examples/basic/resource-list.yaml >"$tmp/out" 2>"$tmp/err"
if cmp -s "$tmp/out" examples/basic/expected.yaml && grep -qx 'inject-sandbox-runtimes: code cache accepted' "$tmp/err" &&
  [ "$(podman run --rm --entrypoint node localhost/inject-sandbox-runtimes:arm64 -p process.arch 2>/dev/null)" = arm64 ]; then
  echo "ok - the arm64 image, emulated, gives examples/basic/expected.yaml with its code cache accepted"
else
  grep -v '^WARNING: image platform' "$tmp/err" >&2
  echo "not ok - the arm64 image, emulated, on examples/basic"
  failed=1
fi
echo "arm64 dry run: $(($(date +%s) - start)) s"
exit "$failed"
