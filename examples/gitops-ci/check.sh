#!/bin/sh
# The CI drift gate: fails (exit 1, with one line per resource on stderr) when a manifest under DIR
# is not exactly what inject-sandbox-runtimes would write, i.e. its injection is missing, stale
# (the injection config changed) or edited by hand.
set -eu
dir=${1:-.}
find "$dir" -name '*.yaml' ! -name fn-config.yaml ! -name Kptfile ! -path '*/.*' | sort | while read -r f; do
  printf -- '---\n'; cat "$f"; printf '\n'
done | inject-sandbox-runtimes --mode check "$(dirname "$0")/fn-config.yaml" > /dev/null
