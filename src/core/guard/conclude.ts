import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Action } from '../actions';
import type { DecidedBy, Told } from '../audit/record';
import { appendRecord, openTrail } from '../audit/trail';
import type { Decider } from '../bridge/protocol';
import type { SubjectOutcome } from '../engine/engine';
import type { Verdict } from '../verdict';
import { realPathOf, type Workspace } from '../workspace';
import type { Judgement, Settlement } from './judge';
import { errorMessage } from '../values';

/** Where a workspace's trail and snapshots are kept. */
export interface GuardPlace {
  readonly airlockHome: string;
  readonly workspace: Workspace;
}

export interface Concluded {
  /** The answer to give: the settlement's, or a question when an allow that rests on the snapshot lost it. */
  readonly verdict: Verdict;
  readonly snapshot?: string;
  /** Why no snapshot could be taken, for the front end's log; the answer already accounts for it. */
  readonly snapshotError?: string;
  /** Why the trail could not be written, for the front end's log; the answer stands. */
  readonly recordError?: string;
}

/**
 * Snapshot first, then record. An allowed action's files (as the engine resolved them: links and `~` followed)
 * are kept before the agent is told to go ahead; an allow by the policy that rests on the snapshot (a folder
 * deleted) becomes a question when the snapshot fails, while a person's or the pause's allow stands. Every action
 * lands in the trail with the policy's verdict, who decided, what the agent was told and the snapshot's id.
 */
export async function conclude(
  at: GuardPlace,
  actions: readonly Action[],
  judgement: Judgement,
  settled: Settlement,
  tell: (verdict: Verdict) => Told | undefined = toldByDefault,
): Promise<Concluded> {
  let verdict = settled.verdict;
  let snapshotChanged = false;
  let snapshot: string | undefined;
  let snapshotError: string | undefined;
  if (verdict.decision === 'allow') {
    const paths = pathsAtRisk(actions, judgement, verdict, at.workspace.realRoot);
    if (paths.length > 0) {
      // The snapshot store is loaded only when there is something to keep.
      const { snapshotFirst } = await import('../snapshots/beforeAction');
      const first = snapshotFirst(at.airlockHome, at.workspace.realRoot, actions, verdict, paths);
      snapshot = first.snapshot;
      snapshotError = first.error;
      // A person who approved the action, or the paused guard, has answered already: their allow stands.
      if (settled.decidedBy.by === 'policy' && first.verdict !== verdict) {
        verdict = first.verdict;
        snapshotChanged = true;
      }
    }
  }
  let recordError: string | undefined;
  try {
    const trail = openTrail({ airlockHome: at.airlockHome, workspace: at.workspace.realRoot });
    const told = tell(verdict);
    // The trail keeps the policy's own verdict (or the snapshot step's question); the final call of a person, the
    // prompt's deadline or the pause is in `decidedBy`, and what the agent heard in `told`.
    const recorded = snapshotChanged ? verdict : judgement.verdict;
    for (const action of actions) {
      await appendRecord(trail, { action, verdict: recorded, decidedBy: settled.decidedBy, ...(told ? { told } : {}), ...(snapshot ? { snapshot } : {}) });
    }
  } catch (e) {
    recordError = errorMessage(e);
  }
  return { verdict, ...(snapshot ? { snapshot } : {}), ...(snapshotError ? { snapshotError } : {}), ...(recordError ? { recordError } : {}) };
}

/** An allow or a deny is what the agent is told; an "ask" is for the front end to word (a prompt of its own, or a deny). */
const toldByDefault = (v: Verdict): Told | undefined => (v.decision === 'ask' ? undefined : v.decision);

/** Who decided, as the trail records it, from the bridge's word for it and the final verdict. */
export function decidedByOf(decider: Decider, final: Verdict, timeoutMs: number): DecidedBy {
  switch (decider.by) {
    case 'user':
      return { by: 'user', decision: final.decision, button: decider.button };
    case 'timeout':
      return { by: 'timeout', decision: final.decision, afterMs: timeoutMs };
    case 'pause':
      return { by: 'pause', decision: final.decision };
    case 'policy':
      return { by: 'policy' };
  }
}

/**
 * The files an allowed action is about to change, by their real paths inside the workspace: the engine's resolved
 * targets of a write, delete or rename (its source and destination), and for a command the paths of its effect
 * preview. Only paths that exist: there is nothing to keep of a file not yet written, and the store keeps
 * workspaces, not the whole machine.
 */
export function pathsAtRisk(actions: readonly Action[], judgement: Judgement, verdict: Verdict, realRoot: string): string[] {
  const out = new Set<string>();
  const inside = (p: string) => p === realRoot || p.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep);
  actions.forEach((a, i) => {
    const explained = judgement.explanations[i];
    const candidates =
      a.kind === 'write' || a.kind === 'delete' || a.kind === 'rename'
        ? (explained?.subjects ?? []).flatMap(targetPaths)
        : a.kind === 'exec'
          ? [...(verdict.effects?.paths ?? []), ...(explained?.verdict.effects?.paths ?? [])]
          : [];
    for (const c of candidates) {
      if (!path.isAbsolute(c)) continue;
      // Where the entry really is (its folder's real path, its own name: a link is kept as a link), so a path
      // written through another name of the workspace is kept and one that only leads out of it is not.
      const parent = path.dirname(c);
      const entry = parent === c ? c : path.join(realPathOf(parent), path.basename(c));
      if (inside(entry) && fs.lstatSync(entry, { throwIfNoEntry: false }) !== undefined) out.add(entry);
    }
  });
  return [...out];
}

const targetPaths = (s: SubjectOutcome): string[] => (s.target?.path !== undefined ? [s.target.path] : []);
