# Sourced by scripts/image-e2e.sh and scripts/arm64-dry-run.sh: a stand-in for the Dockerfile's
# docker.io/library/node:MAJOR-bookworm-slim where no registry but npm's and Debian's can be reached.
# Debian bookworm from debootstrap, with the official Node binary of the same major from the npm
# package node-linux-ARCH and npm (the build stage runs npm ci), labelled as a stand-in: an image
# built on it is for testing only, and scripts/release.sh refuses to push one.
# Needs: ISR_CACHE (a directory kept between runs, where the tarballs are cached), debootstrap, npm.

STAND_IN_LABEL=dev.sandbox-inject.stand-in-base

# stand_in_tarball MAJOR ARCH: prints the path of the root file system's tarball for Debian's ARCH
# (amd64, arm64), after making it if it is not cached yet.
stand_in_tarball() {
  local major=$1 arch=$2 tarball work rootfs node_arch
  tarball=$ISR_CACHE/stand-in-node$major-bookworm-$arch.tar
  if [ -s "$tarball" ]; then
    echo "$tarball"
    return 0
  fi
  case $arch in amd64) node_arch=x64 ;; *) node_arch=$arch ;; esac
  work=$(mktemp -d "$ISR_CACHE/stand-in.XXXXXX")
  rootfs=$work/rootfs
  # For a foreign ARCH, debootstrap runs the packages' scripts through qemu-user-static.
  debootstrap --arch="$arch" --variant=minbase bookworm "$rootfs" \
    "${ISR_DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log" >&2; rm -rf "$work"; return 1; }
  (cd "$work" && npm pack --silent "node-linux-$node_arch@$major" npm@11 >/dev/null) &&
    tar -xzf "$work"/node-linux-"$node_arch"-*.tgz -C "$work" package/bin/node &&
    install -m 0755 "$work/package/bin/node" "$rootfs/usr/local/bin/node" &&
    rm -rf "$work/package" &&
    mkdir -p "$rootfs/usr/local/lib/node_modules" &&
    tar -xzf "$work"/npm-*.tgz -C "$work" &&
    mv "$work/package" "$rootfs/usr/local/lib/node_modules/npm" &&
    ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm" &&
    ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx" &&
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* &&
    tar -C "$rootfs" -cf "$tarball.part" . &&
    mv "$tarball.part" "$tarball"
  local rc=$?
  rm -rf "$work"
  [ "$rc" -eq 0 ] && echo "$tarball"
  return "$rc"
}

# stand_in_import TARBALL MAJOR ARCH NAME: the tarball as image NAME, with the stand-in label.
stand_in_import() {
  podman import --quiet --arch "$3" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["node"]' \
    --change "LABEL $STAND_IN_LABEL=\"debootstrap bookworm $3 + node-linux-*@$2; for testing only\"" \
    "$1" "$4" >/dev/null
}
