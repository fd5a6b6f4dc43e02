import type { Told } from '../../core/audit/record';
import { appendRecord, openTrail } from '../../core/audit/trail';
import { conclude } from '../../core/guard/conclude';
import { byPolicy, judge } from '../../core/guard/judge';
import type { HookRequest } from '../../core/hooks/types';
import type { ResultRequest } from '../../core/hooks/results';
import type { OutputFinding } from '../../core/output/scan';
import type { Verdict } from '../../core/verdict';
import { workspaceOf } from '../../core/workspace';
import { setupEngine } from '../engineSetup';
import type { CliIo } from '../io';
import type { HookDeps } from './hook';
import { askEditor, hookAirlock } from './hookEditor';
import { errorMessage } from '../../core/values';

/**
 * The hook's full dependencies: the editor bridge first, else the engine and the audit trail. Kept apart from
 * `hook.ts` so that `dist/hook.js` loads the engine (the bulk of the CLI) only when no editor answers.
 */
export const engineDeps: HookDeps = {
  decideAlone,
  bridge: askEditor,
  async judgeOutput(roots, flags, io) {
    const { engine } = await setupEngine({ workspace: roots, ...flags }, io);
    return (findings) => engine.judgeOutput(findings);
  },
  recordResult,
};

/** A result with findings lands in the workspace's trail: what produced it, what was found, what the agent was told. */
export async function recordResult(request: ResultRequest, roots: readonly string[], verdict: Verdict, findings: readonly OutputFinding[], told: Told, io: CliIo): Promise<void> {
  const airlock = hookAirlock(io);
  const root = roots[0];
  if (!airlock || root === undefined) return;
  try {
    const { resultAction } = await import('../../core/hooks/results');
    const trail = openTrail({ airlockHome: airlock.root, workspace: workspaceOf(root).realRoot });
    await appendRecord(trail, { action: resultAction(request), verdict, told, findings });
  } catch (e) {
    io.stderr.write(`airlock: the checked result could not be recorded in the audit trail: ${errorMessage(e)}\n`);
  }
}

/**
 * A request decided without an editor, by the guard pipeline the editor uses too: the policy judges, what an allowed
 * action is about to change is kept first, and every action lands in the workspace's trail. Returns the verdict to
 * answer with: an allow that rests on the snapshot becomes a question when the snapshot fails.
 */
export async function decideAlone(request: HookRequest, roots: readonly string[], flags: { policy?: string; preset?: string }, io: CliIo, tell?: (verdict: Verdict) => Told): Promise<Verdict> {
  const { engine, airlock, globCache } = await setupEngine({ workspace: roots, ...flags }, io, { cacheGlobs: true });
  const judgement = await judge(engine, request.actions);
  globCache?.save();
  const root = roots[0];
  if (root === undefined) return judgement.verdict;
  const done = await conclude({ airlockHome: airlock.root, workspace: workspaceOf(root) }, request.actions, judgement, byPolicy(judgement), tell);
  if (done.snapshotError) io.stderr.write(`airlock: no snapshot could be taken before this action: ${done.snapshotError}\n`);
  // The answer stands; a trail that cannot be written is reported, not turned into a block of every action.
  if (done.recordError) io.stderr.write(`airlock: the decision could not be recorded in the audit trail: ${done.recordError}\n`);
  return done.verdict;
}
