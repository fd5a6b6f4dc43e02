import * as vscode from 'vscode';
import type { Action } from '../core/actions';
import type { AirlockPaths } from '../core/airlockPaths';
import { narrowAllowRule } from '../core/approvals/approvals';
import type { BridgeRequest, Decider } from '../core/bridge/protocol';
import { startBridgeServer, type BridgeServer } from '../core/bridge/server';
import type { Explanation } from '../core/engine/engine';
import { answerVerdict, approvedForSession, pausedAnswer, type Answered } from '../core/guard/approval';
import { conclude, decidedByOf } from '../core/guard/conclude';
import { judge, type Judgement } from '../core/guard/judge';
import type { Verdict } from '../core/verdict';
import { realPathOf, workspaceOf } from '../core/workspace';
import type { Approvals } from './approvals';
import { Disposable } from './disposable';
import { firstWorkspaceRoot } from './workspaceRoot';
import type { GuardState } from './guardState';
import type { PolicyService } from './policyService';
import { ApprovalButton, askApproval, agentName } from './prompts';
import { errorMessage } from '../core/values';

/** Time kept back from the hook's own deadline, so the editor's deny arrives before the hook gives up. */
const answerMarginMs = 1_500;

/** What the bridge answers, with who decided. */
export interface BridgeAnswer {
  readonly verdict: Verdict;
  readonly decider: Decider;
  /** The policy's own verdict when a person (or the prompt's deadline) made the final call. */
  readonly policyVerdict?: Verdict;
  /** What the policy said, action by action. */
  readonly judgement: Judgement;
}

/**
 * Serves `airlock hook` processes for this window's workspace folders: decides with the policy, and turns "ask"
 * into the approval prompt. Restarts when the folders change; on dispose, waiting hooks are cut off (and deny).
 */
export class BridgeHost extends Disposable {
  private server: BridgeServer | undefined;
  private starting: Promise<void> | undefined;

  constructor(
    private readonly policy: PolicyService,
    private readonly approvals: Approvals,
    private readonly guard: GuardState,
    private readonly airlock: AirlockPaths,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.restart()));
    this.register({ dispose: () => void this.server?.close() });
    void this.restart();
  }

  /** Resolves once the bridge listens (or failed to); for tests and the status bar. */
  get ready(): Promise<void> {
    return this.starting ?? Promise.resolve();
  }

  get socket(): string | undefined {
    return this.server?.socket;
  }

  private restart(): Promise<void> {
    this.starting = (async () => {
      await this.server?.close();
      this.server = undefined;
      if (this.isDisposed) return;
      const roots = (vscode.workspace.workspaceFolders ?? [])
        .filter((f) => f.uri.scheme === 'file')
        .map((f) => realPathOf(f.uri.fsPath));
      if (roots.length === 0) return;
      const started = await startBridgeServer({
        airlockHome: this.airlock.root,
        roots,
        handler: async (request, signal) => {
          const { verdict, decider, snapshot } = await this.conclude(request, await this.answer(request, signal), roots[0]);
          return { verdict, decider, ...(snapshot ? { snapshot } : {}) };
        },
        log: (m) => this.log.warn(m),
      });
      if (!started.ok) {
        this.log.error(`Agent hooks cannot reach this window: ${started.error}`);
        return;
      }
      this.server = started.value;
      this.log.info(`Agent hooks bridge listening for ${roots.join(', ')}`);
    })();
    return this.starting;
  }

  /**
   * Snapshot first, then record (the pipeline the lone hook uses too): what an allowed action is about to change is
   * kept, and every action lands in the workspace's trail with who decided.
   */
  private async conclude(request: BridgeRequest, answer: BridgeAnswer, root: string | undefined): Promise<BridgeAnswer & { readonly snapshot?: string }> {
    if (root === undefined) return answer;
    const done = await conclude(
      { airlockHome: this.airlock.root, workspace: workspaceOf(root) },
      request.actions,
      answer.judgement,
      { verdict: answer.verdict, decidedBy: decidedByOf(answer.decider, answer.verdict, request.timeoutMs) },
    );
    if (done.snapshotError) this.log.error(`No snapshot could be taken before ${request.actions[0]?.kind ?? 'an action'}: ${done.snapshotError}`);
    if (done.recordError) this.log.error(`The decision could not be recorded in the audit trail: ${done.recordError}`);
    return { ...answer, verdict: done.verdict, ...(done.snapshot ? { snapshot: done.snapshot } : {}) };
  }

  /**
   * Runs sample actions through this window's real pipeline, as a hook's request would: the policy, the prompt on
   * "ask", the snapshot first, the trail (as channel `trial`, so they are told apart). Nothing is executed.
   */
  async trial(tool: string, actions: readonly Action[]): Promise<BridgeAnswer & { readonly snapshot?: string }> {
    const root = firstWorkspaceRoot();
    const request: BridgeRequest = { token: '', id: `trial-${Date.now()}`, type: 'decide', agent: 'trial', tool, actions, timeoutMs: 120_000 };
    return this.conclude(request, await this.answer(request), root);
  }

  /** Decides a hook's request: the policy first, the person when the policy asks. */
  async answer(request: BridgeRequest, signal?: AbortSignal): Promise<BridgeAnswer> {
    const judgement = await judge(this.policy, request.actions);
    const verdict = judgement.verdict;
    // The paused guard or a person had the last word: the trail keeps the policy's own verdict beside theirs.
    const by = (answered: Answered): BridgeAnswer => ({ ...answered, policyVerdict: verdict, judgement });
    if (this.guard.mode === 'paused' && verdict.layer !== 'floor') return by(pausedAnswer);
    if (verdict.decision !== 'ask') return { verdict, decider: { by: 'policy' }, judgement };
    if (request.actions.every((a) => this.approvals.isApprovedForSession(a))) return by(approvedForSession(verdict));
    const always = alwaysRule(request.actions, judgement.explanations);
    const answer = await askApproval(request.agent, request.actions, verdict, {
      timeoutMs: Math.max(1_000, request.timeoutMs - answerMarginMs),
      canAlways: always !== undefined,
      ...(signal ? { signal } : {}),
    });
    this.log.info(`Approval for ${agentName(request.agent)} (${verdict.rule}): ${answer}`);
    if (answer === ApprovalButton.Session) for (const a of request.actions) this.approvals.approveForSession(a, describe(a), request.agent);
    if (answer === ApprovalButton.Always && always) return by(answerVerdict(answer, verdict, { id: always.id, kept: await this.keepAlways(always) }));
    return by(answerVerdict(answer, verdict));
  }

  /** Adds an *Always allow* rule to the user's policy; false (and the person told why) when it cannot be kept. */
  private async keepAlways(always: NonNullable<ReturnType<typeof alwaysRule>>): Promise<boolean> {
    try {
      await this.approvals.addPermanent(always);
    } catch (e) {
      // The person allowed it: this once it goes ahead, and they learn why it will be asked again.
      void vscode.window.showErrorMessage(`Airlock could not keep the rule "${always.id}": ${errorMessage(e)}. The action is allowed this once.`);
      return false;
    }
    await this.policy.reload();
    void vscode.window.showInformationMessage(`Airlock added the rule "${always.id}" to your user policy (${this.airlock.userPolicy}), which hooks deciding without the editor read too: ${JSON.stringify(always)}`);
    return true;
  }
}

function describe(a: Action): string {
  return a.kind === 'exec' ? (a.command ?? '') : a.kind === 'fetch' ? (a.url ?? '') : (a.path ?? '');
}

/** One narrow rule covering the request, when there is exactly one action and such a rule exists. */
function alwaysRule(actions: readonly Action[], explanations: readonly Explanation[]) {
  const [action] = actions;
  const [explanation] = explanations;
  if (actions.length !== 1 || !action || !explanation) return undefined;
  const targets = explanation.subjects.map((s) => s.target).filter((t) => t !== undefined);
  return narrowAllowRule(action, {
    paths: targets.flatMap((t) => (t.path ? [t.path] : [])),
    ...(targets[0]?.host ? { host: targets[0].host } : {}),
    commands: targets.flatMap((t) => (t.argv ? [t.argv] : [])),
  });
}
