import type { Action } from '../actions';
import type { DecidedBy } from '../audit/record';
import type { Explanation } from '../engine/engine';
import { strictestVerdict, type Verdict } from '../verdict';
import { errorMessage } from '../values';

/**
 * The guard pipeline that the editor and the command line share: judge the actions by the policy, let the front
 * end settle an "ask" (the editor's prompt, its pause; the CLI leaves it to the agent), then keep what an allowed
 * action is about to change (snapshot first) and record it, with who decided and what the agent was told.
 */

/** What the policy said about a request's actions. */
export interface Judgement {
  /** The strictest of the actions' verdicts: the policy's own answer. */
  readonly verdict: Verdict;
  readonly explanations: readonly Explanation[];
}

/** Anything that explains actions and never throws (the engine, or the editor's policy service around it). */
export interface Explainer {
  explain(action: Action): Promise<Explanation>;
}

/** More actions than this in one request (a tool call, a bridge request) are not judged one by one: a person must look. */
export const maxActionsPerCall = 500;

/**
 * Judges every action of one request; the strictest verdict wins. A request naming nothing is a deny, one naming
 * more than the cap a question, and an action that cannot be decided a deny, never a gap.
 */
export async function judge(explainer: Explainer, actions: readonly Action[]): Promise<Judgement> {
  if (actions.length === 0) {
    return alone({ decision: 'deny', rule: 'internal.no-action', layer: 'internal', reason: 'The tool call named nothing to decide, so it is denied.', risk: 'high' });
  }
  if (actions.length > maxActionsPerCall) {
    return alone({
      decision: 'ask',
      rule: 'hook.too-many-targets',
      layer: 'input',
      reason: `The tool call touches ${actions.length} targets, more than Airlock judges one by one (${maxActionsPerCall}).`,
      risk: 'high',
    });
  }
  const explanations = await Promise.all(
    actions.map((a) =>
      explainer.explain(a).catch(
        (e: unknown): Explanation => ({
          verdict: {
            decision: 'deny',
            rule: 'internal.error',
            layer: 'internal',
            reason: `Airlock could not decide this action (${errorMessage(e)}), so it is denied.`,
            risk: 'high',
          },
          subjects: [],
          precedence: '',
        }),
      ),
    ),
  );
  return { verdict: strictestVerdict(explanations.map((e) => e.verdict)), explanations };
}

const alone = (verdict: Verdict): Judgement => ({ verdict, explanations: [] });

/** The final call, and who made it. */
export interface Settlement {
  readonly verdict: Verdict;
  readonly decidedBy: DecidedBy;
}

/** The policy's verdict stands when nobody else had a say. */
export const byPolicy = (judgement: Judgement): Settlement => ({ verdict: judgement.verdict, decidedBy: { by: 'policy' } });
