import * as path from 'node:path';

/**
 * The label of a checkpoint taken for changes seen on disk, naming what changed so that a list of snapshots says
 * which files each holds a version of: "file changes: src/app.ts, README.md and 3 more". Paths are shown relative
 * to the workspace, sorted, at most `shown` of them.
 */
export function changesLabel(root: string, changed: Iterable<string> | undefined, shown = 3): string {
  if (changed === undefined) return 'file changes';
  const names = [...new Set([...changed].map((p) => path.relative(root, p)).filter((r) => r !== '' && !r.startsWith('..') && !path.isAbsolute(r)))]
    .map((r) => r.split(path.sep).join('/'))
    .sort();
  if (names.length === 0) return 'file changes';
  const more = names.length - shown;
  return `file changes: ${names.slice(0, shown).join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}
