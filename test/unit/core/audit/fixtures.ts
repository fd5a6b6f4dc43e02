import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Action } from '../../../../src/core/actions';
import type { DecisionInput } from '../../../../src/core/audit/record';
import { openTrail, type Trail, type TrailOptions } from '../../../../src/core/audit/trail';
import type { Verdict } from '../../../../src/core/verdict';

/** A fresh folder with a home, an Airlock store and a workspace; only it is ever written. */
export interface World {
  readonly base: string;
  readonly home: string;
  readonly airlockHome: string;
  readonly ws: string;
  cleanup(): void;
}

export function makeWorld(prefix = 'airlock-audit-'): World {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  const home = path.join(base, 'home');
  const airlockHome = path.join(home, '.airlock');
  const ws = path.join(base, 'ws');
  fs.mkdirSync(path.join(ws, 'src'), { recursive: true });
  fs.mkdirSync(airlockHome, { recursive: true });
  fs.writeFileSync(path.join(ws, 'src/a.ts'), 'export {};\n');
  return { base, home, airlockHome, ws, cleanup: () => fs.rmSync(base, { recursive: true, force: true }) };
}

/** A clock that starts at a fixed time and ticks one second per call. */
export function tickingClock(start = Date.parse('2026-11-21T10:00:00.000Z'), stepMs = 1000): () => number {
  let t = start - stepMs;
  return () => (t += stepMs);
}

export function worldTrail(w: World, options: Partial<TrailOptions> = {}): Trail {
  return openTrail({ airlockHome: w.airlockHome, workspace: w.ws, clock: tickingClock(), durable: false, ...options });
}

let workspaces = 0;
/** A trail for a workspace of its own in the world, so tests do not share records. */
export function freshTrail(w: World, options: Partial<TrailOptions> = {}): Trail {
  const ws = path.join(w.base, `ws-${++workspaces}`);
  fs.mkdirSync(ws);
  return worldTrail({ ...w, ws }, options);
}

const source = { agent: 'claude-code', channel: 'hook', session: 's-1' };

export const allowVerdict: Verdict = { decision: 'allow', rule: 'preset.workspace-write', layer: 'preset', reason: 'Writes inside the workspace are allowed.', risk: 'low' };
export const askVerdict: Verdict = { decision: 'ask', rule: 'preset.rm-recursive', layer: 'preset', reason: 'Recursive deletes are asked.', risk: 'high' };
export const denyVerdict: Verdict = { decision: 'deny', rule: 'floor.cloud-metadata', layer: 'floor', reason: 'Cloud metadata endpoints are never reachable.', risk: 'critical' };

/** A varied, realistic sequence of inputs: the i-th is deterministic. */
export function sampleInput(i: number): DecisionInput {
  const actions: Action[] = [
    { kind: 'write', path: `src/file${i}.ts`, source },
    { kind: 'exec', command: `rm -rf build${i}`, cwd: '/work/ws', source: { agent: 'copilot', channel: 'hook' } },
    { kind: 'fetch', url: 'http://169.254.169.254/latest/meta-data/', source: { agent: 'cursor', channel: 'hook' } },
    { kind: 'read', path: 'src/a.ts', source },
    { kind: 'rename', path: 'a.txt', to: 'b.txt', source: { agent: 'cline', channel: 'tool' } },
  ];
  const action = actions[i % actions.length] ?? actions[0]!;
  switch (action.kind) {
    case 'exec':
      return { action, verdict: askVerdict, decidedBy: { by: 'user', decision: i % 2 ? 'deny' : 'allow', button: i % 2 ? 'Deny' : 'Allow once' }, snapshot: `snap-${i}` };
    case 'fetch':
      return {
        action,
        verdict: { ...denyVerdict, effects: { hosts: [{ host: '169.254.169.254', addresses: ['169.254.169.254'] }] } },
        outcome: { status: 'not-run' },
      };
    case 'rename':
      return { action, verdict: askVerdict, decidedBy: { by: 'timeout', decision: 'deny', afterMs: 30_000 } };
    default:
      return { action, verdict: allowVerdict };
  }
}

/** The trail's segment files, oldest first, active last. */
export function segmentFiles(trail: Trail): string[] {
  const names = fs.readdirSync(trail.dir).filter((n) => /^trail-\d+\.jsonl$/.test(n)).sort();
  return [...names, ...(fs.existsSync(path.join(trail.dir, 'trail.jsonl')) ? ['trail.jsonl'] : [])];
}
