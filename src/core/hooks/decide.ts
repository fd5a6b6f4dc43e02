import type { Action } from '../actions';
import { judge, maxActionsPerCall } from '../guard/judge';
import { strictestVerdict, type Verdict } from '../verdict';
import type { HookRequest } from './types';

/** What deciding a hook's actions needs: the engine alone today, the editor bridge in front of it later. */
export interface HookDeciderDeps {
  decide(action: Action): Promise<Verdict>;
}

export { maxActionsPerCall };

/**
 * Decides every action of one tool call with the guard's `judge` (its caps and its deny on failure): the verdict
 * only, for callers that have no use for the explanations.
 */
export async function decideForHook(actions: readonly Action[], deps: HookDeciderDeps): Promise<Verdict> {
  const explainer = { explain: async (action: Action) => ({ verdict: await deps.decide(action), subjects: [], precedence: '' }) };
  return (await judge(explainer, actions)).verdict;
}

/** The verdict for a whole request: the adapter's own verdicts and the decided actions, strictest first. */
export async function decideRequest(
  request: HookRequest,
  decide: (actions: readonly Action[]) => Promise<Verdict>,
): Promise<Verdict> {
  const verdicts = [...request.verdicts];
  if (request.actions.length > 0 || verdicts.length === 0) verdicts.push(await decide(request.actions));
  return strictestVerdict(verdicts);
}
