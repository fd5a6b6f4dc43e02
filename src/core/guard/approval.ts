import type { Decider } from '../bridge/protocol';
import type { Verdict } from '../verdict';

/** The buttons of the approval prompt, as the person sees them. */
export const ApprovalButton = {
  Once: 'Allow once',
  Session: 'Allow for this session',
  Always: 'Always allow',
  Deny: 'Deny',
} as const;

/** What became of a prompt: a button, the prompt closed, its deadline, or no prompt could be shown. */
export type ApprovalAnswer = (typeof ApprovalButton)[keyof typeof ApprovalButton] | 'closed' | 'timeout' | 'unavailable';

/** The final call after the policy asked, and who made it. */
export interface Answered {
  readonly verdict: Verdict;
  readonly decider: Decider;
}

/**
 * The verdict for each answer to an approval prompt. `always` is the rule an *Always allow* added to the user's
 * policy (undefined when none was offered, or it could not be kept: then the allow holds this once). Every
 * answer that is not an allow, including a prompt that could not be shown, is a deny naming what the policy asked.
 */
export function answerVerdict(answer: ApprovalAnswer, asked: Verdict, always?: { readonly id: string; readonly kept: boolean }): Answered {
  switch (answer) {
    case ApprovalButton.Once:
      return { verdict: approved('approval:once', 'Allowed once by you in the editor', asked), decider: { by: 'user', button: answer } };
    case ApprovalButton.Session:
      return { verdict: approved('approval:session', 'Allowed for this session by you', asked), decider: { by: 'user', button: answer } };
    case ApprovalButton.Always:
      if (!always) break;
      if (!always.kept) {
        return { verdict: approved('approval:once', 'Allowed by you in the editor (the rule could not be kept)', asked), decider: { by: 'user', button: answer } };
      }
      return {
        verdict: { decision: 'allow', rule: `user:${always.id}`, layer: 'user', reason: `Always allowed by you; the policy had asked (${asked.rule}).`, risk: 'low' },
        decider: { by: 'user', button: answer },
      };
    case 'unavailable':
      return {
        verdict: { decision: 'deny', rule: 'approval:unavailable', layer: 'session', reason: `The approval prompt could not be shown in this window; the policy had asked (${asked.rule}: ${asked.reason})`, risk: asked.risk ?? 'medium' },
        decider: { by: 'policy' },
      };
    case 'timeout':
      return {
        verdict: { decision: 'deny', rule: 'approval:timeout', layer: 'session', reason: `Nobody answered the approval prompt in time; the policy had asked (${asked.rule}: ${asked.reason})`, risk: asked.risk ?? 'medium' },
        decider: { by: 'timeout' },
      };
    default:
      break;
  }
  return {
    verdict: { decision: 'deny', rule: 'approval:denied', layer: 'session', reason: `Denied by you in the editor; the policy had asked (${asked.rule}: ${asked.reason})`, risk: asked.risk ?? 'medium' },
    decider: { by: 'user', button: answer === 'closed' ? 'closed the prompt' : ApprovalButton.Deny },
  };
}

/** An action approved for the session earlier is allowed again without a prompt. */
export const approvedForSession = (asked: Verdict): Answered => ({
  verdict: approved('approval:session', 'Allowed for this session by you earlier', asked),
  decider: { by: 'user', button: ApprovalButton.Session },
});

/** A paused guard lets through everything but the floor, with nobody answering. */
export const pausedAnswer: Answered = {
  verdict: { decision: 'allow', rule: 'guard.paused', layer: 'session', reason: 'The Airlock guard is paused in this window; only the floor applies.', risk: 'medium' },
  decider: { by: 'pause' },
};

function approved(rule: string, what: string, asked: Verdict): Verdict {
  return {
    decision: 'allow',
    rule,
    layer: 'session',
    reason: `${what}; the policy had asked (${asked.rule}: ${asked.reason})`,
    risk: asked.risk ?? 'medium',
    ...(asked.effects ? { effects: asked.effects } : {}),
  };
}
