// The command: arguments and standard streams in, the pipeline in between, exit code out.
import { readFileSync } from 'node:fs';
import { isatty } from 'node:tty';
import { parseArgs } from 'node:util';
import { MODES, type Mode } from './config/functionConfig.js';
import { runToBytes } from './pipeline.js';
import { toStreams } from './streams.js';
import { writeChunks } from './write/output.js';
import { USAGE } from './usage.js';
import { printDefaults } from './config/print-defaults.js';
import { PROFILES, type Profile } from './runtimes/unit.js';
import { VERSION } from './base/version.js';
import { closest } from './base/names.js';
import { readStdin } from './stdin.js';

function main(argv: string[]): number {
  const options = {
    'fn-config': { type: 'string' },
    mode: { type: 'string' },
    'print-defaults': { type: 'boolean' },
    'drop-local-config': { type: 'boolean' },
    'region-id': { type: 'string' },
    defaults: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean' },
  } as const;
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options });
  } catch (e) {
    const unknown = /^Unknown option '--([^']+)'/.exec((e as Error).message)?.[1];
    const near = unknown === undefined ? undefined : closest(unknown, Object.keys(options));
    const message =
      near === undefined ? (e as Error).message : `Unknown option '--${unknown}'; did you mean --${near}?`;
    process.stderr.write(`${message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.mode !== undefined && !(MODES as readonly string[]).includes(values.mode)) {
    process.stderr.write(`--mode must be one of ${MODES.join(', ')}, not ${JSON.stringify(values.mode)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (values['print-defaults']) {
    const profile = values.defaults ?? 'ack';
    const problem =
      positionals.length ||
      values['fn-config'] !== undefined ||
      values.mode !== undefined ||
      values['drop-local-config']
        ? '--print-defaults takes only --defaults and --region-id, and reads no input'
        : !(PROFILES as readonly string[]).includes(profile)
          ? `--defaults must be one of ${PROFILES.join(', ')} to print (none has no entries), ` +
            `not ${JSON.stringify(profile)}`
          : undefined;
    const printed = problem === undefined ? printDefaults(profile as Profile, values['region-id']) : undefined;
    if (!printed?.ok) {
      process.stderr.write(`${problem ?? (printed as { usage: string }).usage}\n\n${USAGE}`);
      return 2;
    }
    process.stdout.write(printed.text);
    return 0;
  }
  if (values.defaults !== undefined || values['region-id'] !== undefined) {
    process.stderr.write(
      '--defaults and --region-id go with --print-defaults; for a run, set defaults and regionId in the config ' +
        `(kpt: -- regionId=cn-hangzhou)\n\n${USAGE}`,
    );
    return 2;
  }
  // kustomize's legacy exec plugins pass the plugin config file as the first argument; nothing else
  // is a file argument, so an extra one is a mistake (often a manifest meant for stdin).
  const extra = values['fn-config'] === undefined ? positionals.slice(1) : positionals;
  if (extra.length) {
    process.stderr.write(
      `unexpected argument${extra.length > 1 ? 's' : ''} ${extra.join(' ')}: give at most one config file; the ` +
        `manifests go on stdin (inject-sandbox-runtimes CONFIG.yaml < manifests.yaml)\n\n${USAGE}`,
    );
    return 2;
  }
  const configPath = values['fn-config'] ?? positionals[0];
  let configText: string | undefined;
  if (configPath !== undefined) {
    try {
      configText = readFileSync(configPath, 'utf8');
    } catch (e) {
      process.stderr.write(
        `cannot read the functionConfig file ${configPath}: ${inWords(e as NodeJS.ErrnoException)}\n`,
      );
      return 1;
    }
  }
  // isatty, not process.stdin.isTTY: making process.stdin would set a pipe non-blocking, and the read
  // below would then fail with EAGAIN when the writer is slow.
  if (isatty(0)) {
    process.stderr.write(
      'inject-sandbox-runtimes: reading the manifests from stdin, a terminal: pipe them in ' +
        '(inject-sandbox-runtimes CONFIG.yaml < manifests.yaml) or end with Ctrl-D; --help for usage\n',
    );
  }
  const stdin = readStdin();
  if (!stdin.ok) {
    process.stderr.write(`${stdin.error}\n`);
    return 1;
  }
  const outcome = runToBytes(stdin.bytes, {
    ...(configText === undefined ? {} : { configText }),
    ...(values.mode === undefined ? {} : { mode: values.mode as Mode }),
    ...(values['drop-local-config'] ? { dropLocalConfig: true } : {}),
  });
  const streams = toStreams(outcome, []);
  writeChunks(streams.stdout, (batch) => process.stdout.write(batch));
  process.stderr.write(streams.stderr);
  return streams.exitCode;
}

/** A file error as a person says it; the code stays for a search. */
function inWords(e: NodeJS.ErrnoException): string {
  const words: Record<string, string> = {
    ENOENT: 'there is no such file',
    EACCES: 'permission denied',
    EISDIR: 'it is a directory, not a file',
    ENOTDIR: 'a part of the path is not a directory',
    ELOOP: 'too many symbolic links',
  };
  const said = e.code === undefined ? undefined : words[e.code];
  return said === undefined ? e.message : `${said} (${e.code})`;
}

// Whatever happens, a person gets a sentence, not a stack trace (set INJECT_SANDBOX_RUNTIMES_DEBUG=1
// for one), and stdout gets nothing half-written.
try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  const detail = process.env.INJECT_SANDBOX_RUNTIMES_DEBUG ? `\n${(e as Error).stack}` : '';
  process.stderr.write(
    `inject-sandbox-runtimes: internal error: ${(e as Error).message}. This is a bug: please report it with ` +
      `the input.${detail}\n`,
  );
  process.exitCode = 1;
}
