// The network guard's cost per decision: parse + assess + floor + preset default, in-process.
// Scenarios: literal-IP URLs in every encoding, and host names answered from a warm resolver cache (an injected
// lookup, so no DNS is used). Prints p50/p90/p99 and writes bench/results/network.json.
// Build and run: node esbuild.js --bench && node out/bench/network.bench.js
import fs from 'node:fs';
import path from 'node:path';
import { assessUrl } from '../src/core/network/assess';
import { networkFloor } from '../src/core/network/decide';
import { networkDefault } from '../src/core/policy/networkDecisions';
import { createResolver, type Resolver } from '../src/core/network/resolve';

const literalCount = 5_000;
const hostCount = 500;
const iterations = 100_000;
const warmup = 10_000;
const targetP99Us = 50;

/** A small deterministic generator, so every run measures the same inputs. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

const dotted = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
const words = (n: number): string => `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;

const literalForms: readonly ((n: number) => string)[] = [
  (n) => `http://${dotted(n)}/`,
  (n) => `https://${dotted(n)}:8443/api/v1?x=1`,
  (n) => `http://${n}/`,
  (n) => `http://0x${n.toString(16)}/`,
  (n) => `http://0${n.toString(8)}/`,
  (n) => `http://[::ffff:${dotted(n)}]/`,
  (n) => `http://[64:ff9b::${words(n)}]/`,
  (n) => dotted(n),
  (n) => `${dotted(n)}:22`,
  (n) => `root@${dotted(n)}`,
];

/** Literal-IP inputs: addresses drawn from public space and from the non-public ranges, in every form. */
function literalInputs(): string[] {
  const next = lcg(42);
  const bases = [0x0a000000, 0x7f000000, 0xc0a80000, 0xa9fe0000, 0x64400000];
  const inputs: string[] = [];
  for (let i = 0; i < literalCount; i++) {
    const r = next();
    const n = i % 3 === 0 ? ((bases[r % bases.length] as number) | (next() & 0xffff)) >>> 0 : next();
    inputs.push((literalForms[i % literalForms.length] as (n: number) => string)(n));
  }
  return inputs;
}

/** Host-name inputs and the fake DNS behind them: one or two answers each, some non-public. */
function hostInputs(): { inputs: string[]; dns: Map<string, string[]> } {
  const next = lcg(7);
  const dns = new Map<string, string[]>();
  const inputs: string[] = [];
  for (let i = 0; i < hostCount; i++) {
    const host = `svc-${i}.bench.example.com`;
    const answers = [dotted(next())];
    if (i % 4 === 0) answers.push(`2001:db8::${(i + 1).toString(16)}`);
    if (i % 10 === 0) answers.push('10.0.0.5');
    dns.set(host, answers);
    inputs.push(i % 2 === 0 ? `https://${host}/path?q=${i}` : `${host}:443`);
  }
  return { inputs, dns };
}

interface Stats {
  readonly scenario: string;
  readonly inputs: number;
  readonly iterations: number;
  readonly p50Us: number;
  readonly p90Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
  readonly meanUs: number;
  readonly opsPerSec: number;
}

const percentile = (sorted: Float64Array, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;

async function measure(scenario: string, inputs: readonly string[], resolver: Resolver): Promise<Stats> {
  const decide = async (input: string): Promise<void> => {
    const a = await assessUrl(input, resolver);
    if (!networkFloor(a)) networkDefault(a, 'balanced');
  };
  for (let i = 0; i < warmup; i++) await decide(inputs[i % inputs.length] as string);
  const samples = new Float64Array(iterations);
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const input = inputs[i % inputs.length] as string;
    const t0 = process.hrtime.bigint();
    await decide(input);
    samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  const totalUs = Number(process.hrtime.bigint() - started) / 1000;
  samples.sort();
  const round = (x: number): number => Math.round(x * 100) / 100;
  return {
    scenario,
    inputs: inputs.length,
    iterations,
    p50Us: round(percentile(samples, 50)),
    p90Us: round(percentile(samples, 90)),
    p99Us: round(percentile(samples, 99)),
    maxUs: round(samples[samples.length - 1] as number),
    meanUs: round(samples.reduce((s, x) => s + x, 0) / samples.length),
    opsPerSec: Math.round(iterations / (totalUs / 1e6)),
  };
}

async function main(): Promise<void> {
  const literals = literalInputs();
  const { inputs: hosts, dns } = hostInputs();
  const noDns: Resolver = async (host) => {
    throw new Error(`unexpected DNS lookup for ${host}`);
  };
  const cached = createResolver({
    lookup: async (host) => dns.get(host) ?? Promise.reject(new Error('ENOTFOUND')),
    ttlMs: 3_600_000,
    maxEntries: hostCount * 2,
  });
  for (const host of dns.keys()) await cached.resolve(host);

  console.log(`generated ${literals.length} literal-IP inputs, e.g. ${literals.slice(0, 4).join('  ')}`);
  console.log(`generated ${hosts.length} host-name inputs over ${dns.size} cached names, e.g. ${hosts.slice(0, 2).join('  ')}`);

  const results = [await measure('literal-ip', literals, noDns), await measure('cached-hostname', hosts, cached)];
  console.log('');
  console.log('scenario          p50 µs   p90 µs   p99 µs   max µs   mean µs   ops/s');
  for (const r of results) {
    console.log(
      `${r.scenario.padEnd(16)} ${r.p50Us.toFixed(2).padStart(7)} ${r.p90Us.toFixed(2).padStart(8)} ${r.p99Us
        .toFixed(2)
        .padStart(8)} ${r.maxUs.toFixed(0).padStart(8)} ${r.meanUs.toFixed(2).padStart(9)} ${String(r.opsPerSec).padStart(8)}`,
    );
  }
  const pass = results.every((r) => r.p99Us < targetP99Us);
  console.log(`\ntarget p99 < ${targetP99Us} µs: ${pass ? 'met' : 'NOT met'}`);

  const out = path.join('bench', 'results', 'network.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(
    out,
    `${JSON.stringify(
      {
        benchmark: 'network',
        date: new Date().toISOString(),
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        targetP99Us,
        met: pass,
        results,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`wrote ${out}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
