import { minimatch } from 'minimatch';
import { err, ok, type Result } from '../result';
import type { CompiledGlob, GlobCache } from './globCache';
import type { Platform, ResolvedPath } from './resolve';
import { toSlashes } from './resolve';

/**
 * A path glob from a policy: workspace-relative (`src/**`), absolute (`/etc/**`) or home-relative (`~/.ssh/**`).
 * A pattern also covers everything below what it names (`secrets` covers `secrets/a.txt`), as .gitignore does.
 */
export interface PathGlob {
  readonly source: string;
  readonly anchor: 'workspace' | 'absolute';
  /** The specificity of the match, or undefined when the candidate does not match. */
  readonly match: (candidate: string) => number | undefined;
  /** The regular expressions behind `match`, for combining many globs into one quick test. */
  readonly regexes: readonly RegExp[];
}

export interface GlobOptions {
  readonly home: string;
  readonly platform: Platform;
  /** Match regardless of case: protections must hold on case-insensitive filesystems. */
  readonly nocase: boolean;
  /** Compiled globs kept between processes. */
  readonly cache?: GlobCache;
}

/**
 * Globs compiled in this process, by pattern and options: a glob is a pure function of them, and a process that
 * builds engine after engine (the hook server, one per call; the editor, one per policy change) compiles each once.
 */
const compiledGlobs = new Map<string, { readonly glob: Result<PathGlob, string>; readonly cached?: readonly [string, CompiledGlob] }>();
const maxCompiledGlobs = 20_000;

/** Compiles one glob; an invalid pattern is an error naming it, never a rule that silently matches nothing. */
export function compileGlob(source: string, options: GlobOptions): Result<PathGlob, string> {
  const key = `${options.nocase ? 'i' : '-'}${options.platform}\0${options.home}\0${source}`;
  let known = compiledGlobs.get(key);
  if (known === undefined) {
    if (compiledGlobs.size >= maxCompiledGlobs) compiledGlobs.clear();
    let cached: readonly [string, CompiledGlob] | undefined;
    const glob = compileGlobOnce(source, options, (k, v) => (cached = [k, v]));
    known = { glob, ...(cached ? { cached } : {}) };
    compiledGlobs.set(key, known);
  }
  // A cache between processes given now still learns what this process compiled before it was given one.
  if (known.cached && options.cache && !options.cache.get(known.cached[0])) options.cache.set(known.cached[0], known.cached[1]);
  return known.glob;
}

function compileGlobOnce(source: string, options: GlobOptions, compiled: (key: string, value: CompiledGlob) => void): Result<PathGlob, string> {
  if (typeof source !== 'string' || source.trim() === '') return err('a path pattern is empty');
  if (source.includes('\0')) return err(`path pattern '${source}' contains a NUL byte`);
  let pattern = toSlashes(source);
  let anchor: PathGlob['anchor'] = 'workspace';
  if (pattern === '~' || pattern.startsWith('~/')) {
    pattern = toSlashes(options.home).replace(/\/$/, '') + pattern.slice(1);
    anchor = 'absolute';
  } else if (pattern.startsWith('/') || /^[A-Za-z]:\//.test(pattern)) {
    anchor = 'absolute';
  } else if (pattern.startsWith('~')) {
    return err(`path pattern '${source}' names another user's home folder; use '~/…' or an absolute path`);
  } else if (pattern.startsWith('./')) {
    pattern = pattern.slice(2);
  }
  if (pattern.split('/').includes('..')) return err(`path pattern '${source}' contains '..'; write the absolute path instead`);
  pattern = pattern.replace(/\/+$/, '') || '/';
  const unbalanced = unbalancedBrackets(pattern);
  if (unbalanced) return err(`path pattern '${source}' is not a valid glob: ${unbalanced}`);
  const mmOptions = { dot: true, nocase: options.nocase || options.platform === 'win32', nocomment: true, nonegate: true };
  const cacheKey = `${mmOptions.nocase ? 'i' : '-'}${pattern}`;
  const regexes = compiledFromCache(options.cache, cacheKey) ?? compile(pattern, mmOptions, options.cache);
  if (!regexes) return err(`path pattern '${source}' is not a valid glob`);
  const [exact, below] = regexes;
  compiled(cacheKey, [exact.source, exact.flags, below.source, below.flags]);
  const { literal, exact: isLiteral } = specificityOf(pattern);
  return ok({
    source,
    anchor,
    // Naming the path itself beats any glob; covering it as a folder's content counts only the literal text.
    match: (candidate) =>
      exact.test(candidate) ? literal + (isLiteral ? 1_000_000 : 0) : below.test(candidate) ? literal : undefined,
    regexes: [exact, below],
  });
}

type MinimatchOptions = { dot: boolean; nocase: boolean; nocomment: boolean; nonegate: boolean };

function compile(pattern: string, mmOptions: MinimatchOptions, cache: GlobCache | undefined): [RegExp, RegExp] | undefined {
  const exact = minimatch.makeRe(pattern, mmOptions);
  const below = minimatch.makeRe(pattern === '/' ? '/**' : `${pattern}/**`, mmOptions);
  if (exact === false || below === false) return undefined;
  cache?.set(`${mmOptions.nocase ? 'i' : '-'}${pattern}`, [exact.source, exact.flags, below.source, below.flags]);
  return [exact, below];
}

/** A compiled glob from the cache; undefined (compile it) when absent or when its expressions do not compile. */
function compiledFromCache(cache: GlobCache | undefined, key: string): [RegExp, RegExp] | undefined {
  const hit = cache?.get(key);
  if (!hit) return undefined;
  try {
    return [new RegExp(hit[0], hit[1]), new RegExp(hit[2], hit[3])];
  } catch {
    return undefined;
  }
}

/** minimatch treats a lone `[` or `{` as a literal; in a policy that is almost always a typo, so it is an error. */
function unbalancedBrackets(pattern: string): string | undefined {
  let square = 0;
  let curly = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') square++;
    else if (c === ']' && square > 0) square--;
    else if (c === '{') curly++;
    else if (c === '}') {
      if (curly === 0) return "'}' without '{'";
      curly--;
    }
  }
  if (square > 0) return "'[' without ']'";
  if (curly > 0) return "'{' without '}'";
  return undefined;
}

/** More literal text and more literal segments make a pattern more specific; an exact path beats any glob. */
function specificityOf(pattern: string): { literal: number; exact: boolean } {
  const segments = pattern.split('/').filter(Boolean);
  const magic = /[*?[\]{}()!+@]/;
  let literalSegments = 0;
  let literalChars = 0;
  for (const s of segments) {
    if (!magic.test(s)) literalSegments++;
    literalChars += s.replace(/[*?[\]{}()!+@]/g, '').length;
  }
  return { literal: 10 + literalSegments * 1_000 + literalChars, exact: segments.every((s) => !magic.test(s)) };
}

/**
 * How specifically a glob matches a resolved path, or undefined. `lexicalToo` also tests the path as written,
 * before symlinks (protections hold for both names of a file).
 */
export function globMatch(glob: PathGlob, path: ResolvedPath, lexicalToo: boolean): number | undefined {
  if (glob.anchor === 'absolute') {
    const real = glob.match(toSlashes(path.real));
    if (real !== undefined || !lexicalToo || path.lexical === path.real) return real;
    return glob.match(toSlashes(path.lexical));
  }
  let best: number | undefined;
  for (const candidate of workspaceCandidates(path, lexicalToo)) {
    const m = glob.match(candidate);
    if (m !== undefined && (best === undefined || m > best)) best = m;
  }
  return best;
}

/**
 * The workspace-relative names of a path: relative to its innermost root, to outer roots that also contain it (a
 * rule in an outer folder still covers a nested one), and, for protections, as written before symlinks.
 */
function workspaceCandidates(path: ResolvedPath, lexicalToo: boolean): string[] {
  const dot = (p: string) => (p === '' ? '.' : p);
  const out = path.relative === undefined ? [] : [dot(path.relative), ...(path.outerRelatives ?? []).map(dot)];
  if (lexicalToo && path.lexicalRelative !== undefined && path.lexicalRelative !== path.relative) out.push(dot(path.lexicalRelative));
  return out;
}

/**
 * Many globs as one: a single combined expression rejects most paths at once, and only a path it accepts is
 * scored glob by glob. (Built-in rules carry dozens of globs; nearly every path matches none of them.)
 */
export interface GlobSet {
  readonly globs: readonly PathGlob[];
  readonly any: RegExp | undefined;
  readonly hasWorkspaceGlobs: boolean;
  readonly hasAbsoluteGlobs: boolean;
}

/** Combined expressions made in this process, by their source and flags (see compiledGlobs). */
const combined = new Map<string, RegExp>();

export function globSet(globs: readonly PathGlob[]): GlobSet {
  const sources = globs.flatMap((g) => g.regexes.map((r) => `(?:${r.source})`));
  // All globs of a set share their case rule; mixed sets are not combined.
  const flags = new Set(globs.flatMap((g) => g.regexes.map((r) => r.flags)));
  const any = sources.length > 0 && flags.size === 1 ? combinedRegExp(sources.join('|'), [...flags][0] ?? '') : undefined;
  return {
    globs,
    any,
    hasWorkspaceGlobs: globs.some((g) => g.anchor === 'workspace'),
    hasAbsoluteGlobs: globs.some((g) => g.anchor === 'absolute'),
  };
}

function combinedRegExp(source: string, flags: string): RegExp {
  const key = `${flags}/${source}`;
  let re = combined.get(key);
  if (!re) {
    if (combined.size >= 2_000) combined.clear();
    re = new RegExp(source, flags);
    combined.set(key, re);
  }
  return re;
}

/** The best match in a glob set, or undefined. */
export function bestSetMatch(set: GlobSet, path: ResolvedPath, lexicalToo: boolean): number | undefined {
  if (set.any) {
    const candidates: string[] = [];
    if (set.hasAbsoluteGlobs) {
      candidates.push(toSlashes(path.real));
      if (lexicalToo && path.lexical !== path.real) candidates.push(toSlashes(path.lexical));
    }
    if (set.hasWorkspaceGlobs) candidates.push(...workspaceCandidates(path, lexicalToo));
    if (!candidates.some((c) => set.any!.test(c))) return undefined;
  }
  return bestGlobMatch(set.globs, path, lexicalToo);
}

/** The best match among several globs. */
export function bestGlobMatch(globs: readonly PathGlob[], path: ResolvedPath, lexicalToo: boolean): number | undefined {
  let best: number | undefined;
  for (const g of globs) {
    const m = globMatch(g, path, lexicalToo);
    if (m !== undefined && (best === undefined || m > best)) best = m;
  }
  return best;
}
