// agent-runtime: the envd sidecar as an init container, and in the main container its env, mounts and
// postStart hook, appended as the controller appends them, without de-duplication (docs/expansion.md).
import type { HandlerObject } from './entry-types.js';
import {
  CONTAINERS,
  INIT_CONTAINERS,
  MAIN,
  sidecarAlreadyPresent,
  VOLUMES,
  warnIfMainContainerNameDiffers,
  type ExpandContext,
  type PodTemplate,
} from './pod.js';
import type { RuntimeUnit } from './unit.js';

export const agentRuntime: RuntimeUnit = {
  name: 'agent-runtime',
  order: 'fixed',
  fields: [
    'mainContainer.name',
    'mainContainer.env',
    'mainContainer.volumeMounts',
    'mainContainer.lifecycle.postStart',
    'csiSidecar',
    'volume',
  ],
  alreadyPresent: sidecarAlreadyPresent,
  whileDeclared:
    "the controller's claim-time runtime init and its runtime-TLS annotation key on agent-runtime being declared, " +
    'and no longer happen',
  writes: [
    { op: 'append', path: INIT_CONTAINERS },
    { op: 'append', path: [...MAIN, 'env'] },
    { op: 'append', path: [...MAIN, 'volumeMounts'] },
    { op: 'append', path: VOLUMES },
    { op: 'set', path: [...MAIN, 'lifecycle'] },
    { op: 'set', path: [...MAIN, 'lifecycle', 'postStart'], holds: 'mapping' },
    { op: 'set', path: [...MAIN, 'lifecycle', 'postStart', 'exec', 'command'] },
    { op: 'prepend', path: [...MAIN, 'lifecycle', 'postStart', 'exec', 'command'] },
  ],
  expand(pod, entry, context) {
    warnIfMainContainerNameDiffers(pod, entry, context);
    // The sidecar goes in even when the pod has no container to inject into.
    pod.append(INIT_CONTAINERS, entry.csiSidecar);
    if (pod.list(CONTAINERS).length === 0) return;
    mergePostStart(pod, entry.mainContainer.postStart, context);
    pod.append([...MAIN, 'env'], entry.mainContainer.env);
    pod.append([...MAIN, 'volumeMounts'], entry.mainContainer.volumeMounts);
    pod.append(VOLUMES, entry.volume);
  },
};

const POST_START = [...MAIN, 'lifecycle', 'postStart'];

/** The controller's postStart merge: the injected exec command runs first, then `--` and the user's. */
function mergePostStart(pod: PodTemplate, injected: HandlerObject | undefined, context: ExpandContext): void {
  if (!isValidHandler(injected)) return;
  const lifecycle = pod.get([...MAIN, 'lifecycle']) as Record<string, unknown> | null | undefined;
  if (!lifecycle) return pod.set([...MAIN, 'lifecycle'], { postStart: injected });
  const user = lifecycle.postStart as HandlerObject | undefined;
  if (!isValidHandler(user)) return pod.set(POST_START, injected);
  if (!injected.exec || !user.exec) {
    context.warn(
      `runtime "${context.runtime}": the main container has a postStart hook that is not exec, so the injected ` +
        'postStart exec hook is dropped (as the controller drops it); make the hook an exec command to have both run',
      POST_START,
    );
    return;
  }
  const injectedCommand = injected.exec.command ?? [];
  const userCommand = user.exec.command ?? [];
  // The controller replaces the hook with a new exec handler; other fields of the user's handler go.
  const onlyCommand =
    Object.keys(user).every((k) => k === 'exec') && Object.keys(user.exec).every((k) => k === 'command');
  if (!onlyCommand) {
    if (userCommand.length) warnIfUserCommandIsLost(injectedCommand, userCommand, context);
    const command = userCommand.length ? [...injectedCommand, '--', ...userCommand] : injectedCommand;
    return pod.set(POST_START, { exec: { command } });
  }
  if (userCommand.length) warnIfUserCommandIsLost(injectedCommand, userCommand, context);
  const commandPath = [...POST_START, 'exec', 'command'];
  if (userCommand.length === 0) pod.set(commandPath, injectedCommand);
  else pod.prepend(commandPath, [...injectedCommand, '--']);
}

/**
 * A script run as `bash -c SCRIPT` takes what follows as $0 and its arguments, so a user command merged
 * after `--` never runs (the seed's entry does this); the cluster would not say so.
 */
function warnIfUserCommandIsLost(injected: readonly string[], user: readonly string[], context: ExpandContext): void {
  if (injected.length < 3 || injected[injected.length - 2] !== '-c') return;
  context.warn(
    `runtime "${context.runtime}": its postStart command ${JSON.stringify(injected)} runs a script with -c, so ` +
      `the main container's own postStart command ${JSON.stringify(user)}, merged after "--", becomes the ` +
      `script's $0 and arguments and never runs; use an entry whose command runs the script as bash SCRIPT ` +
      "(as the OpenKruise chart's does), or run that command another way",
    POST_START,
  );
}

/** A handler counts if it has exec, httpGet or tcpSocket, as in the controller (a sleep handler does not). */
export function isValidHandler(handler: HandlerObject | null | undefined): handler is HandlerObject {
  if (!handler) return false;
  const h = handler as Record<string, unknown>;
  return [h.exec, h.httpGet, h.tcpSocket].some((part) => part !== undefined && part !== null);
}
