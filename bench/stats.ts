import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank percentiles of a sample. */
export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
  return { p50: at(50), p90: at(90), p99: at(99), max: sorted[sorted.length - 1] ?? NaN };
}

/** Writes bench/results/<name>.json (git-ignored) with the machine's description. */
export function writeResult(name: string, data: Record<string, unknown>): void {
  const dir = join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ node: process.version, date: new Date().toISOString(), ...data }, null, 2)}\n`);
  console.log(`wrote ${file}`);
}
