import * as path from 'node:path';
import { isNotFound, type StoreFs } from './storeFs';
import { workspaceId } from '../workspaceId';

/** A workspace folder as the store knows it: its real path and the id its data is filed under. */
export interface WorkspaceRef {
  readonly root: string;
  readonly id: string;
}

/** The first 16 hex digits of the SHA-256 of the folder's real path (the same id the trail and bridge use). */
export const workspaceIdOf = workspaceId;

/**
 * The real path of `abs`: symlinks resolved on the longest prefix that exists, the rest appended. A folder that
 * was deleted whole still maps to the same place (and the same workspace id) as before.
 */
export function canonicalPath(fsx: StoreFs, abs: string): string {
  const missing: string[] = [];
  let at = path.resolve(abs);
  for (;;) {
    try {
      const real = fsx.realpathSync(at);
      return missing.length === 0 ? real : path.join(real, ...missing.reverse());
    } catch (e) {
      if (!isNotFound(e)) throw e;
      const parent = path.dirname(at);
      if (parent === at) return path.resolve(abs);
      missing.push(path.basename(at));
      at = parent;
    }
  }
}

export function workspaceFor(fsx: StoreFs, dir: string): WorkspaceRef {
  const root = canonicalPath(fsx, dir);
  return { root, id: workspaceIdOf(root) };
}

/** The stored form of an absolute path: relative with `/` inside the workspace ('' for the root), else absolute. */
export function storedPathFor(root: string, abs: string): string {
  const rel = path.relative(root, abs);
  if (rel === '') return '';
  if (rel.startsWith('..') || path.isAbsolute(rel)) return abs;
  return rel.split(path.sep).join('/');
}

/** The absolute path of a stored path. */
export const absoluteFor = (root: string, stored: string): string =>
  path.isAbsolute(stored) ? stored : stored === '' ? root : path.join(root, ...stored.split('/'));

/** Shown to people: stored paths as they are, the workspace folder itself as `.`. */
export const displayPath = (stored: string): string => (stored === '' ? '.' : stored);
