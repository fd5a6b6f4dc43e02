import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { Backoff, FileLock, LockBusyError, type LockDeps, type Staleness } from '../../../src/core/fileLock';
import { runWorker } from '../workers';

const minute = 60_000;
const staleness: Staleness = { maxAgeMs: 10 * minute, otherHostMaxAgeMs: 5 * minute, unreadableMaxAgeMs: minute };
const host = 'this-host';

let dir: string;
let file: string;
/** The pids of this host that run; every other pid is a process that is gone. */
let alive: Set<number>;
beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-lock-')));
  file = path.join(dir, 'the.lock');
  alive = new Set([1001, 1002, 1003]);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A lock taken as process `pid` of this host. */
const lockAs = (pid: number, deps: Partial<LockDeps> = {}): FileLock =>
  new FileLock(file, staleness, { host, pid, isAlive: (p) => alive.has(p), ...deps });

const holderNonce = (f = file): unknown => (JSON.parse(fs.readFileSync(f, 'utf8')) as { nonce?: unknown }).nonce;

describe('FileLock', () => {
  test('two holders exclude each other; once one releases, the other takes it', () => {
    const a = lockAs(1001);
    const b = lockAs(1002);
    assert.equal(a.tryAcquire(), true);
    assert.equal(b.tryAcquire(), false);
    assert.deepEqual(a.inspect()?.holder, { pid: 1001, host, nonce: a.nonce });
    a.release();
    assert.equal(fs.existsSync(file), false);
    assert.equal(b.tryAcquire(), true);
    assert.equal(holderNonce(), b.nonce);
  });

  // Each case: what the lock file holds and how old it is; whether a waiter (pid 1002 of this host) takes it over.
  const cases: { name: string; text: string; ageMs: number; taken: boolean }[] = [
    { name: 'a live process of this host, fresh', text: JSON.stringify({ pid: 1001, host, nonce: 'n' }), ageMs: 0, taken: false },
    { name: 'a process of this host that is gone', text: JSON.stringify({ pid: 4242, host, nonce: 'n' }), ageMs: 0, taken: true },
    { name: 'a live process, older than the maximum age (a reused pid)', text: JSON.stringify({ pid: 1001, host, nonce: 'n' }), ageMs: 11 * minute, taken: true },
    { name: 'another host (its pids cannot be asked), fresh', text: JSON.stringify({ pid: 4242, host: 'elsewhere', nonce: 'n' }), ageMs: 4 * minute, taken: false },
    { name: 'another host, older than its maximum age', text: JSON.stringify({ pid: 1001, host: 'elsewhere', nonce: 'n' }), ageMs: 6 * minute, taken: true },
    { name: 'no holder info yet (just created), fresh', text: '', ageMs: 30_000, taken: false },
    { name: 'no holder info, older than its maximum age', text: '', ageMs: 2 * minute, taken: true },
    { name: 'an earlier version (no nonce), of a process that is gone', text: JSON.stringify({ pid: 4242, host, time: 1 }), ageMs: 0, taken: true },
  ];
  for (const c of cases) {
    test(`a lock of ${c.name} is ${c.taken ? '' : 'not '}taken over`, () => {
      fs.writeFileSync(file, c.text);
      const waiter = lockAs(1002, { now: () => Date.now() + c.ageMs });
      assert.equal(waiter.tryAcquire(), c.taken);
      if (c.taken) assert.equal(holderNonce(), waiter.nonce);
      else assert.equal(fs.readFileSync(file, 'utf8'), c.text, 'the lock is left as it was');
    });
  }

  test('release does not remove a lock another holder now has', () => {
    const a = lockAs(1001);
    assert.equal(a.tryAcquire(), true);
    // a is judged gone (it hung, say), and b takes the lock over.
    alive.delete(1001);
    const b = lockAs(1002);
    assert.equal(b.tryAcquire(), true);
    a.release();
    assert.equal(holderNonce(), b.nonce, "b's lock is still there");
    b.release();
    assert.equal(fs.existsSync(file), false);
  });

  test('a holder cannot take its own lock twice (one process, two takings)', () => {
    const first = lockAs(1001);
    const second = lockAs(1001);
    assert.equal(first.tryAcquire(), true);
    assert.equal(second.tryAcquire(), false);
    second.release();
    assert.equal(holderNonce(), first.nonce);
  });
});

describe('breaking a stale lock', () => {
  test('a waiter that judged a lock stale does not remove the fresh lock that replaced it', () => {
    lockAs(4242).tryAcquire();
    const late = lockAs(1002);
    const seen = late.inspect();
    assert.ok(seen && late.isStale(seen));
    // Meanwhile another waiter breaks the stale lock and takes it.
    const quick = lockAs(1003);
    assert.equal(quick.tryAcquire(), true);
    assert.equal(late.breakStale(seen), false);
    assert.equal(holderNonce(), quick.nonce);
    assert.equal(late.tryAcquire(), false);
  });

  test('while one waiter removes a stale lock, no other can break or take it', () => {
    lockAs(4242).tryAcquire();
    const other = lockAs(1003);
    let during: { took: boolean; files: string[] } | undefined;
    // The first waiter's file system lets the other waiter run just before it removes the stale lock.
    const first = lockAs(1002, {
      fs: {
        ...fs,
        unlinkSync: (p: fs.PathLike) => {
          if (p === file && !during) during = { took: other.tryAcquire(), files: fs.readdirSync(dir).sort() };
          fs.unlinkSync(p);
        },
      },
    });
    assert.equal(first.tryAcquire(), true);
    assert.deepEqual(during, { took: false, files: ['the.lock', 'the.lock.break'] });
    assert.equal(holderNonce(), first.nonce);
    assert.deepEqual(fs.readdirSync(dir), ['the.lock'], 'the break lock is gone');
  });

  test('a break lock left by a process that died is broken the same way', () => {
    lockAs(4242).tryAcquire();
    // Its breaker died between taking the break lock and removing the stale one.
    new FileLock(`${file}.break`, staleness, { host, pid: 4343 }).tryAcquire();
    assert.equal(fs.existsSync(`${file}.break`), true);
    const waiter = lockAs(1002);
    assert.equal(waiter.tryAcquire(), true);
    assert.equal(holderNonce(), waiter.nonce);
    assert.deepEqual(fs.readdirSync(dir), ['the.lock']);
  });

  test('a live holder of the break lock makes others wait', () => {
    lockAs(4242).tryAcquire();
    assert.equal(new FileLock(`${file}.break`, staleness, { host, pid: 1001 }).tryAcquire(), true);
    assert.equal(lockAs(1002).tryAcquire(), false);
    assert.equal(lockAs(1002).inspect()?.holder?.pid, 4242, 'the stale lock stays until the breaker is done');
  });
});

/** Acquire in one of the two ways, with a clock that only the pauses move and each pause recorded. */
async function acquireTraced(mode: 'sync' | 'async', lock: FileLock, timeoutMs: number, duringPause: (n: number) => void = () => {}) {
  let clock = 0;
  const pauses: number[] = [];
  const backoff = new Backoff({ timeoutMs, firstPauseMs: 10, maxPauseMs: 40, now: () => clock });
  const pause = (ms: number): void => {
    pauses.push(ms);
    clock += ms;
    duringPause(pauses.length);
  };
  let error: unknown;
  try {
    if (mode === 'sync') lock.acquireSync(backoff, pause);
    else await lock.acquire(backoff, async (ms) => pause(ms));
  } catch (e) {
    error = e;
  }
  return { pauses, error, holder: fs.existsSync(file) ? holderNonce() === lock.nonce : false };
}

describe('waiting for a lock', () => {
  const modes = ['sync', 'async'] as const;
  for (const mode of modes) {
    describe(`${mode}`, () => {
      test('a free lock is taken without a pause', async () => {
        assert.deepEqual(await acquireTraced(mode, lockAs(1002), 100), { pauses: [], error: undefined, holder: true });
      });

      test('a lock of a process that is gone is taken without a pause', async () => {
        lockAs(4242).tryAcquire();
        assert.deepEqual(await acquireTraced(mode, lockAs(1002), 100), { pauses: [], error: undefined, holder: true });
      });

      test('a lock released during the wait is taken at the next attempt', async () => {
        const other = lockAs(1001);
        other.tryAcquire();
        const r = await acquireTraced(mode, lockAs(1002), 1_000, (n) => n === 3 && other.release());
        assert.deepEqual(r, { pauses: [10, 20, 40], error: undefined, holder: true });
      });

      test("the wait gives up at the deadline, naming the holder's pid", async () => {
        lockAs(1001).tryAcquire();
        const r = await acquireTraced(mode, lockAs(1002), 100);
        assert.deepEqual(r.pauses, [10, 20, 40, 30], 'pauses double up to the cap; the last one ends at the deadline');
        assert.ok(r.error instanceof LockBusyError);
        assert.equal(r.error.holder?.pid, 1001);
        assert.equal(r.error.message, `${file} is held by process 1001 on ${host}; gave up after 100 ms`);
        assert.equal(r.holder, false);
      });
    });
  }

  test('sync and async acquire take the same steps', async () => {
    const run = async (mode: 'sync' | 'async') => {
      const other = lockAs(1001);
      other.tryAcquire();
      const r = await acquireTraced(mode, lockAs(1002), 1_000, (n) => n === 2 && other.release());
      fs.rmSync(file, { force: true });
      return r;
    };
    assert.deepEqual(await run('sync'), await run('async'));
  });

  test('jittered pauses stay between half and one and a half times the pause, and within the deadline', () => {
    let clock = 0;
    const backoff = new Backoff({ timeoutMs: 1_000, firstPauseMs: 8, maxPauseMs: 64, jitter: true, now: () => clock });
    const pauses: number[] = [];
    for (let p = backoff.next(); p !== undefined; p = backoff.next()) {
      pauses.push(p);
      clock += p;
    }
    const nominal = [8, 16, 32, 64];
    pauses.slice(0, -1).forEach((p, i) => {
      const n = nominal[Math.min(i, nominal.length - 1)] ?? 64;
      assert.ok(p >= n / 2 && p <= n * 1.5, `pause ${i}: ${p} around ${n}`);
    });
    assert.equal(clock, 1_000);
  });
});

const worker = path.join(__dirname, 'fileLock.worker.js');

const run = (args: string[]) => runWorker(worker, args);

describe('across processes', () => {
  test('processes taking the lock in turn never hold it together (sync and async waiters mixed)', { timeout: 120_000 }, async () => {
    const counter = path.join(dir, 'counter');
    fs.writeFileSync(counter, '0');
    const modes = ['sync', 'async', 'sync', 'async', 'sync', 'async'];
    const results = await Promise.all(modes.map((mode) => run([file, counter, '150', mode])));
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(counter, 'utf8'), String(modes.length * 150), 'no update lost');
    assert.equal(fs.existsSync(file), false, 'the last holder released it');
  });

  test('a lock left by a process that died is taken over, and waiters racing to break it leave one holder at a time', { timeout: 120_000 }, async () => {
    const counter = path.join(dir, 'counter');
    fs.writeFileSync(counter, '0');
    const died = await run([file, counter, '1', 'die']);
    assert.equal(died.code, 0, died.stderr);
    assert.equal(lockAs(0).inspect()?.holder?.pid, Number(died.stdout), 'the dead process left its lock');
    // The lock is younger than the workers' maximum age (an hour): only its dead pid lets them take it.
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => run([file, counter, '50', i % 2 ? 'async' : 'sync'])));
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(counter, 'utf8'), '300');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['counter']);
  });
});
