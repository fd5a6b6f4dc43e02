import * as path from 'node:path';
import type { PathProbe } from '../../../../src/core/paths/resolve';

/** A POSIX filesystem held in memory: what exists, and which entries are symbolic links (to what). */
export interface VirtualTree {
  /** Existing files and folders; their ancestors exist too. */
  readonly entries: readonly string[];
  /** Link path → target as written (absolute, or relative to the link's folder). */
  readonly links: Readonly<Record<string, string>>;
}

/**
 * A path probe over a VirtualTree, resolving as the kernel does (component by component, links followed,
 * a bounded number of hops). Lets tests place links in system folders without touching the real filesystem.
 */
export function virtualProbe(tree: VirtualTree): PathProbe {
  const exists = new Set<string>(['/']);
  for (const e of tree.entries) {
    for (let p = e; p !== '/'; p = path.posix.dirname(p)) exists.add(p);
  }
  const links = new Map(Object.entries(tree.links));

  const realpath = (p: string, hops = 0): string | undefined => {
    if (hops > 40) return undefined;
    let current = '/';
    for (const segment of p.split('/').filter((s) => s !== '' && s !== '.')) {
      if (segment === '..') {
        current = path.posix.dirname(current);
        continue;
      }
      const next = path.posix.join(current, segment);
      const target = links.get(next);
      if (target !== undefined) {
        const followed = realpath(path.posix.resolve(current, target), hops + 1);
        if (followed === undefined) return undefined;
        current = followed;
      } else if (exists.has(next)) {
        current = next;
      } else {
        return undefined;
      }
    }
    return current;
  };

  return {
    realpath: (p) => realpath(p),
    readlink: (p) => {
      const parent = realpath(path.posix.dirname(p));
      return parent === undefined ? undefined : links.get(path.posix.join(parent, path.posix.basename(p)));
    },
  };
}
