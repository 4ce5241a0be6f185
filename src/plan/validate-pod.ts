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

  const containers = [
    ...list(pod.initContainers).map((c, i) => ({ c, at: `${POD}.initContainers[${i}]` })),
    ...list(pod.containers).map((c, i) => ({ c, at: `${POD}.containers[${i}]` })),
  ];
  const containerAt = new Map<unknown, string>();
  for (const { c, at } of containers) {
    const first = containerAt.get(c.name);
    if (first === undefined) containerAt.set(c.name, at);
    else {
      error(
        `${at}.name`,
        `container name "${String(c.name)}" is used by both ${first} and ${at}; the API server rejects ` +
          `duplicate names across init containers and containers: rename one of them, in the template or in ` +
          `the runtime's entry`,
      );
    }
  }

  const volumeAt = new Map<unknown, string>(claims.map((name, i) => [name, `${claimsAt}[${i}]`]));
  list(pod.volumes).forEach((v, i) => {
    const at = `${POD}.volumes[${i}]`;
    const first = volumeAt.get(v.name);
    if (first === undefined) volumeAt.set(v.name, at);
    else {
      error(
        `${at}.name`,
        `volume name "${String(v.name)}" is used by both ${first} and ` +
          `${at}${first.startsWith(claimsAt) ? ' (the controller adds a volume for each claim template)' : ''}; ` +
          `the API server rejects duplicate volume names: rename or remove one of them`,
      );
    }
  });

  for (const { c, at } of containers) {
    const paths = new Map<unknown, number>();
    list(c.volumeMounts).forEach((m, i) => {
      const field = `${at}.volumeMounts[${i}]`;
      const first = paths.get(m.mountPath);
      if (first !== undefined) {
        error(
          `${field}.mountPath`,
          `mount path "${String(m.mountPath)}" is used twice in container "${String(c.name)}" ` +
            `(volumeMounts[${first}] and [${i}]); the API server rejects that: remove one mount, or give it ` +
            `another path`,
        );
      } else paths.set(m.mountPath, i);
      if (!volumeAt.has(m.name)) {
        error(
          `${field}.name`,
          `volume mount "${String(m.name)}" in container "${String(c.name)}" names no volume or ` +
            `volumeClaimTemplate; add a volume of that name, or fix the mount's name`,
        );
      }
    });
    const env = new Map<unknown, number>();
    list(c.env).forEach((e, i) => {
      const first = env.get(e.name);
      if (first === undefined) env.set(e.name, i);
      else {
        results.push(
          result(
            'warning',
            `env var "${String(e.name)}" is set twice in container "${String(c.name)}" (env[${first}] and ` +
              `[${i}]); the API server accepts it and the last one wins`,
            subject,
            `${at}.env[${i}].name`,
          ),
        );
      }
    });
  }
  return results;
}
