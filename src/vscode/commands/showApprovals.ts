import * as vscode from 'vscode';
import { CommandId } from '../../shared/commandIds';
import type { Approvals } from '../approvals';
import type { PolicyService } from '../policyService';

interface ApprovalItem extends vscode.QuickPickItem {
  readonly revoke: () => Promise<void> | void;
}

/** `Airlock: Show Approvals`: session and permanent approvals; picking one revokes it after a confirmation. */
export function registerShowApprovals(approvals: Approvals, policy: PolicyService): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.ShowApprovals, async () => {
    const items: ApprovalItem[] = [
      ...approvals.sessionApprovals().map((a) => ({
        label: `$(clock) ${a.label}`,
        description: `for this session, ${a.agent}`,
        detail: a.key.split(':')[0],
        revoke: () => {
          approvals.revokeSession(a.key);
        },
      })),
      ...approvals.permanentApprovals().map((r) => ({
        label: `$(pass) ${r.id}`,
        description: 'always (user policy)',
        detail: JSON.stringify({ kinds: r.kinds, paths: r.paths, hosts: r.hosts, commands: r.commands }),
        revoke: async () => {
          await approvals.revokePermanent(r.id);
          await policy.reload();
        },
      })),
    ];
    if (items.length === 0) {
      void vscode.window.showInformationMessage('Airlock: no approvals have been given.');
      return;
    }
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Airlock approvals',
      placeHolder: 'Pick an approval to revoke it',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!picked) return;
    const confirm = await vscode.window.showWarningMessage(`Revoke "${picked.label.replace(/^\$\([^)]*\) /, '')}"?`, { modal: true }, 'Revoke');
    if (confirm === 'Revoke') await picked.revoke();
  });
}
