import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createResolver,
  isGuardedResolver,
  ResolutionError,
  resolveWithin,
  type Resolver,
} from '../../../../src/core/network/resolve';
import { fakeResolver } from './fixtures';

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('resolveWithin', () => {
  const outcomes: readonly (readonly [string, Resolver, string])[] = [
    ['answers', async () => ['93.184.216.34'], 'resolved'],
    ['rejects', async () => Promise.reject(new Error('ENOTFOUND')), 'failed'],
    [
      'throws synchronously',
      () => {
        throw new Error('sync');
      },
      'failed',
    ],
    ['answers nothing', async () => [], 'failed'],
    ['answers a non-list', (async () => ({ address: '1.2.3.4' })) as unknown as Resolver, 'failed'],
    ['answers non-strings', (async () => [1, 2]) as unknown as Resolver, 'failed'],
    ['hangs', () => new Promise(() => {}), 'timeout'],
  ];
  for (const [what, resolver, kind] of outcomes) {
    it(`a resolver that ${what} gives ${kind}`, async () => {
      const r = await resolveWithin(resolver, 'example.com', 20);
      assert.equal(r.kind, kind);
    });
  }

  it('canonicalises and de-duplicates answers, keeping junk for the classifier', async () => {
    const r = await resolveWithin(async () => ['::FFFF:127.0.0.1', '::ffff:7f00:1', '10.0.0.1', 'junk'], 'x', 50);
    assert.deepEqual(r, { kind: 'resolved', addresses: ['::ffff:7f00:1', '10.0.0.1', 'junk'], cached: false });
  });

  it('keeps the error code of a failed lookup', async () => {
    const r = await fakeResolver()('nowhere.example.net').catch((e: unknown) => e);
    assert.ok(r instanceof Error);
    const resolution = await resolveWithin(fakeResolver(), 'nowhere.example.net', 50);
    assert.deepEqual(resolution, { kind: 'failed', error: 'ENOTFOUND: getaddrinfo ENOTFOUND nowhere.example.net' });
  });
});

describe('createResolver', () => {
  it('caches answers for ttlMs, then looks up again', async () => {
    const clock = manualClock();
    const lookup = fakeResolver();
    const resolver = createResolver({ lookup, ttlMs: 1000, clock: clock.now });
    assert.deepEqual(await resolver.resolve('example.com'), {
      kind: 'resolved',
      addresses: ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
      cached: false,
    });
    clock.advance(999);
    const again = await resolver.resolve('EXAMPLE.com');
    assert.equal(again.kind === 'resolved' && again.cached, true);
    assert.deepEqual(lookup.calls, ['example.com']);
    clock.advance(1);
    await resolver.resolve('example.com');
    assert.deepEqual(lookup.calls, ['example.com', 'example.com']);
  });

  it('caches failures for negativeTtlMs only', async () => {
    const clock = manualClock();
    const lookup = fakeResolver();
    const resolver = createResolver({ lookup, ttlMs: 60_000, negativeTtlMs: 100, clock: clock.now });
    assert.equal((await resolver.resolve('nowhere.example.net')).kind, 'failed');
    assert.equal((await resolver.resolve('nowhere.example.net')).kind, 'failed');
    assert.equal(lookup.calls.length, 1);
    clock.advance(100);
    await resolver.resolve('nowhere.example.net');
    assert.equal(lookup.calls.length, 2);
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const lookup = fakeResolver();
    const resolver = createResolver({ lookup, maxEntries: 2 });
    await resolver.resolve('example.com');
    await resolver.resolve('api.github.com');
    await resolver.resolve('example.com');
    await resolver.resolve('localhost');
    assert.equal(resolver.size, 2);
    await resolver.resolve('example.com');
    await resolver.resolve('api.github.com');
    assert.deepEqual(lookup.calls, ['example.com', 'api.github.com', 'localhost', 'api.github.com']);
  });

  it('shares one lookup between concurrent callers', async () => {
    let calls = 0;
    let answer: (v: readonly string[]) => void = () => {};
    const resolver = createResolver({
      lookup: () => {
        calls++;
        return new Promise((r) => (answer = r));
      },
    });
    const both = Promise.all([resolver.resolve('example.com'), resolver.resolve('example.com')]);
    answer(['93.184.216.34']);
    const [a, b] = await both;
    assert.equal(calls, 1);
    assert.deepEqual(a, b);
  });

  it('times out a hanging lookup and never throws at the caller', async () => {
    const resolver = createResolver({ lookup: () => new Promise(() => {}), timeoutMs: 15 });
    assert.deepEqual(await resolver.resolve('example.com'), { kind: 'timeout', afterMs: 15 });
  });

  it('rejects with a typed error when called as a plain Resolver', async () => {
    const resolver = createResolver({ lookup: fakeResolver() });
    assert.deepEqual(await resolver('localhost'), ['127.0.0.1', '::1']);
    await assert.rejects(resolver('nowhere.example.net'), (e: unknown) => {
      assert.ok(e instanceof ResolutionError);
      assert.equal(e.resolution.kind, 'failed');
      return true;
    });
  });

  it('can be told apart from a plain resolver', () => {
    assert.equal(isGuardedResolver(createResolver({ lookup: fakeResolver() })), true);
    assert.equal(isGuardedResolver(fakeResolver()), false);
  });

  it('clear() empties the cache', async () => {
    const resolver = createResolver({ lookup: fakeResolver() });
    await resolver.resolve('example.com');
    resolver.clear();
    assert.equal(resolver.size, 0);
  });

  it('the default lookup (the OS resolver) reads a numeric host without any query', async () => {
    // A literal address never leaves getaddrinfo, so this sends no traffic anywhere.
    const resolver = createResolver({ timeoutMs: 3000 });
    const r = await resolver.resolve('127.0.0.1');
    assert.deepEqual(r, { kind: 'resolved', addresses: ['127.0.0.1'], cached: false });
  });
});
