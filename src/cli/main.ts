import type * as V8 from 'node:v8';
import { parseArgs } from 'node:util';
import { version } from '../../package.json';
import type { HookDeps } from './commands/hook';
import { ExitCode, guarded, processIo, UsageError, type CliIo } from './io';

type Run = (args: string[], io: CliIo) => Promise<number>;

interface Command {
  readonly summary: string;
  /** Loads the command's module when it runs: `airlock snapshot` does not start the policy engine, nor its parser. */
  load(): Promise<Run>;
}

/** Sub-commands by name; each parses its own flags. */
const commands: Record<string, Command> = {
  check: { summary: 'decide actions (JSON lines on stdin) against the policy; executes nothing', load: async () => (await import('./commands/check')).runCheck },
  explain: { summary: 'show every rule that matched one action, layer by layer', load: async () => (await import('./commands/check')).runExplain },
  snapshot: { summary: 'snapshot the workspace (a checkpoint) or some paths before a destructive action', load: async () => (await import('./commands/snapshot')).runSnapshot },
  snapshots: { summary: "list a workspace's snapshots; verify or clean up the store (verify, gc)", load: async () => (await import('./commands/snapshot')).runSnapshots },
  restore: { summary: 'restore a snapshot, or some of its paths, after showing what would change', load: async () => (await import('./commands/restore')).runRestore },
  hook: {
    summary: "answer an agent's pre-tool hook (vscode, claude, cursor, gemini, cline, codex); fails closed",
    load: async () => {
      const { runHook } = await import('./commands/hook');
      return (args, io) => runHook(args, io, engineDeps());
    },
  },
  hooks: { summary: "install, remove or show Airlock's hook in the agents' hook files (status, install, remove)", load: async () => (await import('./commands/hooks')).runHooks },
  verify: { summary: "check the audit trail's hash chain; prints the first broken link", load: async () => (await import('./commands/audit')).runVerify },
  report: { summary: 'export the audit trail as one standalone HTML file', load: async () => (await import('./commands/audit')).runReport },
  replay: { summary: 'decide recorded actions again under a policy; lists verdicts that would change', load: async () => (await import('./commands/audit')).runReplay },
};

function usage(): string {
  const lines = [
    'Usage: airlock <command> [options]',
    '',
    'Airlock decides, snapshots and records what AI coding agents do.',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(12)}${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show this help',
    '  -v, --version  print the version',
    '',
    "Run 'airlock <command> --help' for a command's options.",
  ];
  return lines.join('\n') + '\n';
}

/** The hook's engine, for dist/hook.js, which loads this bundle only when no editor answers a hook. */
export function engineDeps(): HookDeps {
  // A hook process parses a command or two and exits: the grammar's WebAssembly is compiled by the baseline
  // compiler only. With tier-up, V8 optimises it in the background and Node waits for that before exiting
  // (hundreds of milliseconds on Node 20, for no use).
  // (node:v8 is loaded here, not with the command line: it brings Node's heap tools, which no other command needs.)
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a built-in module, loaded on first use
  (require('node:v8') as typeof V8).setFlagsFromString('--liftoff-only');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, and only by the hook
  return (require('./commands/hookEngine') as typeof import('./commands/hookEngine')).engineDeps;
}

/** The hook server (`dist/hook.js --server`), which dist/hook.js starts: loaded only there. */
export function serveHooks(options: import('./hookServer').HookServerOptions): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, and only by the hook server
  return (require('./hookServer') as typeof import('./hookServer')).serveHooks(options);
}

/** Runs the CLI for the given arguments; returns the exit code. Never throws. */
export function run(argv: string[], io: CliIo): Promise<number> {
  return guarded(io, async () => {
    const [first, ...rest] = argv;
    if (first !== undefined && !first.startsWith('-')) {
      const command = Object.hasOwn(commands, first) ? commands[first] : undefined;
      if (!command) throw new UsageError(`unknown command '${first}' (see 'airlock --help')`);
      return await (await command.load())(rest, io);
    }
    const { values } = parseArgs({
      args: argv,
      options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
      strict: true,
      allowPositionals: false,
    });
    if (values.version) {
      io.stdout.write(`${version}\n`);
    } else {
      io.stdout.write(usage());
    }
    return ExitCode.Ok;
  });
}

/** Runs the CLI on this process's arguments and streams; sets the exit code. Resolves when the command is done. */
export async function main(): Promise<void> {
  process.exitCode = await run(process.argv.slice(2), processIo());
}

/**
 * What kind of work a run with these arguments does, for the code cache of dist/cli.js: the command's name, or
 * `options` for --version and --help. Undefined for `hook`, which runs V8 with flags of its own (engineDeps), and
 * for an unknown command.
 */
export function workOf(argv: readonly string[]): string | undefined {
  const first = argv[0];
  if (first === undefined || first.startsWith('-')) return 'options';
  return first !== 'hook' && Object.hasOwn(commands, first) ? first : undefined;
}

if (require.main === module) void main();
