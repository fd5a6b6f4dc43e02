import { minimatch } from 'minimatch';
import { err, ok, type Result } from '../result';

/*
 * What checkpoints leave out, as gitignore-like patterns relative to the workspace folder:
 *   `name/`     a folder with that name anywhere        `name`   a file or folder with that name anywhere
 *   `*.log`     a glob on the name, anywhere            `a/b/**` a glob on the path from the workspace folder
 *   `<cachedir-tag>`  any folder holding a CACHEDIR.TAG file (Rust's target/, many tool caches mark themselves so)
 * The defaults leave out version-control object stores and dependency and build folders: big, and rebuilt by a
 * command. Ignored files such as `.env` are kept: they are what people lose. Nothing reads .gitignore.
 */
export const cacheDirTag = '<cachedir-tag>';

export const defaultExclusions: readonly string[] = [
  // version control object stores (the working files of nested repositories are kept)
  '.git/', '.hg/', '.svn/', '.bzr/', '.jj/', '_darcs/',
  // dependencies
  'node_modules/', 'bower_components/', 'jspm_packages/', '.pnpm-store/', '.venv/', 'venv/', '__pycache__/', '.tox/',
  '.nox/', '.mypy_cache/', '.pytest_cache/', '.ruff_cache/', '.gradle/', 'Pods/', '.dart_tool/', '.terraform/',
  '.stack-work/', 'elm-stuff/',
  // build output and caches
  'dist/', 'out/', 'build/', 'target/', 'coverage/', '.nyc_output/', '.next/', '.nuxt/', '.svelte-kit/', '.output/',
  '.turbo/', '.parcel-cache/', '.angular/', '.expo/', '.vercel/', '.cache/', 'DerivedData/',
  cacheDirTag,
];

export interface Exclusions {
  /** The patterns in force, as recorded in a checkpoint's manifest. */
  readonly patterns: readonly string[];
  readonly cacheDirTag: boolean;
  /** Whether a workspace-relative path (name = its last segment) is left out. */
  excludes(rel: string, name: string, isDir: boolean): boolean;
}

const globChars = /[*?[\]{}!]/;

/** Checks one pattern; the error names it. */
export function checkPattern(p: unknown): Result<string, string> {
  if (typeof p !== 'string' || p.trim() === '') return err('an exclusion pattern is empty');
  if (p === cacheDirTag) return ok(p);
  if (p.includes('\0')) return err(`exclusion pattern '${p}' contains a NUL byte`);
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) return err(`exclusion pattern '${p}' is absolute; write it relative to the workspace folder`);
  if (p.split('/').includes('..')) return err(`exclusion pattern '${p}' contains '..'`);
  if (p.startsWith('!')) return err(`exclusion pattern '${p}' negates; list the default to keep under "include" instead`);
  if (minimatch.makeRe(p.replace(/\/$/, ''), { dot: true }) === false) return err(`exclusion pattern '${p}' is not a valid glob`);
  return ok(p);
}

/** Compiles exclusion patterns into one quick test. Patterns are assumed checked (see checkPattern). */
export function compileExclusions(patterns: readonly string[]): Exclusions {
  const dirNames = new Set<string>();
  const anyNames = new Set<string>();
  // [any entry, folders only], for globs on the name and globs on the path
  const nameRes: [RegExp[], RegExp[]] = [[], []];
  const pathRes: [RegExp[], RegExp[]] = [[], []];
  let tag = false;
  for (const raw of patterns) {
    if (raw === cacheDirTag) {
      tag = true;
      continue;
    }
    const dirOnly = raw.endsWith('/');
    const p = raw.replace(/^\.\//, '').replace(/\/+$/, '');
    const anchored = p.includes('/');
    if (!anchored && !globChars.test(p)) {
      (dirOnly ? dirNames : anyNames).add(p);
      continue;
    }
    const re = minimatch.makeRe(p, { dot: true, nocomment: true, nonegate: true });
    if (re === false) continue;
    (anchored ? pathRes : nameRes)[dirOnly ? 1 : 0].push(re);
  }
  const combine = (res: RegExp[]): RegExp | undefined => (res.length === 0 ? undefined : new RegExp(res.map((r) => `(?:${r.source})`).join('|')));
  const [nameAny, nameDir] = nameRes.map(combine);
  const [pathAny, pathDir] = pathRes.map(combine);
  return {
    patterns: [...patterns],
    cacheDirTag: tag,
    excludes(rel, name, isDir) {
      if (anyNames.has(name) || (isDir && dirNames.has(name))) return true;
      if (nameAny?.test(name) || pathAny?.test(rel)) return true;
      return isDir && (nameDir?.test(name) === true || pathDir?.test(rel) === true);
    },
  };
}

/** The patterns in force: the defaults minus those named in `include`, plus `exclude`. */
export function effectivePatterns(exclude: readonly string[], include: readonly string[]): string[] {
  const lifted = new Set(include.map((p) => p.replace(/\/+$/, '')));
  const base = defaultExclusions.filter((p) => !lifted.has(p.replace(/\/+$/, '')));
  return [...new Set([...base, ...exclude])];
}
