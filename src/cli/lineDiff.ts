/**
 * A unified diff of two texts, line by line, with `context` unchanged lines around each change. Hook files are
 * small; past `maxCells` line pairs the diff is one hunk that replaces every line.
 */
export function unifiedDiff(before: string, after: string, options: { from: string; to: string; context?: number; maxCells?: number }): string {
  const a = splitLines(before);
  const b = splitLines(after);
  const context = options.context ?? 3;
  const ops = (a.length + 1) * (b.length + 1) <= (options.maxCells ?? 4_000_000) ? diffLines(a, b) : [...a.map((l) => del(l)), ...b.map((l) => add(l))];
  if (!ops.some((o) => o.tag !== ' ')) return '';
  const out = [`--- ${options.from}`, `+++ ${options.to}`];
  let i = 0;
  while (i < ops.length) {
    // A hunk: from `context` lines before the next change to `context` lines after the last change near it.
    const firstChange = ops.findIndex((o, k) => k >= i && o.tag !== ' ');
    if (firstChange < 0) break;
    const start = Math.max(i, firstChange - context);
    let end = firstChange;
    for (let k = firstChange; k < ops.length && k <= end + 2 * context; k++) if (ops[k]?.tag !== ' ') end = k;
    const stop = Math.min(ops.length, end + context + 1);
    const hunk = ops.slice(start, stop);
    const aStart = (ops[start]?.a ?? a.length) + 1;
    const bStart = (ops[start]?.b ?? b.length) + 1;
    const aLen = hunk.filter((o) => o.tag !== '+').length;
    const bLen = hunk.filter((o) => o.tag !== '-').length;
    out.push(`@@ -${aLen === 0 ? aStart - 1 : aStart},${aLen} +${bLen === 0 ? bStart - 1 : bStart},${bLen} @@`);
    for (const o of hunk) out.push(`${o.tag}${o.line}`);
    i = stop;
  }
  return `${out.join('\n')}\n`;
}

interface Op {
  readonly tag: ' ' | '-' | '+';
  readonly line: string;
  /** Index of the line in `before` (for ' ' and '-') or where it would be (for '+'). */
  readonly a: number;
  readonly b: number;
}

const del = (line: string): Op => ({ tag: '-', line, a: 0, b: 0 });
const add = (line: string): Op => ({ tag: '+', line, a: 0, b: 0 });

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A longest-common-subsequence diff. */
function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ tag: ' ', line: a[i] ?? '', a: i++, b: j++ });
    } else if (i < n && (j === m || (lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0))) {
      ops.push({ tag: '-', line: a[i] ?? '', a: i++, b: j });
    } else {
      ops.push({ tag: '+', line: b[j] ?? '', a: i, b: j++ });
    }
  }
  return ops;
}
