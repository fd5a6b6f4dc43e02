import * as vscode from 'vscode';
import { CommandId } from '../shared/commandIds';
import { Disposable } from './disposable';
import type { AgentHookStatus } from '../core/hooks/install';
import type { AgentHooks } from './commands/agentHooks';
import type { GuardMode, GuardState } from './guardState';

/** The status-bar item that shows whether the guard is armed and toggles it on click. */
export class GuardStatusBar extends Disposable {
  private readonly item = this.register(
    vscode.window.createStatusBarItem('airlock.guard', vscode.StatusBarAlignment.Left, 100),
  );

  constructor(
    private readonly state: GuardState,
    private readonly hooks: AgentHooks,
  ) {
    super();
    this.item.name = 'Airlock Guard';
    this.item.command = CommandId.ToggleGuard;
    this.render();
    this.register(state.onDidChange(() => this.render()));
    this.register(hooks.onDidChange(() => this.render()));
    this.item.show();
  }

  private render(): void {
    const mode: GuardMode = this.state.mode;
    if (mode === 'armed') {
      this.item.text = '$(shield) Airlock: Armed';
      this.item.tooltip = tooltip('Airlock is guarding agent actions. Click to pause.', this.hooks.statuses);
      this.item.backgroundColor = undefined;
    } else {
      this.item.text = '$(debug-pause) Airlock: Paused';
      this.item.tooltip = tooltip('Airlock is paused: agent hooks get only the built-in floor, nothing is asked. Click to resume.', this.hooks.statuses);
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    }
    this.item.accessibilityInformation = { label: `Airlock guard ${mode}` };
  }
}

/** Which agents Airlock's hook protects, e.g. "Protected agents: Claude Code, Cursor" or "none yet". */
export function protectedAgentsLine(statuses: readonly AgentHookStatus[]): string {
  const names = statuses.filter((s) => s.protected).map((s) => (s.state === 'installed' ? `${s.name} (no call seen yet)` : s.name));
  const outdated = statuses.filter((s) => s.state === 'outdated').map((s) => s.name);
  const warn = (state: AgentHookStatus['state'], what: string): string => {
    const list = statuses.filter((s) => s.state === state).map((s) => `${s.name} (${s.problem ?? state})`);
    return list.length > 0 ? `. $(warning) ${what}: ${list.join('; ')}` : '';
  };
  return (
    `Protected agents: ${names.length > 0 ? names.join(', ') : 'none yet'}${outdated.length > 0 ? ` (outdated hook: ${outdated.join(', ')})` : ''}` +
    warn('would-not-start', 'Hook would not start, so the agent is not protected') +
    warn('not-yet-active', 'Hook installed but not yet active') +
    warn('disabled', 'Hook turned off by the agent') +
    warn('silent', 'Agent working without calling Airlock')
  );
}

/** The item's tooltip: what a click does, which agents are protected, and links (the only commands it may run). */
function tooltip(text: string, statuses: readonly AgentHookStatus[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString(
    `${text}\n\n${protectedAgentsLine(statuses)}\n\n` +
      `[$(list-flat) Show Audit Panel](command:${CommandId.ShowAuditPanel}) · [$(shield) Protect Agents…](command:${CommandId.ProtectAgents})`,
    true,
  );
  md.isTrusted = { enabledCommands: [CommandId.ShowAuditPanel, CommandId.ProtectAgents] };
  return md;
}
