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
  /** `real` relative to the other, outer workspace roots that also contain it (nested workspace folders). */
  readonly outerRelatives?: readonly string[];
  /** `lexical` relative to the root containing it, for protections that hold for the name as written too. */
  readonly lexicalRelative?: string;
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
  // `..` is applied to the real folder, after links, as the kernel does: keep the path as written for that.
  const written = api.isAbsolute(expanded.value) ? expanded.value : `${base}${api.sep}${expanded.value}`;
  const last = written.split(ctx.platform === 'win32' ? /[\\/]/ : '/').pop() ?? '';
  // A delete or rename acts on the directory entry itself: a symlink is removed, not what it points to. A
  // trailing `/` or `.` names the folder a link points to instead (`rm -r link/` empties the link's target).
  const entry = mode === 'entry' && lexical !== api.parse(lexical).root && last !== '' && last !== '.' && last !== '..';
  const real = entry ? api.join(realPath(written.slice(0, -last.length), ctx), last) : realPath(written, ctx);
  const realRoots = ctx.realRoots ?? ctx.roots.map((r) => realPrefix(api.resolve(r), ctx));
  const root = containing(real, realRoots, ctx.platform);
  // Written inside a root, by the name it was given or by its real one, yet really outside: a link leads out.
  const lexicalRoot = containing(lexical, [...ctx.roots.map((r) => api.resolve(r)), ...realRoots], ctx.platform);
  return ok({
    input: text,
    lexical,
    real,
    root,
    relative: root === undefined ? undefined : toSlashes(api.relative(root, real)),
    outerRelatives: realRoots
      .filter((r) => r !== root && root !== undefined && isInside(real, r, ctx.platform))
      .map((r) => toSlashes(api.relative(r, real))),
    lexicalRelative: lexicalRoot === undefined ? undefined : toSlashes(api.relative(lexicalRoot, lexical)),
    escapes: lexicalRoot !== undefined && root === undefined,
  });
}

/**
 * The real path of an absolute path as written. On POSIX a `..` after a symbolic link climbs from the link's
 * target, not from the link (`link/../x` can land outside the workspace); Windows applies `..` to the text.
 */
export function realPath(written: string, ctx: Pick<PathContext, 'platform' | 'probe'>, depth = 0): string {
  const api = pathApi(ctx.platform);
  const segments = written.split('/');
  if (ctx.platform === 'win32' || !segments.includes('..')) return realPrefix(api.resolve(written), ctx, depth);
  let current = '/';
  // How many trailing names of `current` are known not to exist: below them nothing needs probing.
  let missing = 0;
  for (const segment of segments) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      current = api.dirname(current);
      if (missing > 0) missing--;
      continue;
    }
    const next = api.join(current, segment);
    if (missing > 0) {
      current = next;
      missing++;
      continue;
    }
    const real = ctx.probe.realpath(next);
    if (real !== undefined) {
      current = real;
      continue;
    }
    const target = depth < 40 ? ctx.probe.readlink(next) : undefined;
    current = target === undefined ? next : realPath(api.isAbsolute(target) ? target : `${current}/${target}`, ctx, depth + 1);
    missing = 1;
  }
  return current;
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
      const followed = realPath(api.isAbsolute(target) ? target : `${api.dirname(current)}${api.sep}${target}`, ctx, depth + 1);
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
  // `..x` is a name inside the root; only `..` itself or `../…` leaves it.
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${api.sep}`) && !api.isAbsolute(rel));
}

export function toSlashes(p: string): string {
  return p.replace(/\\/g, '/');
}
