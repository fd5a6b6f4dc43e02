import * as vscode from 'vscode';
import { registerGuardCommands } from './commands/guard';
import { registerShowLog } from './commands/showLog';
import { GuardState } from './guardState';
import { GuardStatusBar } from './statusBar';

/** What the extension exports to other extensions and to its integration tests. */
export interface AirlockApi {
  readonly guard: GuardState;
}

export function activate(context: vscode.ExtensionContext): AirlockApi {
  const log = vscode.window.createOutputChannel('Airlock', { log: true });
  context.subscriptions.push(log);

  const guard = new GuardState(context.workspaceState, log);
  context.subscriptions.push(guard);
  context.subscriptions.push(new GuardStatusBar(guard));
  context.subscriptions.push(...registerGuardCommands(guard), registerShowLog(log));

  log.info(`Airlock ${context.extension.packageJSON.version as string} activated; guard ${guard.mode}`);
  return { guard };
}

export function deactivate(): void {}
