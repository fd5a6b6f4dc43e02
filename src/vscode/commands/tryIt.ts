import * as vscode from 'vscode';
import type { Action, ActionSource } from '../../core/actions';
import { CommandId } from '../../shared/commandIds';
import type { BridgeHost } from '../bridgeHost';
import { firstWorkspaceRoot } from '../workspaceRoot';

/** What a trial's actions come from in the trail: told apart from every real agent. */
export const trialSource: ActionSource = { agent: 'trial', channel: 'trial' };

/** The sample agent actions: a safe command, one Airlock asks about, one it denies, a fetch of a metadata address. */
export function trialActions(root: string): { readonly what: string; readonly tool: string; readonly action: Action }[] {
  return [
    { what: 'a safe command', tool: 'Bash', action: { kind: 'exec', command: 'git status --short', cwd: root, source: trialSource } },
    { what: 'a delete by pattern, which Airlock asks you about', tool: 'Bash', action: { kind: 'exec', command: 'rm -rf build/*', cwd: root, source: trialSource } },
    { what: 'deleting your home folder', tool: 'Bash', action: { kind: 'exec', command: 'rm -rf ~', cwd: root, source: trialSource } },
    { what: "a fetch of the cloud metadata address (it would hand out the machine's credentials)", tool: 'WebFetch', action: { kind: 'fetch', url: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/', source: trialSource } },
  ];
}

/**
 * `Airlock: Try It`: sends the sample actions through this window's real pipeline, one by one, as an agent's hook
 * would: the policy decides, an "ask" is put to you in the real prompt, and each decision lands in the audit trail
 * (channel `trial`). Nothing is run or fetched: Airlock only decides.
 */
export function registerTryIt(bridge: BridgeHost, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.TryIt, async () => {
    const root = firstWorkspaceRoot();
    if (root === undefined) {
      void vscode.window.showWarningMessage('Airlock: open a folder first; Try It records its decisions in that folder\'s audit trail.');
      return [];
    }
    const lines: string[] = [];
    for (const sample of trialActions(root)) {
      const answer = await bridge.trial(sample.tool, [sample.action]);
      const target = sample.action.command ?? sample.action.url ?? '';
      const by = answer.decider.by === 'user' ? `you: ${answer.decider.button}` : answer.decider.by === 'pause' ? 'the paused guard' : answer.decider.by === 'timeout' ? 'no answer in time' : 'the policy';
      lines.push(`${answer.verdict.decision.toUpperCase()} ${target} (${sample.what}; ${answer.verdict.rule}, by ${by})`);
      log.info(`Try It: ${lines.at(-1) ?? ''}`);
    }
    const open = 'Show Audit Panel';
    const picked = await vscode.window.showInformationMessage(`Airlock decided (nothing was run): ${lines.join(' · ')}`, open);
    if (picked === open) await vscode.commands.executeCommand(CommandId.ShowAuditPanel);
    return lines;
  });
}
