import * as vscode from 'vscode';
import { registerGuardCommands } from './commands/guard';
import { registerShowLog } from './commands/showLog';
import { GuardState } from './guardState';
import { PolicyService } from './policyService';
import { GuardStatusBar } from './statusBar';

/** What the extension exports to other extensions and to its integration tests. */
export interface AirlockApi {
  readonly guard: GuardState;
  readonly policy: PolicyService;
}

export function activate(context: vscode.ExtensionContext): AirlockApi {
  const log = vscode.window.createOutputChannel('Airlock', { log: true });
  context.subscriptions.push(log);

  const guard = new GuardState(context.workspaceState, log);
  context.subscriptions.push(guard);
  context.subscriptions.push(new GuardStatusBar(guard));
  const policy = new PolicyService(log);
  context.subscriptions.push(policy);
  context.subscriptions.push(...registerGuardCommands(guard), registerShowLog(log));

  log.info(`Airlock ${context.extension.packageJSON.version as string} activated; guard ${guard.mode}`);
  return { guard, policy };
}

export function deactivate(): void {}
