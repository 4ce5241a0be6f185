#!/bin/sh
# The post-renderer: the rendered manifests on stdin, expanded on stdout, with the functionConfig file
# that --post-renderer-args names (from the directory helm runs in). The ConfigMap source, if the chart
# renders one, is read and left out of what Helm installs (--drop-local-config).
#
# Helm 4 drops a post-renderer's stderr, even with --debug, and says only `plugin
# "inject-sandbox-runtimes" exited with error`. So the function's messages (errors, warnings, infos)
# go to a file, which is kept after each run: $INJECT_SANDBOX_RUNTIMES_LOG, by default
# ${TMPDIR:-/tmp}/inject-sandbox-runtimes-helm-UID.log. On failure they are also written to stderr, for
# a Helm that shows it (Helm 3, with this script as --post-renderer EXECUTABLE).
# The function is the command inject-sandbox-runtimes on PATH, or the one $INJECT_SANDBOX_RUNTIMES names.
set -u
log=${INJECT_SANDBOX_RUNTIMES_LOG:-${TMPDIR:-/tmp}/inject-sandbox-runtimes-helm-$(id -u).log}
"${INJECT_SANDBOX_RUNTIMES:-inject-sandbox-runtimes}" --drop-local-config "$@" 2>"$log"
status=$?
if [ "$status" -ne 0 ]; then
  cat "$log" >&2
  echo "inject-sandbox-runtimes exited with $status; its messages are in $log" >&2
fi
exit "$status"
