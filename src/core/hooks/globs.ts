import * as nodePath from 'node:path';

/**
 * The folder a glob search reads: the pattern's leading segments up to the first one holding a wildcard, taken
 * from `dir` (the tool's search folder, else the working folder) unless the pattern is absolute. The pattern alone
 * can leave the search folder: Claude Code 2.1.197 and Gemini CLI 0.61.0 both list `<home>/notes/*.txt` for that
 * absolute pattern whatever folder they are given, and Gemini CLI lists `../notes/*.txt` from the workspace's parent.
 */
export function globSearchRoot(pattern: string, dir: string | undefined): string {
  const full = nodePath.isAbsolute(pattern) ? pattern : nodePath.join(dir ?? '.', pattern);
  const segments = full.split(/[\\/]/);
  const wild = segments.findIndex((s) => /[*?[{]/.test(s));
  const fixed = (wild === -1 ? segments : segments.slice(0, wild)).join(nodePath.sep);
  if (fixed !== '') return fixed;
  return nodePath.isAbsolute(full) ? nodePath.sep : '.';
}
