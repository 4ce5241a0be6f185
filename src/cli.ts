// The command: arguments and standard streams in, the pipeline in between, exit code out.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { looksLikeManifests } from './config/functionConfig.js';
import { OPTIONS, type Options } from './config/options.js';
import { run, runToBytes } from './pipeline.js';
import { printable } from './base/results.js';
import { toDiffStreams, toStreams } from './streams.js';
import { FLAGS, USAGE } from './usage.js';
import { printDefaults } from './config/print-defaults.js';
import { PROFILES, type Profile } from './runtimes/unit.js';
import { VERSION } from './base/version.js';
import { closest } from './base/names.js';
import { readStdin, stdinIsTerminal } from './stdin.js';
import { writeAll } from './stdout.js';

type Parsed =
  | { ok: true; values: Record<string, string | boolean | undefined>; positionals: string[] }
  | { ok: false; message: string };

/**
 * The arguments against the flags. Node's parser runs leniently, so that every mistake is worded here,
 * with "did you mean", rather than in its own words.
 */
function parseFlags(argv: string[]): Parsed {
  const config = Object.fromEntries(
    FLAGS.map(
      (f) => [f.name, { type: f.value ? 'string' : 'boolean', ...(f.short ? { short: f.short } : {}) }] as const,
    ),
  );
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    options: config,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const flag = FLAGS.find((f) => f.name === token.name);
    if (flag === undefined) {
      const near = closest(
        token.name,
        FLAGS.map((f) => f.name),
      );
      return {
        ok: false,
        message:
          `unknown flag ${token.rawName}` +
          (near === undefined ? '' : `; did you mean --${near}?`) +
          (token.rawName.startsWith('--') ? '' : ' (a flag of more than one letter takes two dashes)'),
      };
    }
    const dashes = `--${flag.name}`;
    if (flag.value !== undefined && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-'))))
      return { ok: false, message: `${dashes} needs a value: ${dashes} ${flag.value}` };
    if (flag.value === undefined && token.value !== undefined)
      return { ok: false, message: `${dashes} takes no value, found ${JSON.stringify(token.value)}` };
  }
  return { ok: true, values, positionals };
}

/** The options the flags set for this run, or the flag whose value is not one. */
function overridesOf(values: Record<string, string | boolean | undefined>): Partial<Options> | { problem: string } {
  const overrides: Record<string, unknown> = {};
  for (const flag of FLAGS) {
    const given = values[flag.name];
    if (flag.option === undefined || given === undefined) continue;
    const { type } = OPTIONS[flag.option as keyof typeof OPTIONS];
    if (type.base === 'boolean') overrides[flag.option] = true;
    else {
      const read = type.read(String(given));
      if (!read.ok) return { problem: `--${flag.name} must be ${read.expected}, not ${JSON.stringify(given)}` };
      overrides[flag.option] = read.value;
    }
  }
  return overrides as Partial<Options>;
}

const usageError = (message: string): 2 => {
  process.stderr.write(`inject-sandbox-runtimes: ${printable(message)}\n(--help lists the flags and options)\n`);
  return 2;
};

function main(argv: string[]): number {
  const parsed = parseFlags(argv);
  if (!parsed.ok) return usageError(parsed.message);
  const { values, positionals } = parsed;
  const overrides = overridesOf(values);
  if ('problem' in overrides) return usageError(overrides.problem);
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (values['print-defaults']) {
    const others = Object.keys(values).filter((name) => !['print-defaults', 'defaults', 'region-id'].includes(name));
    const profile = overrides.defaults ?? 'ack';
    const problem =
      positionals.length || others.length
        ? '--print-defaults takes only --defaults and --region-id, and reads no input'
        : !(PROFILES as readonly string[]).includes(profile)
          ? `--defaults must be one of ${PROFILES.join(', ')} to print (none has no entries), ` +
            `not ${JSON.stringify(profile)}`
          : undefined;
    if (problem !== undefined) return usageError(problem);
    const printed = printDefaults(profile as Profile, overrides.regionId);
    if (!printed.ok) return usageError(printed.usage);
    process.stdout.write(printed.text);
    return 0;
  }
  // kustomize's legacy exec plugins pass the plugin config file as the first argument; nothing else
  // is a file argument, so an extra one is a mistake (often a manifest meant for stdin).
  const extra = values['fn-config'] === undefined ? positionals.slice(1) : positionals;
  if (extra.length) {
    return usageError(
      `unexpected argument${extra.length > 1 ? 's' : ''} ${extra.join(' ')}: give at most one config file; the ` +
        `manifests go on stdin (inject-sandbox-runtimes CONFIG.yaml < manifests.yaml)`,
    );
  }
  const configPath = typeof values['fn-config'] === 'string' ? values['fn-config'] : positionals[0];
  let configText: string | undefined;
  if (configPath !== undefined) {
    try {
      configText = readFileSync(configPath, 'utf8');
    } catch (e) {
      process.stderr.write(
        printable(`cannot read the functionConfig file ${configPath}: ${inWords(e as NodeJS.ErrnoException)}`) + '\n',
      );
      return 1;
    }
  }
  // Not process.stdin.isTTY: making process.stdin would set a pipe non-blocking, and the read below would
  // then fail with EAGAIN when the writer is slow.
  if (stdinIsTerminal()) {
    // With nothing piped in, a file of manifests given as the argument was meant for stdin.
    if (configPath !== undefined && configText !== undefined && looksLikeManifests(configText)) {
      return usageError(
        `${configPath} looks like manifests; pipe them on stdin: inject-sandbox-runtimes < ${configPath}`,
      );
    }
    process.stderr.write(
      'inject-sandbox-runtimes: reading the manifests from stdin, a terminal: pipe them in ' +
        '(inject-sandbox-runtimes CONFIG.yaml < manifests.yaml) or end with Ctrl-D; --help for usage\n',
    );
  }
  const options = {
    ...overrides,
    ...(configText === undefined ? {} : { configText }),
    ...(values['drop-local-config'] ? { dropLocalConfig: true } : {}),
  };
  const stdin = readStdin();
  if (!stdin.ok) {
    process.stderr.write(`${stdin.error}\n`);
    return 1;
  }
  const input = stdin.bytes;
  const streams = values.diff ? toDiffStreams(input, run(input, options)) : toStreams(runToBytes(input, options), []);
  const written = writeAll(typeof streams.stdout === 'string' ? [Buffer.from(streams.stdout)] : streams.stdout);
  // process.stderr is made only to be written to: making it loads the stream modules, as node:tty does.
  if (streams.stderr) process.stderr.write(streams.stderr);
  if (!written.ok) {
    process.stderr.write(`inject-sandbox-runtimes: ${written.error}\n`);
    return 1;
  }
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
    `inject-sandbox-runtimes: internal error: ${printable((e as Error).message)}. This is a bug: please report ` +
      `it with the input.${detail}\n`,
  );
  process.exitCode = 1;
}
