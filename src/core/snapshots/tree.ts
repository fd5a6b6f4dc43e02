import { isObjectHash } from './objects';

/*
 * A checkpoint is a tree of folder nodes, each an object of the store like a file's content. A node lists its
 * folder's entries sorted by name, each with what restore needs (type, mode, size, content or link target) and what
 * the next checkpoint compares to skip unchanged files without reading them, as git's index does (mtime, ctime,
 * inode). Unchanged folders keep their node, so an incremental checkpoint writes only the nodes on the paths to
 * what changed.
 *
 * Encoded as JSON: `[[name, type, mode, size, mtimeMs, ctimeMs, ino, ref], …]` where type is
 *   f  file      ref = content hash
 *   d  folder    ref = node hash; size and ino hold the bytes and number of files below it (for totals
 *                without a walk)
 *   l  symlink   ref = link target
 *   x  skipped   ref = reason (too-large, unreadable): known to exist, content not kept
 */
export type TreeType = 'f' | 'd' | 'l' | 'x';

export interface TreeEntry {
  readonly name: string;
  readonly type: TreeType;
  readonly mode: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
  readonly ref: string;
}

export type Tree = readonly TreeEntry[];

/** Whether a name can be one path segment: not empty, not `.` or `..`, no slash or NUL. */
export const isSafeName = (name: string): boolean =>
  name.length > 0 && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\0');

export function encodeTree(entries: Tree): Buffer {
  return Buffer.from(JSON.stringify(entries.map((e) => [e.name, e.type, e.mode, e.size, e.mtimeMs, e.ctimeMs, e.ino, e.ref])));
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Reads a tree node, refusing anything a restore could be misled by: unsafe names (`..`, slashes), duplicate or
 * unsorted names, unknown types, malformed hashes. Throws with the reason.
 */
export function decodeTree(data: Buffer): Tree {
  return treeFromJson(JSON.parse(data.toString('utf8')));
}

/** A tree node from its parsed JSON form, with decodeTree's checks. */
export function treeFromJson(raw: unknown): Tree {
  if (!Array.isArray(raw)) throw new Error('a tree node is not a list');
  const out: TreeEntry[] = [];
  let previous: string | undefined;
  for (const item of raw) {
    if (!Array.isArray(item) || item.length !== 8) throw new Error('a tree entry is malformed');
    const [name, type, mode, size, mtimeMs, ctimeMs, ino, ref] = item as unknown[];
    if (typeof name !== 'string' || !isSafeName(name)) throw new Error(`a tree entry has an unsafe name ${JSON.stringify(name)}`);
    if (previous !== undefined && !(previous < name)) throw new Error('tree entries are not sorted or repeat a name');
    previous = name;
    if (type !== 'f' && type !== 'd' && type !== 'l' && type !== 'x') throw new Error(`tree entry ${name} has unknown type`);
    if (!isNum(mode) || !isNum(size) || !isNum(mtimeMs) || !isNum(ctimeMs) || !isNum(ino) || typeof ref !== 'string') {
      throw new Error(`tree entry ${name} is malformed`);
    }
    if ((type === 'f' || type === 'd') && !isObjectHash(ref)) throw new Error(`tree entry ${name} has a malformed hash`);
    out.push({ name, type, mode, size, mtimeMs, ctimeMs, ino, ref });
  }
  return out;
}
