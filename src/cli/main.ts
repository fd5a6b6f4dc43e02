import { parseArgs } from 'node:util';
import { version } from '../../package.json';
import { runReplay, runReport, runVerify } from './commands/audit';
import { runCheck, runExplain } from './commands/check';
import { runRestore } from './commands/restore';
import { runSnapshot, runSnapshots } from './commands/snapshot';
import { runHook } from './commands/hook';
import { runHooks } from './commands/hooks';
import { engineDeps } from './commands/hookEngine';
import { ExitCode, UsageError, type CliIo } from './io';

interface Command {
  readonly summary: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Sub-commands by name; each parses its own flags. */
const commands: Record<string, Command> = {
  check: { summary: 'decide actions (JSON lines on stdin) against the policy; executes nothing', run: runCheck },
  explain: { summary: 'show every rule that matched one action, layer by layer', run: runExplain },
  snapshot: { summary: 'snapshot the workspace (a checkpoint) or some paths before a destructive action', run: runSnapshot },
  snapshots: { summary: "list a workspace's snapshots; verify or clean up the store (verify, gc)", run: runSnapshots },
  restore: { summary: 'restore a snapshot, or some of its paths, after showing what would change', run: runRestore },
  hook: { summary: "answer an agent's pre-tool hook (vscode, claude, cursor, gemini, cline, codex); fails closed", run: (args, io) => runHook(args, io, engineDeps) },
  hooks: { summary: "install, remove or show Airlock's hook in the agents' hook files (status, install, remove)", run: runHooks },
  verify: { summary: "check the audit trail's hash chain; prints the first broken link", run: runVerify },
  report: { summary: 'export the audit trail as one standalone HTML file', run: runReport },
  replay: { summary: 'decide recorded actions again under a policy; lists verdicts that would change', run: runReplay },
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

/** For dist/hook.js, which loads this bundle only when no editor answers a hook. */
export { engineDeps };

/** Runs the CLI for the given arguments; returns the exit code. Never throws. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first !== undefined && !first.startsWith('-')) {
      const command = Object.hasOwn(commands, first) ? commands[first] : undefined;
      if (!command) throw new UsageError(`unknown command '${first}' (see 'airlock --help')`);
      return await command.run(rest, io);
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
  } catch (err) {
    if (err instanceof UsageError || isParseArgsError(err)) {
      io.stderr.write(`airlock: ${oneLine((err as Error).message)}\n`);
      return ExitCode.Usage;
    }
    io.stderr.write(`airlock: internal error: ${oneLine(err instanceof Error ? err.message : String(err))}\n`);
    return ExitCode.Failure;
  }
}

function isParseArgsError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

if (require.main === module) {
  void run(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  }).then((code) => {
    process.exitCode = code;
  });
}
