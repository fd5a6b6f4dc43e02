import type { Readable, Writable } from 'node:stream';
import { airlockPathsOfEnv, type AirlockPaths } from '../core/airlockPaths';
import { errorMessage } from '../core/values';

/** The process surface a CLI command uses, passed in so tests run commands in-process. */
export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /**
   * Airlock's folder and its files, named once from `env` (`airlockPathsOfEnv`); undefined when neither
   * AIRLOCK_HOME nor HOME is an absolute path, which a command that needs the folder reports as a usage error.
   */
  readonly airlock: AirlockPaths | undefined;
  /**
   * Reads all of stdin, up to `limit` bytes (undefined past it), without making a stream of it: what an agent's
   * hook process uses. Without it, `stdin` is read.
   */
  readonly readInput?: (limit: number) => Promise<string | undefined>;
  /**
   * True when the command runs for another process (the hook server runs hook calls): `env` and `cwd` are that
   * process's, and what the command starts (git) gets its environment, not this one's.
   */
  readonly forOtherProcess?: boolean;
}

/**
 * This process's surface. Opening stdin loads Node's stream stack: only the commands that read it pay for that
 * (so the object is not to be spread, which would open it).
 */
export function processIo(readInput?: CliIo['readInput']): CliIo {
  return {
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    airlock: airlockPathsOfEnv(process.env),
    ...(readInput ? { readInput } : {}),
  };
}

/** A usage error: the command line itself is wrong. Exit code 2, one line on stderr. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const ExitCode = { Ok: 0, Failure: 1, Usage: 2 } as const;

/** Runs a command, turning what it throws into the CLI's one-line message and exit code (2 for usage, else 1). */
export async function guarded(io: CliIo, command: () => Promise<number>): Promise<number> {
  try {
    return await command();
  } catch (err) {
    if (err instanceof UsageError || isParseArgsError(err)) {
      io.stderr.write(`airlock: ${oneLine((err as Error).message)}\n`);
      return ExitCode.Usage;
    }
    io.stderr.write(`airlock: internal error: ${oneLine(errorMessage(err))}\n`);
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
