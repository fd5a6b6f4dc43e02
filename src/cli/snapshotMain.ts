import { runSnapshot } from './commands/snapshot';
import { guarded, processIo } from './io';

/**
 * `airlock snapshot` alone (dist/snapshot.js): dist/cli.js loads this bundle instead of dist/airlock.js for that one
 * command, so that a checkpoint, which a person or a script may take before every risky step, loads the snapshot
 * store and nothing else of the CLI. The command is the same function `airlock snapshot` runs in airlock.js.
 */
export async function main(): Promise<void> {
  const io = processIo();
  process.exitCode = await guarded(io, () => runSnapshot(process.argv.slice(3), io));
}

/** The work this bundle does, for dist/cli.js's code cache: always the one command. */
export const workOf = (): string => 'snapshot';
