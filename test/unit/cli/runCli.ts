import { PassThrough, Readable } from 'node:stream';
import { run } from '../../../src/cli/main';
import { airlockPathsOfEnv } from '../../../src/core/airlockPaths';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with the given stdin text and environment. */
export async function runCli(
  args: string[],
  options: { stdin?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  const env = options.env ?? { HOME: '/nonexistent-home' };
  const code = await run(args, {
    stdin: Readable.from([options.stdin ?? '']),
    stdout,
    stderr,
    env,
    cwd: options.cwd ?? process.cwd(),
    airlock: airlockPathsOfEnv(env),
  });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
