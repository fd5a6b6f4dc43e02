// Path decisions with real filesystem resolution, on a generated workspace.
// Run: npm run bench -- engine   (or: node esbuild.js --bench && node out/bench/engine.bench.js)
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Action, ActionKind } from '../src/core/actions';
import { Engine } from '../src/core/engine/engine';
import { nodeEffectFs } from '../src/core/engine/nodeDeps';
import { nodeProbe } from '../src/core/paths/nodeProbe';
import { percentiles, writeResult } from './stats';

const dirs = 40;
const filesPerDir = 50;
const samplesPerKind = 20_000;

function generateWorkspace(base: string): { ws: string; home: string; files: string[] } {
  const ws = join(base, 'ws');
  const home = join(base, 'home');
  mkdirSync(join(home, '.ssh'), { recursive: true });
  const files: string[] = [];
  for (let d = 0; d < dirs; d++) {
    const dir = join('src', `pkg${d % 8}`, `mod${d}`);
    mkdirSync(join(ws, dir), { recursive: true });
    for (let f = 0; f < filesPerDir; f++) {
      const rel = join(dir, `file${f}.ts`);
      writeFileSync(join(ws, rel), `export const v${f} = ${f};\n`);
      files.push(rel);
    }
  }
  mkdirSync(join(ws, '.vscode'), { recursive: true });
  writeFileSync(join(ws, '.env'), 'TOKEN=x\n');
  symlinkSync(join(home, '.ssh'), join(ws, 'ssh-link'));
  return { ws, home, files };
}

/** A realistic mix: existing files, new files in new folders, protected files, `..` escapes, absolute paths. */
function pathFor(i: number, files: readonly string[], ws: string): string {
  const pick = files[(i * 7919) % files.length] ?? 'src/a.ts';
  switch (i % 10) {
    case 0:
      return `src/new${i}/deep/file.ts`;
    case 1:
      return '.vscode/tasks.json';
    case 2:
      return `${pick}/../../../../../etc/hosts`;
    case 3:
      return join(ws, pick);
    case 4:
      return 'ssh-link/id_rsa';
    case 5:
      return '.env';
    default:
      return pick;
  }
}

async function main(): Promise<void> {
  const base = mkdtempSync(join(tmpdir(), 'airlock-bench-engine-'));
  try {
    const { ws, home, files } = generateWorkspace(base);
    const engine = new Engine({
      roots: [ws],
      home,
      workspaceTrusted: true,
      probe: nodeProbe,
      resolver: async () => [],
      airlockHome: join(home, '.airlock'),
      effectFs: nodeEffectFs,
      userPolicy: {
        file: 'bench user policy',
        policy: {
          rules: [
            { id: 'generated', paths: ['src/generated/**'], decision: 'deny' },
            { id: 'docs', paths: ['docs/**', '**/*.md'], decision: 'allow' },
          ],
        },
      },
    });
    const results: Record<string, unknown> = {};
    const kinds: ActionKind[] = ['read', 'write', 'delete', 'rename'];
    for (const kind of kinds) {
      const actions: Action[] = [];
      for (let i = 0; i < samplesPerKind; i++) {
        const path = pathFor(i, files, ws);
        const source = { agent: 'bench', channel: 'bench' };
        actions.push(kind === 'rename' ? { kind, path, to: `${path}.bak`, source } : { kind, path, source });
      }
      for (const a of actions.slice(0, 2_000)) await engine.decide(a); // warm-up
      const times: number[] = [];
      const started = process.hrtime.bigint();
      for (const a of actions) {
        const t0 = process.hrtime.bigint();
        await engine.decide(a);
        times.push(Number(process.hrtime.bigint() - t0) / 1_000);
      }
      const totalSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const p = percentiles(times);
      results[kind] = { ...p, perSecond: Math.round(actions.length / totalSeconds), samples: actions.length };
      console.log(
        `${kind.padEnd(7)} p50 ${p.p50.toFixed(1)} µs  p99 ${p.p99.toFixed(1)} µs  max ${p.max.toFixed(0)} µs  ` +
          `${Math.round(actions.length / totalSeconds).toLocaleString('en-US')} decisions/s`,
      );
    }
    writeResult('engine', { workspaceFiles: files.length, target: 'p99 < 100 µs', results });
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

void main();
