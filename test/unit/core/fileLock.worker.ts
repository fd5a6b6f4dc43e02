// Spawned by fileLock.test.ts: takes the lock FILE ROUNDS times (MODE `sync` or `async`) and, holding it, adds one
// to the number in COUNTER (a read and a write, so two holders at once would lose an update) and marks the time
// inside with a file that must not exist yet. MODE `die` takes the lock once and exits holding it.
import * as fs from 'node:fs';
import { Backoff, FileLock } from '../../../src/core/fileLock';

const hour = 60 * 60 * 1000;

function main(): Promise<void> | void {
  const [file, counter, roundsText, mode] = process.argv.slice(2);
  if (!file || !counter || !roundsText || !mode) throw new Error('usage: fileLock.worker FILE COUNTER ROUNDS sync|async|die');
  // Ages far beyond the test: a lock is taken over here only because its holder is gone.
  const take = () => new FileLock(file, { maxAgeMs: hour, otherHostMaxAgeMs: hour });
  const backoff = () => new Backoff({ timeoutMs: 60_000, firstPauseMs: 1, maxPauseMs: 4, jitter: true });
  const inside = `${counter}.inside`;
  const critical = (): void => {
    try {
      fs.closeSync(fs.openSync(inside, 'wx'));
    } catch {
      throw new Error(`process ${process.pid} found another holder inside`);
    }
    const n = Number(fs.readFileSync(counter, 'utf8'));
    fs.writeFileSync(counter, String(n + 1));
    fs.unlinkSync(inside);
  };
  if (mode === 'die') {
    take().acquireSync(backoff());
    process.stdout.write(`${process.pid}\n`);
    process.exit(0);
  }
  const rounds = Number(roundsText);
  if (mode === 'sync') {
    for (let i = 0; i < rounds; i++) {
      const lock = take();
      lock.acquireSync(backoff());
      critical();
      lock.release();
    }
    return;
  }
  return (async () => {
    for (let i = 0; i < rounds; i++) {
      const lock = take();
      await lock.acquire(backoff());
      critical();
      lock.release();
    }
  })();
}

Promise.resolve()
  .then(main)
  .catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  });
