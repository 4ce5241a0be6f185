// The benchmark's inputs (issue 6): W0 empty; W1 10,000 items of which 1,000 SandboxSets declaring
// csi and agent-runtime, the rest ConfigMaps, Deployments and Services with comments and block
// scalars; W1-small the same at 1,000; W2 10,000 SandboxSets.
const sandboxSet = (i) => `- apiVersion: agents.kruise.io/v1alpha1
  kind: SandboxSet
  metadata:
    name: pool-${i}
    namespace: team-${i % 7}
  spec:
    replicas: 2
    runtimes:
    - name: csi
    - name: agent-runtime
    template:
      metadata:
        labels:
          app: pool-${i}
      spec:
        containers:
        - name: sandbox
          image: registry.example.com/sandbox:v1.${i % 9}
          resources:
            limits: {cpu: "1", memory: 1Gi}`;
const configMap = (i) => `- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: config-${i}
  data:
    # the settings of service ${i}
    mode: "on"
    script: |
      #!/bin/sh
      echo "starting ${i}"
      exec /app/run --port 8080`;
const deployment = (i) => `- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web-${i}
    labels: {app: web-${i}, tier: frontend}
  spec:
    replicas: 3
    selector:
      matchLabels: {app: web-${i}}
    template:
      metadata:
        labels: {app: web-${i}}
      spec:
        containers:
        - name: web
          image: nginx:1.25
          ports:
          - containerPort: 80 # http`;
const service = (i) => `- apiVersion: v1
  kind: Service
  metadata:
    name: svc-${i}
  spec:
    selector: {app: web-${i}}
    ports:
    - port: 80
      targetPort: 8080`;

const others = [configMap, deployment, service];
const mixed = (n) => Array.from({ length: n }, (_, i) => (i % 10 === 0 ? sandboxSet(i) : others[i % 3](i)));

export function resourceList(items) {
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:${items.length ? '\n' + items.join('\n') : ' []'}\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: function-input\n  data:\n    regionId: cn-hangzhou\n`;
}

export const WORKLOADS = {
  W0: () => [],
  'W1-small': () => mixed(1000),
  W1: () => mixed(10000),
  W2: () => Array.from({ length: 10000 }, (_, i) => sandboxSet(i)),
};

/** The same items as a kpt package: one multi-document file, each item unindented. */
export const packageFile = (items) =>
  items.map((item) => item.replace(/^- /, '').replace(/\n  /g, '\n')).join('\n---\n') + '\n';
