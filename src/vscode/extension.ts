import * as os from 'node:os';
import * as vscode from 'vscode';
import { airlockPathsFor } from '../core/airlockPaths';
import { registerGuardCommands } from './commands/guard';
import { Approvals } from './approvals';
import { BridgeHost } from './bridgeHost';
import { registerShowApprovals } from './commands/showApprovals';
import { AgentHooks } from './commands/agentHooks';
import { registerAuditExports } from './commands/auditExports';
import { registerShowAuditPanel } from './commands/showAuditPanel';
import { registerShowLog } from './commands/showLog';
import { registerRestoreSnapshot } from './commands/restoreSnapshot';
import { registerTakeCheckpoint } from './commands/takeCheckpoint';
import { SafetyNet } from './snapshots/safetyNet';
import { GuardState } from './guardState';
import { Observer } from './observer';
import { PolicyService } from './policyService';
import { GuardStatusBar } from './statusBar';
import { AirlockView } from './airlockView';
import { putCliOnPath } from './cliOnPath';
import { registerTryIt } from './commands/tryIt';

/** What the extension exports to other extensions and to its integration tests. */
export interface AirlockApi {
  readonly guard: GuardState;
  readonly policy: PolicyService;
  readonly approvals: Approvals;
  readonly bridge: BridgeHost;
  readonly observer: Observer;
  readonly agentHooks: AgentHooks;
  readonly snapshots: SafetyNet;
  /** The `airlock` command file put on the integrated terminal's PATH, when it could be written. */
  readonly cli?: string;
}

export function activate(context: vscode.ExtensionContext): AirlockApi {
  const log = vscode.window.createOutputChannel('Airlock', { log: true });
  context.subscriptions.push(log);
  // Airlock's folder, named once for the window: every service below finds its files there.
  const airlock = airlockPathsFor(process.env, process.env.HOME ?? os.homedir());

  const guard = new GuardState(context.workspaceState, log);
  context.subscriptions.push(guard);
  const agentHooks = new AgentHooks(context.extensionPath, airlock, log);
  context.subscriptions.push(agentHooks);
  context.subscriptions.push(new GuardStatusBar(guard, agentHooks));
  const policy = new PolicyService(airlock, log);
  context.subscriptions.push(policy);
  const approvals = new Approvals(airlock);
  const bridge = new BridgeHost(policy, approvals, guard, airlock, log);
  context.subscriptions.push(bridge);
  const snapshots = new SafetyNet(airlock, log);
  const observer = new Observer(policy, airlock, log, (file) => snapshots.snapshotTakenBefore(file));
  context.subscriptions.push(observer);
  context.subscriptions.push(...registerGuardCommands(guard), registerShowLog(log), registerShowApprovals(approvals, policy));
  context.subscriptions.push(registerShowAuditPanel(context.extensionUri, airlock, log));
  context.subscriptions.push(...registerAuditExports(policy, airlock, context.extension.packageJSON.version as string));
  context.subscriptions.push(snapshots, registerTakeCheckpoint(snapshots, log), registerRestoreSnapshot(airlock.store, log));

  context.subscriptions.push(new AirlockView(guard, agentHooks, snapshots, airlock, log), registerTryIt(bridge, log));
  const cli = putCliOnPath(context, agentHooks.hook.node, log);

  log.info(`Airlock ${context.extension.packageJSON.version as string} activated; guard ${guard.mode}`);
  return { guard, policy, approvals, bridge, observer, agentHooks, snapshots, ...(cli ? { cli } : {}) };
}

export function deactivate(): void {}
