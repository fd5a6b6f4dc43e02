// Evaluation of the shell guard on generated corpora (bench/evalCorpus.ts): every catalog form and every family
// template, spelled with every quoting style and under every wrapper, decided by the whole engine (shell
// analysis, path guard, network guard) in the balanced preset. Reports, per category, how many destructive
// forms were blocked (asked or denied) and how many benign forms were allowed.
// Run: npm run eval   (or: npm run bench -- eval). Writes bench/results/eval.json. Nothing is executed, and the
// network guard's resolver is a table: no name is looked up and no address is contacted.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../src/core/engine/engine';
import { nodeEffectFs, nodeGitRunner } from '../src/core/engine/nodeDeps';
import { nodeProbe } from '../src/core/paths/nodeProbe';
import type { Preset } from '../src/core/policy/types';
import { loadShellParser } from '../src/core/shell/parse';
import { generateCorpus, type EvalCase } from './evalCorpus';
import { writeResult } from './stats';

/** The demo-like workspace the corpus's relative paths name. */
function makeWorkspace(base: string): string {
  const ws = join(base, 'ws');
  for (const d of ['src/lib', 'test', 'dist', 'build', 'node_modules/x', 'coverage', '.cache', 'out', 'data', 'fixtures', 'empty']) mkdirSync(join(ws, d), { recursive: true });
  const files: Record<string, string> = {
    'notes.txt': 'notes\n',
    'README.md': '# demo\n',
    'package.json': '{"name":"demo","scripts":{"test":"node --test"}}\n',
    'src/a.ts': 'export const a = 1;\n',
    'src/lib/util.ts': 'export const u = 1;\n',
    'dist/index.js': 'x\n',
    'build/out.o': 'x\n',
    'node_modules/x/index.js': 'x\n',
    'report.txt': 'r\n',
    'jobs.txt': '* * * * * true\n',
    '.env': 'TOKEN=x\n',
  };
  for (const [p, body] of Object.entries(files)) writeFileSync(join(ws, p), body);
  mkdirSync('/tmp/airlock-eval-own', { recursive: true });
  return ws;
}

interface Tally {
  expect: EvalCase['expect'];
  total: number;
  allow: number;
  ask: number;
  deny: number;
  misses: { command: string; rule: string }[];
}

async function main(): Promise<void> {
  const preset = (process.env.EVAL_PRESET ?? 'balanced') as Preset;
  const corpus = generateCorpus({ combos: Number(process.env.EVAL_COMBOS ?? 3) });
  const base = mkdtempSync(join(tmpdir(), 'airlock-eval-'));
  const ws = makeWorkspace(base);
  const home = '/home/dev';
  const engine = new Engine({
    roots: [ws],
    home,
    workspaceTrusted: true,
    probe: nodeProbe,
    resolver: async () => ['93.184.215.14'],
    shell: await loadShellParser(),
    airlockHome: join(base, 'airlock-home'),
    effectFs: nodeEffectFs,
    git: nodeGitRunner,
    env: { HOME: home, USER: 'dev' },
    preset,
  });
  const tallies = new Map<string, Tally>();
  const started = performance.now();
  try {
    for (const c of corpus) {
      const v = await engine.decide({ kind: 'exec', command: c.command, cwd: ws, source: { agent: 'eval', channel: 'eval' } });
      const key = `${c.expect === 'block' ? 'destructive' : 'benign'}\u0000${c.category}`;
      const t = tallies.get(key) ?? { expect: c.expect, total: 0, allow: 0, ask: 0, deny: 0, misses: [] };
      t.total++;
      t[v.decision]++;
      const missed = c.expect === 'block' ? v.decision === 'allow' : v.decision !== 'allow';
      if (missed && t.misses.length < Number(process.env.EVAL_MISSES ?? 8)) t.misses.push({ command: c.command, rule: `${v.decision} ${v.rule}` });
      tallies.set(key, t);
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
  const elapsed = performance.now() - started;

  const rows = [...tallies.entries()].map(([key, t]) => ({ side: key.split('\u0000')[0]!, category: key.split('\u0000')[1]!, ...t }));
  rows.sort((a, b) => a.side.localeCompare(b.side) || a.category.localeCompare(b.category));
  const sum = (side: string, k: 'total' | 'allow' | 'ask' | 'deny') => rows.filter((r) => r.side === side).reduce((n, r) => n + r[k], 0);
  const pct = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 10000) / 100);
  const destructiveAllowed = pct(sum('destructive', 'allow'), sum('destructive', 'total'));
  const benignAllowed = pct(sum('benign', 'allow'), sum('benign', 'total'));

  for (const r of rows) {
    const rate = r.side === 'destructive' ? `blocked ${pct(r.ask + r.deny, r.total)}% (deny ${pct(r.deny, r.total)}%)` : `allowed ${pct(r.allow, r.total)}%`;
    console.log(`${r.side.padEnd(11)} ${r.category.padEnd(48)} ${String(r.total).padStart(6)}  ${rate}`);
    for (const m of r.misses) console.log(`    miss: ${m.rule}: ${JSON.stringify(m.command)}`);
  }
  console.log(`destructive: ${sum('destructive', 'total')} forms, allowed ${destructiveAllowed}% (target 0%)`);
  console.log(`benign: ${sum('benign', 'total')} forms, allowed ${benignAllowed}% (target ≥ 97%)`);
  console.log(`${corpus.length} decisions in ${(elapsed / 1000).toFixed(1)} s (${(elapsed / corpus.length).toFixed(3)} ms each)`);
  writeResult('eval', {
    preset,
    corpus: corpus.length,
    destructive: { total: sum('destructive', 'total'), allowedPercent: destructiveAllowed, targetPercent: 0 },
    benign: { total: sum('benign', 'total'), allowedPercent: benignAllowed, targetPercent: 97 },
    msPerDecision: elapsed / corpus.length,
    categories: rows,
  });
  if (destructiveAllowed > 0 || benignAllowed < 97) process.exitCode = 1;
}

void main();
