/**
 * The process Airlock runs in, read in one place: src/core reaches Node's `process` only here (lint holds the rest
 * of src/core to it), so what a decision depends on from its host is visible at a glance, and tests can see it.
 */
export const thisProcess = {
  pid: process.pid,
  platform: process.platform,
  isWindows: process.platform === 'win32',
  /** The user's id (undefined on Windows). */
  uid: typeof process.getuid === 'function' ? process.getuid() : undefined,
  /** The environment now (it can change while the process runs). */
  env: (): NodeJS.ProcessEnv => process.env,
} as const;

/**
 * Whether a process with this id runs on this machine: signal 0 checks without sending anything. A process that
 * exists but belongs to another user answers EPERM, and is alive.
 */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
