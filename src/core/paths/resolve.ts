import * as nodePath from 'node:path';
import { err, ok, type Result } from '../result';

export type Platform = 'posix' | 'win32';

/** The only filesystem access the path guard needs. */
export interface PathProbe {
  /** The real path of an existing path, or undefined. */
  realpath(path: string): string | undefined;
  /** The target of a symbolic link (also a dangling one), or undefined when `path` is not a link. */
  readlink(path: string): string | undefined;
}

export interface PathContext {
  readonly platform: Platform;
  readonly home: string;
  /** Workspace folders, absolute. The first is where relative paths resolve when no cwd is given. */
  readonly roots: readonly string[];
  /** The roots' real paths, when the caller has resolved them once already (they are resolved per call otherwise). */
  readonly realRoots?: readonly string[];
  readonly probe: PathProbe;
}

/** A path after normalisation and symlink resolution. */
export interface ResolvedPath {
  /** As the caller wrote it. */
  readonly input: string;
  /** Absolute and normalised, `~` expanded, symlinks not resolved. */
  readonly lexical: string;
  /** Absolute with symlinks resolved on the longest existing prefix: the file really touched. */
  readonly real: string;
  /** The workspace root (real) that contains `real`, if any. */
  readonly root?: string;
  /** `real` relative to `root`, with `/` separators; '' for the root itself. */
  readonly relative?: string;
  /** True when `lexical` is inside a workspace root but `real` is not: a symlink leads out. */
  readonly escapes: boolean;
}

const pathApi = (platform: Platform) => (platform === 'win32' ? nodePath.win32 : nodePath.posix);

/** Characters no path on either platform can hold, or that only an attack would use. */
const forbidden = /[\0]/;

/**
 * Checks that a string can be a path on the platform. Windows-style paths on a POSIX machine are refused
 * (a drive letter or UNC prefix names nothing here, and guessing its meaning would guess wrong either way).
 */
export function validatePathText(text: string, platform: Platform): Result<string, string> {
  if (typeof text !== 'string' || text.length === 0) return err('the path is empty');
  if (forbidden.test(text)) return err('the path contains a NUL byte');
  if (text.length > 4096) return err('the path is longer than 4096 characters');
  if (platform === 'posix') {
    if (/^[A-Za-z]:([\\/]|$)/.test(text)) return err(`'${text}' is a Windows drive path, which names nothing on this system`);
    if (/^\\\\/.test(text)) return err(`'${text}' is a Windows UNC path, which names nothing on this system`);
  } else if (/[<>"|?*]/.test(text.replace(/^\\\\\?\\/, ''))) {
    return err(`'${text}' contains characters Windows does not allow in paths`);
  }
  return ok(text);
}

/** Expands a leading `~` (only `~` and `~/…`; `~user` is refused as unknowable). */
export function expandHome(text: string, home: string, platform: Platform): Result<string, string> {
  if (text === '~') return ok(home);
  if (text.startsWith('~/') || (platform === 'win32' && text.startsWith('~\\'))) {
    return ok(pathApi(platform).join(home, text.slice(2)));
  }
  if (/^~[^/\\]/.test(text)) return err(`'${text}' names another user's home folder, which Airlock cannot resolve`);
  return ok(text);
}

/** Resolves a path against `cwd` (or the first workspace root), then its symlinks, then finds its workspace root. */
export function resolvePath(text: string, ctx: PathContext, cwd?: string, mode: 'follow' | 'entry' = 'follow'): Result<ResolvedPath, string> {
  const api = pathApi(ctx.platform);
  const valid = validatePathText(text, ctx.platform);
  if (!valid.ok) return valid;
  const expanded = expandHome(text, ctx.home, ctx.platform);
  if (!expanded.ok) return expanded;
  let base = cwd ?? ctx.roots[0] ?? ctx.home;
  if (!api.isAbsolute(base)) base = api.resolve(ctx.roots[0] ?? ctx.home, base);
  const lexical = api.resolve(base, expanded.value);
  // A delete or rename acts on the directory entry itself: a symlink is removed, not what it points to.
  const real =
    mode === 'entry' && lexical !== api.parse(lexical).root
      ? api.join(realPrefix(api.dirname(lexical), ctx), api.basename(lexical))
      : realPrefix(lexical, ctx);
  const realRoots = ctx.realRoots ?? ctx.roots.map((r) => realPrefix(api.resolve(r), ctx));
  const root = containing(real, realRoots, ctx.platform);
  const lexicalRoot = containing(lexical, ctx.roots.map((r) => api.resolve(r)), ctx.platform);
  return ok({
    input: text,
    lexical,
    real,
    root,
    relative: root === undefined ? undefined : toSlashes(api.relative(root, real)),
    escapes: lexicalRoot !== undefined && root === undefined,
  });
}

/**
 * The real path of the longest existing prefix, with the rest appended: a link that leads out of the workspace
 * is caught even when the file below it does not exist yet.
 */
export function realPrefix(absolute: string, ctx: Pick<PathContext, 'platform' | 'probe'>, depth = 0): string {
  const api = pathApi(ctx.platform);
  const rest: string[] = [];
  let current = absolute;
  for (;;) {
    const real = ctx.probe.realpath(current);
    if (real !== undefined) return rest.length === 0 ? real : api.join(real, ...rest.reverse());
    // A dangling link still decides where a write lands: follow it (bounded, as the kernel is).
    const target = depth < 40 ? ctx.probe.readlink(current) : undefined;
    if (target !== undefined) {
      const followed = realPrefix(api.resolve(api.dirname(current), target), ctx, depth + 1);
      return rest.length === 0 ? followed : api.join(followed, ...rest.reverse());
    }
    const parent = api.dirname(current);
    if (parent === current) return absolute;
    rest.push(api.basename(current));
    current = parent;
  }
}

/** The innermost root containing `path` (nested workspace folders pick the deepest). */
export function containing(path: string, roots: readonly string[], platform: Platform): string | undefined {
  let best: string | undefined;
  for (const root of roots) {
    if (isInside(path, root, platform) && (best === undefined || root.length > best.length)) best = root;
  }
  return best;
}

export function isInside(path: string, root: string, platform: Platform): boolean {
  const api = pathApi(platform);
  const fold = (p: string) => (platform === 'win32' ? p.toLowerCase() : p);
  const rel = api.relative(fold(root), fold(path));
  return rel === '' || (!rel.startsWith('..') && !api.isAbsolute(rel));
}

export function toSlashes(p: string): string {
  return p.replace(/\\/g, '/');
}
