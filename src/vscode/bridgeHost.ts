import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { Action } from '../core/actions';
import { narrowAllowRule } from '../core/approvals/approvals';
import type { BridgeRequest, Decider } from '../core/bridge/protocol';
import { startBridgeServer, type BridgeServer } from '../core/bridge/server';
import type { DecidedBy } from '../core/audit/record';
import { appendRecord, openTrail } from '../core/audit/trail';
import { strictestVerdict, type Explanation } from '../core/engine/engine';
import { snapshotFirst } from '../core/snapshots/beforeAction';
import { airlockHomeFor, userPolicyPath } from '../core/policy/load';
import type { Verdict } from '../core/verdict';
import type { Approvals } from './approvals';
import { Disposable } from './disposable';
import { firstWorkspaceRoot } from './workspaceRoot';
import type { GuardState } from './guardState';
import type { PolicyService } from './policyService';
import { ApprovalButton, askApproval, agentName, type ApprovalAnswer } from './prompts';

/** Time kept back from the hook's own deadline, so the editor's deny arrives before the hook gives up. */
const answerMarginMs = 1_500;

/** What the bridge answers, with who decided. */
export interface BridgeAnswer {
  readonly verdict: Verdict;
  readonly decider: Decider;
  /** The policy's own verdict when a person (or the prompt's deadline) made the final call. */
  readonly policyVerdict?: Verdict;
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
        .map((f) => {
          try {
            return fs.realpathSync.native(f.uri.fsPath);
          } catch {
            return f.uri.fsPath;
          }
        });
      if (roots.length === 0) return;
      const home = process.env.HOME ?? os.homedir();
      const started = await startBridgeServer({
        airlockHome: airlockHomeFor(process.env, home),
        roots,
        handler: async (request, signal) => {
          const { answer, snapshot } = this.snapshotFirst(request, await this.answer(request, signal), roots[0]);
          await this.record(request, answer, roots[0], snapshot);
          return { ...answer, ...(snapshot ? { snapshot } : {}) };
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
   * Before an allowed action changes files, keep them: a targeted snapshot, whose id goes into the trail. An allow
   * that rests on the snapshot (a folder deleted) becomes a question when the snapshot cannot keep it.
   */
  private snapshotFirst(request: BridgeRequest, answer: BridgeAnswer, root: string | undefined): { answer: BridgeAnswer; snapshot?: string } {
    if (root === undefined || answer.verdict.decision !== 'allow') return { answer };
    const first = snapshotFirst(airlockHomeFor(process.env, process.env.HOME ?? os.homedir()), root, request.actions, answer.verdict);
    if (first.error) this.log.error(`No snapshot could be taken before ${request.actions[0]?.kind ?? 'an action'}: ${first.error}`);
    // A person who approved the action has answered already: their allow stands.
    const changed = first.verdict !== answer.verdict && answer.policyVerdict === undefined;
    return { answer: changed ? { ...answer, verdict: first.verdict } : answer, ...(first.snapshot ? { snapshot: first.snapshot } : {}) };
  }

  /** Every hook decision made in this window lands in the workspace's audit trail, with who decided. */
  private async record(request: BridgeRequest, answer: BridgeAnswer, root: string | undefined, snapshot?: string): Promise<void> {
    if (root === undefined) return;
    const home = process.env.HOME ?? os.homedir();
    try {
      const trail = openTrail({ airlockHome: airlockHomeFor(process.env, home), workspace: root });
      const d = answer.decider;
      const decidedBy: DecidedBy =
        d.by === 'user'
          ? { by: 'user', decision: answer.verdict.decision, button: d.button }
          : d.by === 'timeout'
            ? { by: 'timeout', decision: answer.verdict.decision, afterMs: request.timeoutMs }
            : d.by === 'pause'
              ? { by: 'pause', decision: answer.verdict.decision }
              : { by: 'policy' };
      // The hook tells the agent the editor's final allow or deny; an "ask" left to the agent is the hook's to word.
      const told = answer.verdict.decision === 'ask' ? undefined : answer.verdict.decision;
      for (const action of request.actions) {
        await appendRecord(trail, { action, verdict: answer.policyVerdict ?? answer.verdict, decidedBy, ...(told ? { told } : {}), ...(snapshot ? { snapshot } : {}) });
      }
    } catch (e) {
      this.log.error(`The decision could not be recorded in the audit trail: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * Runs sample actions through this window's real pipeline, as a hook's request would: the policy, the prompt on
   * "ask", the snapshot first, the trail (as channel `trial`, so they are told apart). Nothing is executed.
   */
  async trial(tool: string, actions: readonly Action[]): Promise<BridgeAnswer & { readonly snapshot?: string }> {
    const root = firstWorkspaceRoot();
    const request: BridgeRequest = { token: '', id: `trial-${Date.now()}`, type: 'decide', agent: 'trial', tool, actions, timeoutMs: 120_000 };
    const { answer, snapshot } = this.snapshotFirst(request, await this.answer(request), root);
    await this.record(request, answer, root, snapshot);
    return { ...answer, ...(snapshot ? { snapshot } : {}) };
  }

  /** Decides a hook's request: the policy first, the person when the policy asks. */
  async answer(request: BridgeRequest, signal?: AbortSignal): Promise<BridgeAnswer> {
    const explanations = await Promise.all(request.actions.map((a) => this.policy.explain(a)));
    const verdict = strictestVerdict(explanations.map((e) => e.verdict));
    if (this.guard.mode === 'paused' && verdict.layer !== 'floor') {
      return {
        verdict: { decision: 'allow', rule: 'guard.paused', layer: 'session', reason: 'The Airlock guard is paused in this window; only the floor applies.', risk: 'medium' },
        // The paused guard let it through, not a person answering: the trail keeps the policy's own verdict.
        decider: { by: 'pause' },
        policyVerdict: verdict,
      };
    }
    if (verdict.decision !== 'ask') return { verdict, decider: { by: 'policy' } };

    if (request.actions.every((a) => this.approvals.isApprovedForSession(a))) {
      return {
        verdict: approved('approval:session', 'Allowed for this session by you earlier', verdict),
        decider: { by: 'user', button: ApprovalButton.Session },
        policyVerdict: verdict,
      };
    }
    const always = alwaysRule(request.actions, explanations);
    const answer = await askApproval(request.agent, request.actions, verdict, {
      timeoutMs: Math.max(1_000, request.timeoutMs - answerMarginMs),
      canAlways: always !== undefined,
      ...(signal ? { signal } : {}),
    });
    this.log.info(`Approval for ${agentName(request.agent)} (${verdict.rule}): ${answer}`);
    return { ...(await this.settle(answer, request, verdict, always)), policyVerdict: verdict };
  }

  private async settle(answer: ApprovalAnswer, request: BridgeRequest, verdict: Verdict, always: ReturnType<typeof alwaysRule>): Promise<BridgeAnswer> {
    switch (answer) {
      case ApprovalButton.Once:
        return { verdict: approved('approval:once', 'Allowed once by you in the editor', verdict), decider: { by: 'user', button: answer } };
      case ApprovalButton.Session:
        for (const a of request.actions) this.approvals.approveForSession(a, describe(a), request.agent);
        return { verdict: approved('approval:session', 'Allowed for this session by you', verdict), decider: { by: 'user', button: answer } };
      case ApprovalButton.Always: {
        if (!always) break;
        try {
          await this.approvals.addPermanent(always);
        } catch (e) {
          // The person allowed it: this once it goes ahead, and they learn why it will be asked again.
          void vscode.window.showErrorMessage(`Airlock could not keep the rule "${always.id}": ${e instanceof Error ? e.message : String(e)}. The action is allowed this once.`);
          return { verdict: approved('approval:once', 'Allowed by you in the editor (the rule could not be kept)', verdict), decider: { by: 'user', button: answer } };
        }
        await this.policy.reload();
        void vscode.window.showInformationMessage(`Airlock added the rule "${always.id}" to your user policy (${userPolicyPath(airlockHomeFor(process.env, process.env.HOME ?? os.homedir()))}), which hooks deciding without the editor read too: ${JSON.stringify(always)}`);
        return {
          verdict: { decision: 'allow', rule: `user:${always.id}`, layer: 'user', reason: `Always allowed by you; the policy had asked (${verdict.rule}).`, risk: 'low' },
          decider: { by: 'user', button: answer },
        };
      }
      case 'unavailable':
        return {
          verdict: { decision: 'deny', rule: 'approval:unavailable', layer: 'session', reason: `The approval prompt could not be shown in this window; the policy had asked (${verdict.rule}: ${verdict.reason})`, risk: verdict.risk ?? 'medium' },
          decider: { by: 'policy' },
        };
      case 'timeout':
        return {
          verdict: { decision: 'deny', rule: 'approval:timeout', layer: 'session', reason: `Nobody answered the approval prompt in time; the policy had asked (${verdict.rule}: ${verdict.reason})`, risk: verdict.risk ?? 'medium' },
          decider: { by: 'timeout' },
        };
      default:
        break;
    }
    return {
      verdict: { decision: 'deny', rule: 'approval:denied', layer: 'session', reason: `Denied by you in the editor; the policy had asked (${verdict.rule}: ${verdict.reason})`, risk: verdict.risk ?? 'medium' },
      decider: { by: 'user', button: answer === 'closed' ? 'closed the prompt' : ApprovalButton.Deny },
    };
  }
}

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
