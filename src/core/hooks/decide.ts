import type { Action } from '../actions';
import { strictestVerdict, type Verdict } from '../verdict';
import type { HookRequest } from './types';

/** What deciding a hook's actions needs: the engine alone today, the editor bridge in front of it later. */
export interface HookDeciderDeps {
  decide(action: Action): Promise<Verdict>;
}

/** More actions than this in one tool call are not judged one by one: a person must look. */
export const maxActionsPerCall = 500;

/**
 * Decides every action of one tool call; the strictest verdict wins. A failing decision is a deny, never a gap.
 * This is the single seam the editor bridge replaces: same actions in, one verdict out.
 */
export async function decideForHook(actions: readonly Action[], deps: HookDeciderDeps): Promise<Verdict> {
  if (actions.length === 0) {
    return { decision: 'deny', rule: 'internal.no-action', layer: 'internal', reason: 'The tool call named nothing to decide, so it is denied.', risk: 'high' };
  }
  if (actions.length > maxActionsPerCall) {
    return {
      decision: 'ask',
      rule: 'hook.too-many-targets',
      layer: 'input',
      reason: `The tool call touches ${actions.length} targets, more than Airlock judges one by one (${maxActionsPerCall}).`,
      risk: 'high',
    };
  }
  const verdicts = await Promise.all(
    actions.map((action) =>
      deps.decide(action).catch(
        (e: unknown): Verdict => ({
          decision: 'deny',
          rule: 'internal.error',
          layer: 'internal',
          reason: `Airlock could not decide this action (${e instanceof Error ? e.message : String(e)}), so it is denied.`,
          risk: 'high',
        }),
      ),
    ),
  );
  return strictestVerdict(verdicts);
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
