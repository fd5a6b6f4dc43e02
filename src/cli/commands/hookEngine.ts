import type { Told } from '../../core/audit/record';
import { appendRecord, openTrail } from '../../core/audit/trail';
import { decideForHook } from '../../core/hooks/decide';
import { snapshotFirst } from '../../core/snapshots/beforeAction';
import type { HookRequest } from '../../core/hooks/types';
import { resultAction, type ResultRequest } from '../../core/hooks/results';
import type { OutputFinding } from '../../core/output/scan';
import type { Verdict } from '../../core/verdict';
import { setupEngine } from '../engineSetup';
import type { CliIo } from '../io';
import { airlockHomeOf, askEditor, realRootOf, type HookDeps } from './hook';

/**
 * The hook's full dependencies: the editor bridge first, else the engine and the audit trail. Kept apart from
 * `hook.ts` so that `dist/hook.js` loads the engine (the bulk of the CLI) only when no editor answers.
 */
export const engineDeps: HookDeps = {
  async decider(roots, flags, io) {
    const { engine } = await setupEngine({ workspace: roots, ...flags }, io);
    return (actions) => decideForHook(actions, { decide: (action) => engine.decide(action) });
  },
  bridge: askEditor,
  record: recordAlone,
  async judgeOutput(roots, flags, io) {
    const { engine } = await setupEngine({ workspace: roots, ...flags }, io);
    return (findings) => engine.judgeOutput(findings);
  },
  recordResult,
};

/** A result with findings lands in the workspace's trail: what produced it, what was found, what the agent was told. */
export async function recordResult(request: ResultRequest, roots: readonly string[], verdict: Verdict, findings: readonly OutputFinding[], told: Told, io: CliIo): Promise<void> {
  const airlockHome = airlockHomeOf(io);
  const root = roots[0];
  if (!airlockHome || root === undefined) return;
  try {
    const trail = openTrail({ airlockHome, workspace: realRootOf(root) });
    await appendRecord(trail, { action: resultAction(request), verdict, told, findings });
  } catch (e) {
    io.stderr.write(`airlock: the checked result could not be recorded in the audit trail: ${e instanceof Error ? e.message : String(e)}\n`);
  }
}

/**
 * Every decision the hook makes alone lands in the workspace's trail (the editor records its own). Returns the
 * verdict to answer with: an allow that rests on the snapshot becomes a question when the snapshot fails.
 */
export async function recordAlone(request: HookRequest, roots: readonly string[], decided: Verdict, io: CliIo, tell?: (verdict: Verdict) => Told): Promise<Verdict> {
  const airlockHome = airlockHomeOf(io);
  const root = roots[0];
  if (!airlockHome || root === undefined) return decided;
  const workspace = realRootOf(root);
  // Snapshot first: what an allowed action is about to change is kept before the agent is told to go ahead.
  const first = snapshotFirst(airlockHome, workspace, request.actions, decided);
  const { verdict, snapshot } = first;
  if (first.error) io.stderr.write(`airlock: no snapshot could be taken before this action: ${first.error}\n`);
  try {
    const trail = openTrail({ airlockHome, workspace });
    const told = tell?.(verdict);
    for (const action of request.actions) await appendRecord(trail, { action, verdict, ...(told ? { told } : {}), ...(snapshot ? { snapshot } : {}) });
  } catch (e) {
    // The answer stands; a trail that cannot be written is reported, not turned into a block of every action.
    io.stderr.write(`airlock: the decision could not be recorded in the audit trail: ${e instanceof Error ? e.message : String(e)}\n`);
  }
  return verdict;
}
