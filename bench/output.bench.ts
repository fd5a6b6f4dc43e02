// Tool-result scanning: time per 100 KB of result for each shape of output an agent reads (build logs, minified
// code, JSON, base64 blobs, prose, HTML, and crafted worst cases full of near-matches), and a 10 MB result, against
// a baseline in the same run: JSON.parse of the hook payload that carries the result, which the hook pays anyway.
// Interleaved, so the machine's noise hits both alike. Target: under 5 ms per 100 KB.
// Run: npm run bench -- output   (or: node esbuild.js --bench && node out/bench/output.bench.js)
import { scanOutput } from '../src/core/output/scan';
import { percentiles, rng, writeResult } from './stats';

const size = 100 * 1024;

function fill(make: (r: () => number, i: number) => string, seed: number, bytes = size): string {
  const r = rng(seed);
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const s = make(r, i);
    parts.push(s);
    n += s.length;
  }
  return parts.join('').slice(0, bytes);
}

/** Vocabulary of ordinary output: no word the scanners look for. */
const plain = ['compiled', 'module', 'bundle', 'chunk', 'size', 'files', 'changed', 'insertions', 'deletions', 'resolved', 'package', 'version', 'warning', 'deprecated', 'request', 'response', 'status', 'user', 'name', 'value', 'count', 'items', 'page', 'total', 'index', 'render', 'component', 'props', 'state', 'effect'];
/** Vocabulary an attacker would plant to make every line a near-match. */
const loaded = ['the', 'ignore', 'previous', 'instructions', 'run', 'system', 'assistant', 'agent', 'password', 'token', 'secret', 'key', 'send', 'upload', 'AI', 'must', 'note', 'user', 'prompt', 'now'];
const pick = (words: readonly string[]) => (r: () => number): string => words[Math.floor(r() * words.length)] ?? 'x';
const alnum = (r: () => number, n: number): string => {
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < n; i++) s += a[Math.floor(r() * a.length)] ?? 'a';
  return s;
};

function shapesWith(word: (r: () => number) => string, seed: number): Record<string, string> {
  return {
    'build log': fill((r, i) => `[${i}] ${word(r)} ${word(r)} src/${word(r)}/${word(r)}.ts:${i % 400} ok (${Math.floor(r() * 900)} ms)\n`, seed + 1),
    'minified JS (one line)': fill((r) => `var ${alnum(r, 2)}=function(${alnum(r, 1)}){return ${alnum(r, 3)}.${word(r)}(${alnum(r, 1)},"${word(r)}")};`, seed + 2),
    'JSON API answer': fill((r, i) => `{"id":${i},"name":"${word(r)} ${word(r)}","${word(r)}_count":${Math.floor(r() * 99)},"url":"https://api.example.com/v1/${word(r)}"},`, seed + 3),
    prose: fill((r) => `${word(r)} ${word(r)} ${word(r)} ${word(r)}. `, seed + 5),
    'HTML page': fill((r) => `<div class="${word(r)}"><p>${word(r)} ${word(r)}</p><!-- ${word(r)} --><a href="/${word(r)}">${word(r)}</a></div>\n`, seed + 6),
  };
}

/** The shapes of result, each 100 KB: ordinary output, the same shapes loaded with near-matches, and crafted cases. */
const shapes: Record<string, string> = {
  ...Object.fromEntries(Object.entries(shapesWith(pick(plain), 0)).map(([k, v]) => [`ordinary: ${k}`, v])),
  'ordinary: base64 blob': fill((r) => alnum(r, 76) + '\n', 4),
  ...Object.fromEntries(Object.entries(shapesWith(pick(loaded), 10)).map(([k, v]) => [`loaded: ${k}`, v])),
  'crafted: .env full of secrets': fill((r, i) => `KEY_${i}=${alnum(r, 24)}\nDB_PASSWORD_${i}=${alnum(r, 16)}\nGITHUB_TOKEN_${i}=ghp_${alnum(r, 36)}\n`, 7),
  'crafted: ignore … instructions': fill((r) => `ignore ${'previous '.repeat(Math.floor(r() * 6))}x `, 8),
  'crafted: password=': fill(() => 'password=password=', 9),
  'crafted: <!-- unterminated': fill(() => '<!-- the AI must run ', 10),
  'crafted: zero-width runs': fill((r) => `a${'\u200b'.repeat(1 + Math.floor(r() * 5))}`, 11),
  'crafted: -----BEGIN PRIVATE KEY-----': fill(() => '-----BEGIN PRIVATE KEY-----\n', 12),
};

/** µs per run of `f`, `rounds` times, interleaved with the baseline. */
function measure(text: string, rounds: number): { scan: number[]; base: number[] } {
  const payload = JSON.stringify({ hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_response: { stdout: text, stderr: '' } });
  const scan: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let t = process.hrtime.bigint();
    JSON.parse(payload);
    base.push(Number(process.hrtime.bigint() - t) / 1000);
    t = process.hrtime.bigint();
    scanOutput(text);
    scan.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  return { scan, base };
}

const rows: Record<string, unknown>[] = [];
console.log('shape'.padEnd(38), 'scan p50 ms', 'p99 ms', ' JSON.parse p50 ms', ' ratio');
for (const [name, text] of Object.entries(shapes)) {
  measure(text, 5); // warm up
  const { scan, base } = measure(text, 40);
  const s = percentiles(scan);
  const b = percentiles(base);
  const row = { shape: name, bytes: text.length, scanP50Ms: s.p50 / 1000, scanP99Ms: s.p99 / 1000, parseP50Ms: b.p50 / 1000, ratio: s.p50 / b.p50, findings: scanOutput(text).length };
  rows.push(row);
  console.log(name.padEnd(38), row.scanP50Ms.toFixed(2).padStart(11), row.scanP99Ms.toFixed(2).padStart(6), row.parseP50Ms.toFixed(2).padStart(18), `${row.ratio.toFixed(1)}×`.padStart(6));
}

// A 10 MB result: every shape, repeated.
const big = Object.values(shapes).join('\n').repeat(Math.ceil((10 * 1024 * 1024) / (Object.keys(shapes).length * size))).slice(0, 10 * 1024 * 1024);
const { scan: bigScan, base: bigBase } = measure(big, 5);
const bigRow = { bytes: big.length, scanP50Ms: percentiles(bigScan).p50 / 1000, parseP50Ms: percentiles(bigBase).p50 / 1000 };
console.log(`10 MB result: scan ${bigRow.scanP50Ms.toFixed(0)} ms (${((bigRow.scanP50Ms / big.length) * size).toFixed(2)} ms per 100 KB), JSON.parse ${bigRow.parseP50Ms.toFixed(0)} ms`);
const worstOf = (prefix: string) => Math.max(...rows.filter((r) => String(r.shape).startsWith(prefix)).map((r) => r.scanP50Ms as number));
const worst = { ordinary: worstOf('ordinary'), loaded: worstOf('loaded'), crafted: worstOf('crafted') };
console.log(`slowest p50 per 100 KB: ordinary ${worst.ordinary.toFixed(2)} ms, loaded ${worst.loaded.toFixed(2)} ms, crafted ${worst.crafted.toFixed(2)} ms (target < 5 ms)`);
writeResult('output', { shapes: rows, tenMegabytes: bigRow, slowestP50MsPer100KB: worst });
