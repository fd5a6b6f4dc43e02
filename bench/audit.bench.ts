// Audit trail: append throughput and latency, one process and four at once (durable = fsync per append, as the
// hooks and the extension write; fast = no fsync), then reading + verifying and rendering the HTML report.
// Run: npm run bench -- audit   (or: node esbuild.js --bench && node out/bench/audit.bench.js)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DecisionInput } from '../src/core/audit/record';
import { redactText } from '../src/core/audit/redact';
import { renderReport } from '../src/core/audit/report';
import { appendRecord, openTrail, readTrail } from '../src/core/audit/trail';
import { percentiles, writeResult } from './stats';

type Mode = 'durable' | 'fast';

/** A realistic record: a shell command with a path, decided by a preset rule, with a DNS answer now and then. */
function input(worker: string, i: number): DecisionInput {
  return {
    action: {
      kind: 'exec',
      command: `npm run test -- --grep "case ${i}" && git -C /work/project status --short src/module${i % 50}/index.ts`,
      cwd: '/work/project',
      source: { agent: worker, channel: 'hook', session: 'bench' },
    },
    verdict: {
      decision: i % 10 === 0 ? 'ask' : 'allow',
      rule: i % 10 === 0 ? 'preset.network-unresolved' : 'preset.read-only',
      layer: 'preset',
      reason: 'The command only reads files in the workspace.',
      risk: 'low',
      ...(i % 10 === 0 ? { effects: { hosts: [{ host: 'registry.npmjs.org', addresses: ['104.16.2.35', '104.16.3.35'] }] } } : {}),
    },
  };
}

/** Appends `count` records and returns each append's latency in µs. */
async function appendMany(airlockHome: string, workspace: string, worker: string, count: number, mode: Mode): Promise<number[]> {
  const trail = openTrail({ airlockHome, workspace, durable: mode === 'durable', lock: { timeoutMs: 120_000 } });
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = process.hrtime.bigint();
    await appendRecord(trail, input(worker, i));
    times.push(Number(process.hrtime.bigint() - t0) / 1_000);
  }
  return times;
}

function runWorker(args: string[]): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename, 'worker', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`worker exited ${code}`))));
  });
}

interface Figures {
  readonly processes: number;
  readonly records: number;
  readonly recordsPerSecond: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
}

async function measure(base: string, name: string, processes: number, each: number, mode: Mode): Promise<Figures> {
  const home = join(base, name);
  const ws = join(base, `${name}-ws`);
  mkdirSync(ws, { recursive: true });
  const started = process.hrtime.bigint();
  const all =
    processes === 1
      ? await appendMany(home, ws, 'agent-0', each, mode)
      : (await Promise.all(Array.from({ length: processes }, (_, p) => runWorker([home, ws, `agent-${p}`, String(each), mode])))).flat();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const contents = await readTrail(openTrail({ airlockHome: home, workspace: ws }));
  if (!contents.verification.ok || contents.records.length !== processes * each) throw new Error(`${name}: the trail is not intact`);
  const p = percentiles(all);
  const figures = { processes, records: all.length, recordsPerSecond: Math.round(all.length / seconds), p50Us: Math.round(p.p50), p99Us: Math.round(p.p99), maxUs: Math.round(p.max) };
  console.log(
    `${name.padEnd(20)} ${String(processes)} proc  ${figures.records.toLocaleString('en-US').padStart(6)} records  ` +
      `${figures.recordsPerSecond.toLocaleString('en-US').padStart(6)} records/s  p50 ${(p.p50 / 1000).toFixed(2)} ms  p99 ${(p.p99 / 1000).toFixed(2)} ms  max ${(p.max / 1000).toFixed(1)} ms`,
  );
  return figures;
}

async function main(): Promise<void> {
  const base = mkdtempSync(join(tmpdir(), 'airlock-bench-audit-'));
  try {
    const results: Record<string, unknown> = {};
    results.singleDurable = await measure(base, 'single-durable', 1, 2_000, 'durable');
    results.singleFast = await measure(base, 'single-fast', 1, 10_000, 'fast');
    results.fourDurable = await measure(base, 'four-durable', 4, 1_000, 'durable');
    results.fourFast = await measure(base, 'four-fast', 4, 5_000, 'fast');

    // Reading and verifying 20,000 records, and rendering them as the HTML report.
    const home = join(base, 'four-fast');
    const trail = openTrail({ airlockHome: home, workspace: join(base, 'four-fast-ws') });
    let t0 = process.hrtime.bigint();
    const contents = await readTrail(trail);
    const readMs = Number(process.hrtime.bigint() - t0) / 1e6;
    t0 = process.hrtime.bigint();
    const html = renderReport({ ...contents, policy: { preset: 'balanced', files: [] }, generatedAt: Date.now(), version: 'bench' });
    const renderMs = Number(process.hrtime.bigint() - t0) / 1e6;
    results.readVerify = { records: contents.records.length, ms: Math.round(readMs), recordsPerSecond: Math.round(contents.records.length / (readMs / 1000)) };
    results.report = { records: contents.records.length, ms: Math.round(renderMs), bytes: html.length };
    console.log(`read + verify        ${contents.records.length.toLocaleString('en-US')} records in ${readMs.toFixed(0)} ms`);
    console.log(`HTML report          ${contents.records.length.toLocaleString('en-US')} records in ${renderMs.toFixed(0)} ms, ${(html.length / 1e6).toFixed(1)} MB`);
    // Redaction of crafted 64 KiB strings (the longest it is given): the shapes that made unbounded patterns slow.
    const n = 64 * 1024;
    const shapes: Record<string, string> = {
      'word runs': 'a.'.repeat(n / 2),
      'secret names': 'token'.repeat(n / 5),
      'repeated mysql': 'mysql '.repeat(n / 6),
      'repeated curl': 'curl '.repeat(n / 5),
      'flag runs': '--token-'.repeat(n / 8),
      'JWT prefixes': 'eyJ'.repeat(n / 3),
      'ordinary command': `git commit -m "${'fix the parser; '.repeat(n / 16)}"`,
    };
    const redaction: Record<string, number> = {};
    for (const [name, text] of Object.entries(shapes)) {
      const t = process.hrtime.bigint();
      redactText(text);
      redaction[name] = Math.round(Number(process.hrtime.bigint() - t) / 1e4) / 100;
      console.log(`redact 64 KiB       ${name.padEnd(18)} ${redaction[name]} ms`);
    }
    results.redaction64KiB = redaction;
    writeResult('audit', { results });
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'worker') {
  const [home, ws, worker, count, mode] = process.argv.slice(3);
  appendMany(home ?? '', ws ?? '', worker ?? 'w', Number(count), mode === 'fast' ? 'fast' : 'durable').then(
    (times) => process.stdout.write(JSON.stringify(times)),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
} else {
  void main();
}
