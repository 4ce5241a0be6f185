// Which items the function acts on (SPEC §3), and the shape of the parts of a Sandbox or SandboxSet that
// expansion reads. Everything else in the resource is left as it is and never decoded.
import * as t from 'io-ts';
import { named, nullable } from '../base/decode.js';

const SANDBOX_GROUP = 'agents.kruise.io';
const EXPANDED_KINDS = new Set(['Sandbox', 'SandboxSet']);
const NOT_EXPANDED_KINDS = new Set(['SandboxTemplate', 'SandboxClaim']);

export type Role = 'expand' | 'report' | 'ignore';

/** Decides from apiVersion and kind alone, so other items are never decoded. */
export function roleOf(apiVersion: unknown, kind: unknown): Role {
  if (typeof apiVersion !== 'string' || !apiVersion.startsWith(SANDBOX_GROUP + '/')) return 'ignore';
  if (EXPANDED_KINDS.has(kind as string)) return 'expand';
  if (NOT_EXPANDED_KINDS.has(kind as string)) return 'report';
  return 'ignore';
}

const Named = t.type({ name: named(t.string, 'a string') });
const list = <C extends t.Mixed>(codec: C, what: string) => nullable(named(t.array(codec), what));
const Handler = nullable(
  t.partial({
    exec: nullable(t.partial({ command: list(t.string, 'a list of strings') })),
    httpGet: t.unknown,
    tcpSocket: t.unknown,
  }),
);
const Container = t.intersection([
  Named,
  t.partial({
    env: list(Named, 'a list of env vars, each with a name'),
    volumeMounts: list(Named, 'a list of volume mounts, each with a name'),
    lifecycle: nullable(named(t.partial({ postStart: Handler }), 'a mapping')),
  }),
]);
const StringMap = nullable(t.UnknownRecord);

export const SandboxCodec = t.type({
  spec: named(
    t.partial({
      runtimes: list(
        named(t.type({ name: named(t.string, 'a string') }), 'a mapping with a name'),
        'a list of runtimes, each {name: ...}',
      ),
      templateRef: t.unknown,
      template: nullable(
        named(
          t.partial({
            metadata: nullable(named(t.partial({ labels: StringMap, annotations: StringMap }), 'a mapping')),
            spec: nullable(
              named(
                t.partial({
                  initContainers: list(Container, 'a list of containers, each with a name'),
                  containers: list(Container, 'a list of containers, each with a name'),
                  volumes: list(Named, 'a list of volumes, each with a name'),
                }),
                'a pod spec mapping',
              ),
            ),
          }),
          'a pod template mapping',
        ),
      ),
      volumeClaimTemplates: list(
        t.partial({ metadata: nullable(t.partial({ name: t.string })) }),
        'a list of PersistentVolumeClaims',
      ),
    }),
    'a mapping',
  ),
});

export type Sandbox = t.TypeOf<typeof SandboxCodec>;
