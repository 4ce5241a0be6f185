// What the planner reads of a Sandbox kind, and nothing more. The codecs are exact: decoding keeps only
// the fields named here, so the decoded value is the planning view, and resources whose views are
// equal get equal plans (plan/planner.ts shares them). A rule that reads a field not decoded here does
// not type-check.
import * as t from 'io-ts';
import { isPlainMapping, valueAt, type Path } from '../base/data.js';
import {
  decode,
  joinPath,
  kindOf as describeValue,
  list,
  named,
  nullable,
  type Decoded,
  type Problem,
} from '../base/decode.js';
import { failure, success } from '../base/outcome.js';
import type { Kind } from '../base/kinds.js';
import { HandlerCodec, NamedCodec } from '../runtimes/entry.js';

const exact = <P extends t.Props>(props: P, expectation: string) => named(t.exact(t.partial(props)), expectation);

/** A mapping's keys alone: planning asks only whether a label or annotation is there. */
const KeysOnly = nullable(
  new t.Type<Record<string, string>, unknown, unknown>(
    'a mapping',
    (u): u is Record<string, string> => isPlainMapping(u),
    (u, c) => (isPlainMapping(u) ? t.success(Object.fromEntries(Object.keys(u).map((k) => [k, '']))) : t.failure(u, c)),
    t.identity,
  ),
);

const Named = t.exact(NamedCodec);
// Lifecycle hooks are read whole: the postStart merge looks at every key of the user's hook. Probes,
// ports and preStop are what the controller's traffic-proxy probe rewrite reads and rewrites.
const Container = t.exact(
  t.intersection([
    NamedCodec,
    t.partial({
      env: list(Named, 'a list of env vars, each with a name'),
      volumeMounts: list(
        t.exact(t.intersection([NamedCodec, t.partial({ mountPath: t.unknown })])),
        'a list of volume mounts, each with a name',
      ),
      lifecycle: nullable(exact({ postStart: nullable(HandlerCodec), preStop: t.unknown }, 'a mapping')),
      readinessProbe: t.unknown,
      livenessProbe: t.unknown,
      startupProbe: t.unknown,
      ports: t.unknown,
    }),
  ]),
);
const Containers = list(Container, 'a list of containers, each with a name');

const PodTemplateCodec = nullable(
  exact(
    {
      // Annotation values are read: the probe rewrite is switched on and pointed at its proxy by two.
      metadata: nullable(exact({ labels: KeysOnly, annotations: nullable(t.UnknownRecord) }, 'a mapping')),
      spec: nullable(
        exact(
          {
            initContainers: Containers,
            containers: Containers,
            volumes: list(Named, 'a list of volumes, each with a name'),
          },
          'a pod spec mapping',
        ),
      ),
    },
    'a pod template mapping',
  ),
);
const Runtimes = list(
  named(t.exact(t.type({ name: named(t.string, 'a string') })), 'a mapping with a name'),
  'a list of runtimes, each {name: ...}',
);
const ClaimTemplates = list(
  exact({ metadata: nullable(exact({ name: t.string }, 'a mapping')) }, 'a mapping'),
  'a list of PersistentVolumeClaims',
);

export type PodTemplateView = NonNullable<t.TypeOf<typeof PodTemplateCodec>>;

export interface SandboxView {
  kind: Kind;
  /** The declared runtimes' names, in declared order, duplicates included. */
  runtimes: string[];
  hasTemplateRef: boolean;
  template: PodTemplateView | null | undefined;
  /** The volumes the controller adds for the claim templates. */
  claimNames: string[];
  /** The decoded parts at their places in the resource: the planner's working copy starts from it. */
  data: Record<string, unknown>;
}

/** Decodes what planning reads of a resource of a kind, or says what is wrong where. */
export function decodeSandbox(object: Record<string, unknown>, kind: Kind): Decoded<SandboxView> {
  const problems: Problem[] = [];
  // The template's parent (spec) must be a mapping, as a Sandbox's spec is required.
  const parent = kind.podTemplate.slice(0, -1);
  const parentValue = valueAt(object, parent);
  if (parent.length && !isPlainMapping(parentValue)) {
    const found = parentValue === undefined ? 'nothing' : describeValue(parentValue);
    return failure([{ path: joinPath(parent), message: `expected a mapping, found ${found}` }]);
  }
  const data: Record<string, unknown> = {};
  const part = <A>(codec: t.Decoder<unknown, A>, path: Path): A | undefined => {
    const value = valueAt(object, path);
    if (value === undefined) return undefined;
    const decoded = decode(codec, value);
    if (!decoded.ok) {
      const base = joinPath(path);
      problems.push(...decoded.error.map((p) => ({ ...p, path: below(base, p.path) })));
      return undefined;
    }
    place(data, path, decoded.value);
    return decoded.value;
  };
  const runtimes = part(Runtimes, kind.runtimes);
  const template = part(PodTemplateCodec, kind.podTemplate);
  const claims = part(ClaimTemplates, kind.claimTemplates);
  const hasTemplateRef = Boolean(valueAt(object, kind.templateRef));
  if (problems.length) return failure(problems);
  const view: SandboxView = {
    kind,
    runtimes: (runtimes ?? []).map((r) => r.name),
    hasTemplateRef,
    template,
    claimNames: (claims ?? []).map((c) => c.metadata?.name).filter((n): n is string => !!n),
    data,
  };
  return success(view);
}

function place(data: Record<string, unknown>, path: Path, value: unknown): void {
  let node = data;
  path.slice(0, -1).forEach((key) => (node = (node[key] ??= {}) as Record<string, unknown>));
  node[path[path.length - 1]!] = value;
}

/** A dotted path below another: `spec.runtimes` and `[0].name` make `spec.runtimes[0].name`. */
const below = (base: string, path: string): string =>
  !path ? base : path.startsWith('[') ? base + path : `${base}.${path}`;
