// What the API server would reject in an expanded pod template (docs/expansion.md). The controller
// appends env, mounts and volumes without checking, so in the cluster these show up only as failed pod
// creations; here they are errors at build time, each with the field and how to fix it.
import { valueAt } from '../base/data.js';
import { joinPath } from '../base/decode.js';
import { podSpecPath, type Kind } from '../base/kinds.js';
import { result, type Result, type Subject } from '../base/results.js';

type Obj = Record<string, unknown>;

const list = (value: unknown): Obj[] =>
  Array.isArray(value) ? (value.filter((v) => typeof v === 'object' && v !== null) as Obj[]) : [];
/** Checks the planned resource; `claims` are the claim template names (the controller adds a volume for each). */
export function validatePod(resource: Obj, kind: Kind, claims: readonly string[], subject: Subject): Result[] {
  const POD = joinPath(podSpecPath(kind));
  const pod = (valueAt(resource, podSpecPath(kind)) ?? {}) as Obj;
  const claimsAt = joinPath(kind.claimTemplates);
  const results: Result[] = [];
  const error = (field: string, message: string) =>
    results.push(result('error', `${message}; the resource is left unchanged`, subject, field));
  // Where an item is, as a field, is said only in a result: made for every item, the paths were most of
  // what checking a valid Pod cost.
  type Place = { list: string; index: number };
  const fieldOf = ({ list, index }: Place) => `${list === 'claims' ? claimsAt : `${POD}.${list}`}[${index}]`;

  const containers: (Place & { c: Obj })[] = [];
  for (const key of ['initContainers', 'containers']) {
    const items = list(pod[key]);
    for (let index = 0; index < items.length; index++) containers.push({ c: items[index]!, list: key, index });
  }
  const containerAt = new Map<unknown, Place>();
  for (const container of containers) {
    const first = containerAt.get(container.c.name);
    if (first === undefined) containerAt.set(container.c.name, container);
    else {
      const [at, before] = [fieldOf(container), fieldOf(first)];
      error(
        `${at}.name`,
        `container name "${String(container.c.name)}" is used by both ${before} and ${at}; the API server rejects ` +
          `duplicate names across init containers and containers: rename one of them, in the template or in ` +
          `the runtime's entry`,
      );
    }
  }

  const volumeAt = new Map<unknown, Place>(claims.map((name, index) => [name, { list: 'claims', index }]));
  const volumes = list(pod.volumes);
  for (let index = 0; index < volumes.length; index++) {
    const name = volumes[index]!.name;
    const first = volumeAt.get(name);
    if (first === undefined) volumeAt.set(name, { list: 'volumes', index });
    else {
      const at = fieldOf({ list: 'volumes', index });
      error(
        `${at}.name`,
        `volume name "${String(name)}" is used by both ${fieldOf(first)} and ` +
          `${at}${first.list === 'claims' ? ' (the controller adds a volume for each claim template)' : ''}; ` +
          `the API server rejects duplicate volume names: rename or remove one of them`,
      );
    }
  }

  for (const container of containers) {
    const { c } = container;
    const paths = new Map<unknown, number>();
    const mounts = list(c.volumeMounts);
    for (let i = 0; i < mounts.length; i++) {
      const m = mounts[i]!;
      const first = paths.get(m.mountPath);
      if (first !== undefined) {
        error(
          `${fieldOf(container)}.volumeMounts[${i}].mountPath`,
          `mount path "${String(m.mountPath)}" is used twice in container "${String(c.name)}" ` +
            `(volumeMounts[${first}] and [${i}]); the API server rejects that: remove one mount, or give it ` +
            `another path`,
        );
      } else paths.set(m.mountPath, i);
      if (!volumeAt.has(m.name)) {
        error(
          `${fieldOf(container)}.volumeMounts[${i}].name`,
          `volume mount "${String(m.name)}" in container "${String(c.name)}" names no volume or ` +
            `volumeClaimTemplate; add a volume of that name, or fix the mount's name`,
        );
      }
    }
    const env = new Map<unknown, number>();
    const vars = list(c.env);
    for (let i = 0; i < vars.length; i++) {
      const name = vars[i]!.name;
      const first = env.get(name);
      if (first === undefined) env.set(name, i);
      else {
        results.push(
          result(
            'warning',
            `env var "${String(name)}" is set twice in container "${String(c.name)}" (env[${first}] and ` +
              `[${i}]); the API server accepts it and the last one wins`,
            subject,
            `${fieldOf(container)}.env[${i}].name`,
          ),
        );
      }
    }
  }
  return results;
}

/** A rule of the API server for a name: what it is, in words, and the test. */
interface NameRule {
  name: string;
  words: string;
  test(value: string): boolean;
}

const DNS_1123_LABEL: NameRule = {
  name: 'a DNS-1123 label',
  words: "lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
  test: (v) => v.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v),
};

const IANA_SVC_NAME: NameRule = {
  name: 'an IANA service name',
  words:
    "lower-case letters, digits and '-', at least one letter, no '-' at either end or twice in a row, " +
    'at most 15 characters',
  test: (v) => v.length <= 15 && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(v) && /[a-z]/.test(v),
};

/** Every Kubernetes version rejects these env names: empty, with '=', or with a character outside printable ASCII. */
const ENV_ANY_VERSION: NameRule = {
  name: 'a valid env var name in any Kubernetes version',
  words: "at least one printable ASCII character, and no '='",
  test: (v) => /^[\x20-\x3c\x3e-\x7e]+$/.test(v),
};

/** The rule before Kubernetes 1.32 (C identifier-like, with '-' and '.'), which 1.32 relaxed. */
const ENV_BEFORE_1_32: NameRule = {
  name: 'a valid env var name before Kubernetes 1.32',
  words: "letters, digits, '_', '-' and '.', not starting with a digit",
  test: (v) => /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(v),
};

/**
 * The API server's name rules that the core/v1 schema does not hold, checked on what the function writes:
 * the containers, init containers and volumes it appended (their names, and its containers' port and env
 * names), and the env it appended to a container the template has. `original` is the resource before
 * expansion: what comes after its items in each list is written by the function (docs/api-server-rules.md).
 */
export function validateWritten(resource: Obj, original: Obj, kind: Kind, subject: Subject): Result[] {
  const POD = joinPath(podSpecPath(kind));
  const pod = (valueAt(resource, podSpecPath(kind)) ?? {}) as Obj;
  const before = (valueAt(original, podSpecPath(kind)) ?? {}) as Obj;
  const results: Result[] = [];
  // The field is made only for a result (a value that breaks a rule), as in validatePod.
  const check = (rule: NameRule, what: string, value: unknown, field: () => string, severity: 'error' | 'warning') => {
    if (typeof value !== 'string' || rule.test(value)) return false;
    const outcome =
      severity === 'error'
        ? 'the API server rejects it at pod creation; rename it in the runtime entry; the resource is left unchanged'
        : 'Kubernetes 1.32 and later accept it, older API servers reject it at pod creation';
    results.push(
      result(
        severity,
        `${what} ${JSON.stringify(value)} is not ${rule.name} (${rule.words}): ${outcome}`,
        subject,
        field(),
      ),
    );
    return true;
  };
  const env = (c: Obj, from: number, at: () => string) => {
    const vars = list(c.env);
    for (let i = from; i < vars.length; i++) {
      const field = () => `${at()}.env[${i}].name`;
      if (!check(ENV_ANY_VERSION, 'env var name', vars[i]!.name, field, 'error'))
        check(ENV_BEFORE_1_32, 'env var name', vars[i]!.name, field, 'warning');
    }
  };
  for (const key of ['initContainers', 'containers'] as const) {
    const had = list(before[key]);
    const containers = list(pod[key]);
    for (let i = 0; i < containers.length; i++) {
      const c = containers[i]!;
      const at = () => `${POD}.${key}[${i}]`;
      if (i < had.length) {
        env(c, list(had[i]!.env).length, at);
        continue;
      }
      const what = key === 'containers' ? 'container name' : 'init container name';
      check(DNS_1123_LABEL, what, c.name, () => `${at()}.name`, 'error');
      list(c.ports).forEach((p, j) =>
        check(IANA_SVC_NAME, 'port name', p.name, () => `${at()}.ports[${j}].name`, 'error'),
      );
      env(c, 0, at);
    }
  }
  const volumes = list(pod.volumes);
  for (let i = list(before.volumes).length; i < volumes.length; i++)
    check(DNS_1123_LABEL, 'volume name', volumes[i]!.name, () => `${POD}.volumes[${i}].name`, 'error');
  return results;
}
