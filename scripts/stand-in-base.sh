# Sourced by the e2e scripts and scripts/arm64-dry-run.sh: Debian root file systems made here, where no
# registry but npm's and Debian's can be reached. A stand-in for the Dockerfile's
# docker.io/library/node:MAJOR-bookworm-slim: Debian bookworm from debootstrap, with the official Node
# binary of the same major from the npm package node-linux-ARCH and npm (the build stage runs npm ci),
# labelled as a stand-in: an image built on it is for testing only, and scripts/release.sh refuses to
# push one. The same minbase without Node, where the single executables run; and an arm64 sysroot.
# Needs: ISR_CACHE (a directory kept between runs, where they are cached), debootstrap, npm.

STAND_IN_LABEL=dev.sandbox-inject.stand-in-base
MINBASE_LABEL=dev.sandbox-inject.minbase

# tar_rootfs ROOTFS TARBALL: ROOTFS into TARBALL, written whole or not at all.
tar_rootfs() { tar -C "$1" -cf "$2.part" . && mv "$2.part" "$2"; }

# minbase_tarball ARCH: prints the path of a tarball of Debian bookworm's minbase root file system for
# Debian's ARCH (amd64, arm64), with no Node, after making it if it is not cached yet. The stand-in
# starts from it, and the single executables' e2e runs them in it (a system without Node).
minbase_tarball() {
  local arch=$1 tarball work
  tarball=$ISR_CACHE/minbase-bookworm-$arch.tar
  if [ -s "$tarball" ]; then
    echo "$tarball"
    return 0
  fi
  mkdir -p "$ISR_CACHE"
  work=$(mktemp -d "$ISR_CACHE/minbase.XXXXXX")
  # For a foreign ARCH, debootstrap runs the packages' scripts through qemu-user-static.
  debootstrap --arch="$arch" --variant=minbase bookworm "$work/rootfs" \
    "${ISR_DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log" >&2; rm -rf "$work"; return 1; }
  rm -rf "$work/rootfs"/var/cache/apt/archives/*.deb "$work/rootfs"/var/lib/apt/lists/* &&
    tar_rootfs "$work/rootfs" "$tarball"
  local rc=$?
  rm -rf "$work"
  [ "$rc" -eq 0 ] && echo "$tarball"
  return "$rc"
}

# stand_in_tarball MAJOR ARCH: prints the path of the root file system's tarball for Debian's ARCH
# (amd64, arm64): minbase with Node MAJOR and npm, after making it if it is not cached yet.
stand_in_tarball() {
  local major=$1 arch=$2 tarball minbase work rootfs node_arch
  tarball=$ISR_CACHE/stand-in-node$major-bookworm-$arch.tar
  if [ -s "$tarball" ]; then
    echo "$tarball"
    return 0
  fi
  minbase=$(minbase_tarball "$arch") || return 1
  case $arch in amd64) node_arch=x64 ;; *) node_arch=$arch ;; esac
  work=$(mktemp -d "$ISR_CACHE/stand-in.XXXXXX")
  rootfs=$work/rootfs
  mkdir "$rootfs" && tar -C "$rootfs" -xf "$minbase" &&
    (cd "$work" && npm pack --silent "node-linux-$node_arch@$major" npm@11 >/dev/null) &&
    tar -xzf "$work"/node-linux-"$node_arch"-*.tgz -C "$work" package/bin/node &&
    install -m 0755 "$work/package/bin/node" "$rootfs/usr/local/bin/node" &&
    rm -rf "$work/package" &&
    mkdir -p "$rootfs/usr/local/lib/node_modules" &&
    tar -xzf "$work"/npm-*.tgz -C "$work" &&
    mv "$work/package" "$rootfs/usr/local/lib/node_modules/npm" &&
    ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm" &&
    ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx" &&
    tar_rootfs "$rootfs" "$tarball"
  local rc=$?
  rm -rf "$work"
  [ "$rc" -eq 0 ] && echo "$tarball"
  return "$rc"
}

# minbase_import TARBALL ARCH NAME: the minbase tarball as image NAME (a shell, no Node).
minbase_import() {
  podman import --quiet --arch "$2" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["sh"]' \
    --change "LABEL $MINBASE_LABEL=\"debootstrap --variant=minbase bookworm $2; for testing only\"" \
    "$1" "$3" >/dev/null
}

# minbase_image NAME: makes sure image NAME is the amd64 minbase (made, or imported from the cached
# tarball, when missing), and sets minbase_how to what it did.
minbase_image() {
  if podman image exists "$1" &&
    [ "$(podman image inspect --format "{{index .Labels \"$MINBASE_LABEL\"}}" "$1")" != "<no value>" ]; then
    minbase_how="cached image"
    return 0
  fi
  if [ -s "$ISR_CACHE/minbase-bookworm-amd64.tar" ]; then minbase_how="imported"; else minbase_how="made"; fi
  local tarball
  tarball=$(minbase_tarball amd64) && minbase_import "$tarball" amd64 "$1"
}

# arm64_sysroot: prints the path of a directory holding arm64 Debian bookworm's minbase files, unpacked
# but not configured (debootstrap --foreign: nothing in it runs, so no emulation is needed to make
# it), after making it if it is not cached yet. `qemu-aarch64-static -L DIR PROGRAM` then runs an arm64
# program that links to Debian's libraries (Node does) on any machine, with nothing registered in the
# kernel's binfmt_misc.
arm64_sysroot() {
  local sysroot=$ISR_CACHE/sysroot-bookworm-arm64 work
  if [ -e "$sysroot/lib/ld-linux-aarch64.so.1" ]; then
    echo "$sysroot"
    return 0
  fi
  mkdir -p "$ISR_CACHE"
  work=$(mktemp -d "$ISR_CACHE/sysroot.XXXXXX")
  debootstrap --foreign --arch=arm64 --variant=minbase bookworm "$work/rootfs" \
    "${ISR_DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log" >&2; rm -rf "$work"; return 1; }
  rm -rf "$work/rootfs"/var/cache/apt/archives/*.deb "$sysroot" && mv "$work/rootfs" "$sysroot"
  local rc=$?
  rm -rf "$work"
  [ "$rc" -eq 0 ] && echo "$sysroot"
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
