/** The part of `fs` that globbing and counting need; the caller passes `node:fs` or a fake. */
export interface EffectFs {
  readdirSync(path: string): string[];
  lstatSync(path: string): { isDirectory(): boolean; isSymbolicLink(): boolean };
  existsSync(path: string): boolean;
}

const hasMagic = (segment: string): boolean => /(^|[^\\])[*?[]/.test(segment);
const unescape = (segment: string): string => segment.replace(/\\(.)/g, '$1');

/** One glob segment as a regular expression, bash style: `*`, `?`, `[...]`, `[!...]`, backslash escapes. */
export function segmentRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i]!;
    if (ch === '\\' && i + 1 < segment.length) re += escapeRe(segment[++i]!);
    else if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else if (ch === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let body = segment.slice(i + 1, close);
        const negate = body.startsWith('!') || body.startsWith('^');
        if (negate) body = body.slice(1);
        re += `[${negate ? '^' : ''}${body.replace(/\\/g, '\\\\').replace(/\]/g, '\\]')}]`;
        i = close;
      }
    } else re += escapeRe(ch);
  }
  return new RegExp(`^${re}$`, 's');
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Expands an absolute glob against the file system, as bash would (dotfiles only for patterns starting with `.`). */
export function expandGlob(pattern: string, fs: EffectFs, cap: number): string[] {
  const segments = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  let current = ['/'];
  for (const segment of segments.slice(1)) {
    const next: string[] = [];
    for (const dir of current) {
      if (!hasMagic(segment)) {
        const p = join(dir, unescape(segment));
        if (fs.existsSync(p)) next.push(p);
        continue;
      }
      let names: string[];
      try {
        names = fs.readdirSync(dir);
      } catch {
        continue;
      }
      const re = segmentRegExp(segment);
      const dotOk = segment.startsWith('.');
      for (const name of names.sort()) {
        if (name.startsWith('.') && !dotOk) continue;
        if (re.test(name)) next.push(join(dir, name));
        if (next.length >= cap) break;
      }
    }
    current = next;
    if (current.length === 0) break;
  }
  return current.slice(0, cap);
}

const join = (dir: string, name: string): string => (dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`);

/** Files below a folder (not following links), up to `cap`. */
export function countFiles(root: string, fs: EffectFs, cap: number): { count: number; truncated: boolean } {
  let count = 0;
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const p = join(dir, name);
      let stat;
      try {
        stat = fs.lstatSync(p);
      } catch {
        continue;
      }
      if (stat.isDirectory() && !stat.isSymbolicLink()) stack.push(p);
      else if (++count >= cap) return { count, truncated: true };
    }
  }
  return { count, truncated: false };
}
