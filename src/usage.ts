// The --help text. Kept beside the CLI, apart from the pipeline, so the bundle's start-up stays small.
export const USAGE = `inject-sandbox-runtimes: expand the spec.runtimes of OpenKruise Agent Sandbox resources
(Sandbox, SandboxSet) into explicit init containers, env, mounts, postStart hooks and volumes, offline.

Usage:
  inject-sandbox-runtimes < resource-list.yaml              KRM function: a ResourceList on stdin
  inject-sandbox-runtimes CONFIG.yaml < stream.yaml          plain YAML stream (or v1 List), config file
  inject-sandbox-runtimes --fn-config CONFIG.yaml < stream.yaml
  inject-sandbox-runtimes --mode uninject|check ...           take the recorded injection out, or check it
  inject-sandbox-runtimes --drop-local-config CONFIG.yaml < stream.yaml
                                        leave local-config items (the ConfigMap source) out of the output
  inject-sandbox-runtimes --print-defaults [--region-id ID] [--defaults ack|openkruise]
                                        print the built-in entries as the ConfigMap to keep in Git
  inject-sandbox-runtimes --help | --version

Output has the shape of the input. A ResourceList gets results appended; for a plain stream the
results are summarised on stderr. Exit code 1 iff there is an error result.

Config forms (all optional; with none, the built-in agent-runtime and csi entries are used):
  ConfigMap data:  regionId, keepRuntimes ("true"/"false"), mode (inject|uninject|check),
                   defaults (ack|openkruise|none: which built-in entries), and
                   <runtime name>: <that runtime's injection config as JSON>
  apiVersion: fn.sandbox-inject.dev/v1alpha1
  kind: SandboxRuntimeInjection
  spec: {regionId, keepRuntimes, mode, defaults, injectionConfig: {<runtime>: {...}},
         injectionConfigRef: {name, namespace}}
  A ConfigMap sandbox-system/sandbox-injection-config among the input items is used when found.

Examples:
  kpt fn eval PKG --exec inject-sandbox-runtimes -- regionId=cn-hangzhou
  kpt fn render PKG --allow-exec        (Kptfile pipeline: - exec: inject-sandbox-runtimes)
  kubectl kustomize --enable-alpha-plugins DIR
                                        (legacy exec plugin under $KUSTOMIZE_PLUGIN_HOME)
  inject-sandbox-runtimes fn-config.yaml < rendered.yaml > injected.yaml   (Argo CD CMP generate)
`;
