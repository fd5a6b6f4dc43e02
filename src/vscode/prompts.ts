import * as vscode from 'vscode';
import type { Action } from '../core/actions';
import { ApprovalButton, type ApprovalAnswer } from '../core/guard/approval';
import { agentRegistry } from '../core/hooks/registry';
import { agentIds, type AgentId } from '../core/hooks/types';
import type { Effects, Verdict } from '../core/verdict';

export { ApprovalButton, type ApprovalAnswer };

/** The agent's name as the registry spells it (and Try It's sample agent). */
export const agentName = (agent: string): string =>
  agent === 'trial' ? 'Airlock Try It (a sample agent)' : (agentIds as readonly string[]).includes(agent) ? agentRegistry[agent as AgentId].name : agent;

function what(action: Action): string {
  switch (action.kind) {
    case 'exec':
      return 'run a command';
    case 'fetch':
      return 'fetch a URL';
    case 'read':
      return 'read a file';
    case 'write':
      return 'write a file';
    case 'delete':
      return action.recursive ? 'delete a folder and everything in it' : 'delete a file';
    case 'rename':
      return 'move a file';
  }
}

function target(action: Action): string {
  switch (action.kind) {
    case 'exec':
      return `Command: ${action.command ?? ''}${action.cwd ? `\nIn: ${action.cwd}` : ''}`;
    case 'fetch':
      return `URL: ${action.url ?? ''}`;
    case 'rename':
      return `From: ${action.path ?? ''}\nTo: ${action.to ?? ''}`;
    default:
      return `Path: ${action.path ?? ''}`;
  }
}

function effectLines(effects: Effects | undefined): string[] {
  if (!effects) return [];
  const lines: string[] = [];
  const paths = effects.paths ?? [];
  if (paths.length > 0) {
    lines.push(`Would touch ${paths.length} path${paths.length === 1 ? '' : 's'}:`, ...paths.slice(0, 8).map((p) => `  ${p}`));
    if (paths.length > 8) lines.push(`  … and ${paths.length - 8} more`);
  }
  if (effects.fileCount) lines.push(`${effects.fileCount}${effects.truncated ? '+' : ''} file${effects.fileCount === 1 && !effects.truncated ? '' : 's'} inside`);
  for (const h of effects.hosts ?? []) lines.push(`${h.host} resolves to ${h.addresses.join(', ') || 'nothing'}`);
  for (const n of (effects.notes ?? []).slice(0, 6)) lines.push(n);
  return lines;
}

/**
 * The approval prompt: modal, naming the agent, the exact command, path or URL, the rule that asked and why, and
 * what the action would touch. Closing it is a deny; so is no answer within `timeoutMs`.
 */
export async function askApproval(
  agent: string,
  actions: readonly Action[],
  verdict: Verdict,
  options: { readonly timeoutMs: number; readonly canAlways: boolean; readonly signal?: AbortSignal },
): Promise<ApprovalAnswer> {
  const first = actions[0];
  if (!first) return 'closed';
  const message = `Airlock: ${agentName(agent)} wants to ${what(first)}${actions.length > 1 ? ` (and ${actions.length - 1} more)` : ''}`;
  const detail = [
    ...actions.slice(0, 5).map(target),
    '',
    `Rule: ${verdict.rule} (${verdict.layer})`,
    verdict.reason,
    ...effectLines(verdict.effects),
  ].join('\n');
  // Deny comes first: it is the dialog's primary button, so Enter denies too.
  const buttons: string[] = [ApprovalButton.Deny, ApprovalButton.Once, ApprovalButton.Session, ...(options.canAlways ? [ApprovalButton.Always] : [])];
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
    options.signal?.addEventListener('abort', () => resolve('timeout'));
  });
  // A window that cannot show dialogs (as in automated tests) answers `unavailable`: a deny, never a hang.
  const answered = Promise.resolve(vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons)).then(
    (b) => (b ?? 'closed') as ApprovalAnswer,
    () => 'unavailable' as const,
  );
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
