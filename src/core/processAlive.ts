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
