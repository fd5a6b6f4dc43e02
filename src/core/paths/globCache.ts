import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../atomicWrite';

/** A compiled glob: the regular expressions for the path itself and for what lies below it (source and flags). */
export type CompiledGlob = readonly [exactSource: string, exactFlags: string, belowSource: string, belowFlags: string];

/** Where compiled globs may be kept between processes. */
export interface GlobCache {
  get(key: string): CompiledGlob | undefined;
  set(key: string, value: CompiledGlob): void;
}

/** The cache's format and the glob compiler's version: a file written by another is not used. */
const cacheVersion = 'airlock-globs-1/minimatch-10.2.6';
const maxEntries = 5_000;

/**
 * Compiled globs kept in a file in the user's own cache folder, for processes that decide one action and exit (an
 * agent's hook): compiling the built-in rules' globs costs more than the rest of a decision. The file is only
 * read from a folder the user alone can write (checked by the caller, as for Node's compile cache), and only
 * entries of the right shape whose expressions compile are used; anything else is compiled again. Written once,
 * atomically, when the process compiled something new.
 */
export class FileGlobCache implements GlobCache {
  private entries: Map<string, CompiledGlob> | undefined;
  private dirty = false;

  constructor(private readonly file: string) {}

  get(key: string): CompiledGlob | undefined {
    return this.load().get(key);
  }

  set(key: string, value: CompiledGlob): void {
    const entries = this.load();
    if (entries.size >= maxEntries) entries.clear();
    entries.set(key, value);
    this.dirty = true;
  }

  /** Writes the file when something new was compiled; a failure only costs the next process the compile. */
  save(): void {
    if (!this.dirty || !this.entries) return;
    try {
      const body = { version: cacheVersion, entries: Object.fromEntries(this.entries) };
      writeFileAtomic(this.file, JSON.stringify(body), { mode: 0o600, durable: false });
      this.dirty = false;
    } catch {
      // no cache: the next process compiles, as without one
    }
  }

  private load(): Map<string, CompiledGlob> {
    if (this.entries) return this.entries;
    this.entries = new Map();
    try {
      const data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { version?: unknown; entries?: unknown };
      if (data.version !== cacheVersion || typeof data.entries !== 'object' || data.entries === null) return this.entries;
      for (const [key, value] of Object.entries(data.entries as Record<string, unknown>)) {
        if (isCompiled(value)) this.entries.set(key, value);
      }
    } catch {
      // missing or unreadable: start empty
    }
    return this.entries;
  }
}

function isCompiled(v: unknown): v is CompiledGlob {
  return Array.isArray(v) && v.length === 4 && v.every((s) => typeof s === 'string') && /^[imsu]*$/.test(String(v[1])) && /^[imsu]*$/.test(String(v[3]));
}

/** The cache file in a private cache folder. */
export const globCacheFile = (cacheDir: string): string => path.join(cacheDir, 'globs.json');
