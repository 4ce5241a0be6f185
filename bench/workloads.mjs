// The benchmark's inputs (issue 6): W0 empty; W1 10,000 items of which 1,000 SandboxSets declaring
// csi and agent-runtime, the rest ConfigMaps, Deployments and Services with comments and block
// scalars; W1-small the same at 1,000; W2 10,000 SandboxSets; W1v as W1, but its 1,000 SandboxSets all
// differ in what planning reads (issue 19), so that no two share a plan.
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

/** A seeded generator of numbers in [0, 1) (mulberry32): the same workload on every run and machine. */
function seeded(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RUNTIME_SETS = [['csi'], ['agent-runtime'], ['csi', 'agent-runtime'], ['agent-runtime', 'csi']];

/**
 * A SandboxSet of its own: its containers, env, mounts, volumes and labels are named after it, and its
 * runtimes are one of the sets of the ack profile's built-ins, so its planning view is no other's.
 */
const variedSandboxSet = (i, random) => {
  const pick = (n) => Math.floor(random() * n);
  const env = Array.from(
    { length: 1 + pick(4) },
    (_, e) => `
          - name: VAR_${i}_${e}
            value: "${pick(1000)}"`,
  ).join('');
  const volumes = Array.from({ length: pick(3) }, (_, v) => `data-${i}-${v}`);
  const mounts = volumes
    .map(
      (v) => `
          - name: ${v}
            mountPath: /data/${v}`,
    )
    .join('');
  const helper =
    random() < 0.3
      ? `
        - name: helper-${i}
          image: registry.example.com/helper:v${pick(5)}`
      : '';
  return `- apiVersion: agents.kruise.io/v1alpha1
  kind: SandboxSet
  metadata:
    name: pool-${i}
    namespace: team-${i % 7}
  spec:
    replicas: 2
    runtimes:${RUNTIME_SETS[pick(RUNTIME_SETS.length)].map((name) => `\n    - name: ${name}`).join('')}
    template:
      metadata:
        labels:
          app-${i}: pool-${i}
      spec:
        containers:
        - name: sandbox-${i}
          image: registry.example.com/sandbox:v1.${i % 9}
          env:${env}${mounts ? `\n          volumeMounts:${mounts}` : ''}
          resources:
            limits: {cpu: "1", memory: 1Gi}${helper}${
              volumes.length
                ? `\n        volumes:${volumes.map((v) => `\n        - name: ${v}\n          emptyDir: {}`).join('')}`
                : ''
            }`;
};

const others = [configMap, deployment, service];
/** n items, every tenth a SandboxSet made by `sandboxSetAt`, the others plain resources. */
const mixed = (n, sandboxSetAt = sandboxSet) =>
  Array.from({ length: n }, (_, i) => (i % 10 === 0 ? sandboxSetAt(i) : others[i % 3](i)));

const mixedVaried = (n) => {
  const random = seeded(19);
  return mixed(n, (i) => variedSandboxSet(i, random));
};

export function resourceList(items) {
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:${items.length ? '\n' + items.join('\n') : ' []'}\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: function-input\n  data:\n    regionId: cn-hangzhou\n`;
}

export const WORKLOADS = {
  W0: () => [],
  'W1-small': () => mixed(1000),
  W1: () => mixed(10000),
  W1v: () => mixedVaried(10000),
  W2: () => Array.from({ length: 10000 }, (_, i) => sandboxSet(i)),
};

/** The same items as a kpt package: one multi-document file, each item unindented. */
export const packageFile = (items) =>
  items.map((item) => item.replace(/^- /, '').replace(/\n  /g, '\n')).join('\n---\n') + '\n';
