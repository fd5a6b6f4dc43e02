import { lookup } from 'node:dns/promises';
import { describeAddress } from './classify';

/** Every A and AAAA answer for a host name. May throw or hang: callers go through `resolveWithin`. */
export type Resolver = (host: string) => Promise<readonly string[]>;

/** What a lookup came to; never thrown. */
export type Resolution =
  | { readonly kind: 'resolved'; readonly addresses: readonly string[]; readonly cached: boolean }
  | { readonly kind: 'failed'; readonly error: string }
  | { readonly kind: 'timeout'; readonly afterMs: number };

/** A resolver with a deadline and a cache; callable as a plain Resolver (rejecting on failure) too. */
export interface GuardedResolver extends Resolver {
  /** Resolves within the deadline, from the cache when fresh. Never rejects. */
  resolve(host: string): Promise<Resolution>;
  readonly timeoutMs: number;
  /** Entries now held. */
  readonly size: number;
  clear(): void;
}

export interface ResolverOptions {
  /** The lookup to guard; defaults to the operating system's resolver (getaddrinfo, so /etc/hosts counts). */
  readonly lookup?: Resolver;
  readonly timeoutMs?: number;
  /** How long answers stay cached. Short, so a changed record is seen soon. */
  readonly ttlMs?: number;
  /** How long failures stay cached, so a dead name does not cost a full timeout on every call. */
  readonly negativeTtlMs?: number;
  readonly maxEntries?: number;
  /** Milliseconds, monotonic or wall clock; only differences are used. */
  readonly clock?: () => number;
}

/** The operating system's resolver: every answer, in the order the system gives them. */
export const systemLookup: Resolver = async (host) => {
  const answers = await lookup(host, { all: true, verbatim: true });
  return answers.map((a) => a.address);
};

/** The error a GuardedResolver rejects with when called as a plain Resolver. */
export class ResolutionError extends Error {
  constructor(readonly resolution: Exclude<Resolution, { kind: 'resolved' }>) {
    super(resolution.kind === 'timeout' ? `DNS lookup timed out after ${resolution.afterMs} ms` : resolution.error);
    this.name = 'ResolutionError';
  }
}

/** Canonical, de-duplicated answers; text that is not an address is kept as-is so it classifies as reserved. */
function normalise(answers: readonly string[]): string[] {
  return [...new Set(answers.map((a) => describeAddress(a)?.address ?? a))];
}

const describeError = (e: unknown): string => {
  if (e instanceof Error) return 'code' in e && typeof e.code === 'string' ? `${e.code}: ${e.message}` : e.message;
  return String(e);
};

/**
 * Runs any resolver under a deadline and turns every outcome into a Resolution: a throw, a rejection, a non-array
 * or an empty answer is `failed`, a hang is `timeout`. The abandoned lookup is left to finish on its own.
 */
export function resolveWithin(resolver: Resolver, host: string, timeoutMs: number): Promise<Resolution> {
  return new Promise<Resolution>((settle) => {
    let done = false;
    const finish = (r: Resolution): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      settle(r);
    };
    // Not unref'd: a process waiting on a hung lookup must live until the deadline gives its verdict.
    const timer = setTimeout(() => finish({ kind: 'timeout', afterMs: timeoutMs }), timeoutMs);
    let pending: Promise<readonly string[]>;
    try {
      pending = Promise.resolve(resolver(host));
    } catch (e) {
      finish({ kind: 'failed', error: describeError(e) });
      return;
    }
    pending.then(
      (answers) => {
        if (!Array.isArray(answers) || answers.some((a) => typeof a !== 'string')) {
          finish({ kind: 'failed', error: 'the resolver returned something other than a list of addresses' });
        } else if (answers.length === 0) {
          finish({ kind: 'failed', error: 'no addresses' });
        } else {
          finish({ kind: 'resolved', addresses: normalise(answers), cached: false });
        }
      },
      (e: unknown) => finish({ kind: 'failed', error: describeError(e) }),
    );
  });
}

interface Entry {
  readonly expires: number;
  readonly resolution: Resolution;
}

/** A resolver with a deadline, a small TTL cache (least recently used goes first) and one lookup per name in flight. */
export function createResolver(options: ResolverOptions = {}): GuardedResolver {
  const lookupFn = options.lookup ?? systemLookup;
  const timeoutMs = options.timeoutMs ?? 1500;
  const ttlMs = options.ttlMs ?? 30_000;
  const negativeTtlMs = options.negativeTtlMs ?? 5_000;
  const maxEntries = Math.max(1, options.maxEntries ?? 1000);
  const clock = options.clock ?? Date.now;
  const cache = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<Resolution>>();

  const remember = (key: string, resolution: Resolution): void => {
    const ttl = resolution.kind === 'resolved' ? ttlMs : negativeTtlMs;
    if (ttl <= 0) return;
    cache.delete(key);
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(key, { expires: clock() + ttl, resolution });
  };

  const resolve = (host: string): Promise<Resolution> => {
    const key = host.toLowerCase();
    const hit = cache.get(key);
    if (hit) {
      if (clock() < hit.expires) {
        cache.delete(key);
        cache.set(key, hit);
        return Promise.resolve(hit.resolution.kind === 'resolved' ? { ...hit.resolution, cached: true } : hit.resolution);
      }
      cache.delete(key);
    }
    const running = inFlight.get(key);
    if (running) return running;
    const started = resolveWithin(lookupFn, key, timeoutMs).then((r) => {
      inFlight.delete(key);
      remember(key, r);
      return r;
    });
    inFlight.set(key, started);
    return started;
  };

  const callable = (async (host: string) => {
    const r = await resolve(host);
    if (r.kind !== 'resolved') throw new ResolutionError(r);
    return r.addresses;
  }) as GuardedResolver;
  return Object.defineProperties(callable, {
    resolve: { value: resolve },
    timeoutMs: { value: timeoutMs },
    size: { get: () => cache.size },
    clear: { value: () => cache.clear() },
  });
}

/** True for resolvers made by createResolver, which bring their own deadline and cache. */
export const isGuardedResolver = (r: Resolver): r is GuardedResolver =>
  typeof (r as Partial<GuardedResolver>).resolve === 'function';
