import * as fs from 'node:fs';
import * as path from 'node:path';
import { workspaceId } from './workspaceId';

/**
 * A workspace folder as Airlock files it: the folder as given, its real path (links resolved: the trail, the
 * snapshots and the editor's bridge are filed under it) and its id. Built once where a front end learns of the
 * folder, and passed down.
 */
export interface Workspace {
  readonly root: string;
  readonly realRoot: string;
  readonly id: string;
}

/** The real path of a file or folder; the absolute path as given when it does not exist or cannot be read. */
export function realPathOf(p: string): string {
  const abs = path.resolve(p);
  try {
    return fs.realpathSync.native(abs);
  } catch {
    return abs;
  }
}

export function workspaceOf(root: string): Workspace {
  const realRoot = realPathOf(root);
  return { root, realRoot, id: workspaceId(realRoot) };
}
