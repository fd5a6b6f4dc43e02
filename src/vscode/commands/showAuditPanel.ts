import * as os from 'node:os';
import * as vscode from 'vscode';
import { airlockHomeFor } from '../../core/airlockHome';
import { CommandId } from '../../shared/commandIds';
import { AuditPanel } from '../auditPanel';
import { storeSnapshotAccess } from '../snapshotAccess';
import { snapshotScheme, SnapshotDocuments } from '../snapshotDocuments';

/** `Airlock: Show Audit Panel`, and the `airlock-snapshot:` documents its Diff button opens. Returns the panel. */
export function registerShowAuditPanel(extensionUri: vscode.Uri, log: vscode.LogOutputChannel): vscode.Disposable {
  const airlockHome = airlockHomeFor(process.env, process.env.HOME ?? os.homedir());
  const snapshots = storeSnapshotAccess(airlockHome);
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(snapshotScheme, new SnapshotDocuments(snapshots)),
    vscode.commands.registerCommand(CommandId.ShowAuditPanel, () => AuditPanel.show({ extensionUri, log, airlockHome, snapshots })),
    { dispose: () => AuditPanel.current?.dispose() },
  );
}
