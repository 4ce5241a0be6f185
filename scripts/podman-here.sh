# Sourced by scripts/image-e2e.sh: podman set up for machines like CI's (root without
# CAP_SYS_RESOURCE, a hybrid cgroup v1/v2 layout, no systemd), through its own containers.conf and
# storage.conf selected by environment variables, so that nothing under /etc changes. kpt and
# kustomize start podman themselves and inherit these variables.
# Needs: ISR_CACHE (a directory kept between runs: the image store lives there, in ISR_PODMAN_DIR,
# by default ISR_CACHE/podman).

isr_dir=${ISR_PODMAN_DIR:-$ISR_CACHE/podman}
mkdir -p "$isr_dir"

# crun, podman's default runtime, cannot start containers on a hybrid cgroup layout; runc can.
# podman's default rlimits (1048576) are above this root's hard limits, and raising a limit needs
# CAP_SYS_RESOURCE, which root lacks here, so every container start would fail: ask for the hard
# limits instead (nproc at most 32768, the most podman keeps for itself).
isr_nofile=$(ulimit -Hn)
isr_nproc=$(ulimit -Hu)
[ "$isr_nofile" = unlimited ] && isr_nofile=1048576
if [ "$isr_nproc" = unlimited ] || [ "$isr_nproc" -gt 32768 ]; then isr_nproc=32768; fi
cat >"$isr_dir/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$isr_nofile:$isr_nofile", "nproc=$isr_nproc:$isr_nproc"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
cat >"$isr_dir/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$isr_dir/storage"
runroot = "$isr_dir/run"
EOF
export CONTAINERS_CONF="$isr_dir/containers.conf"
export CONTAINERS_STORAGE_CONF="$isr_dir/storage.conf"
export KPT_FN_RUNTIME=podman
unset isr_dir isr_nofile isr_nproc
