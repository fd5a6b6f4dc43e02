import * as vscode from 'vscode';
import type { AirlockPaths } from '../../core/airlockPaths';
import { CommandId } from '../../shared/commandIds';
import { AuditPanel } from '../auditPanel';
import { storeSnapshotAccess } from '../snapshotAccess';
import { snapshotScheme, SnapshotDocuments } from '../snapshotDocuments';

/** `Airlock: Show Audit Panel`, and the `airlock-snapshot:` documents its Diff button opens. Returns the panel. */
export function registerShowAuditPanel(extensionUri: vscode.Uri, airlock: AirlockPaths, log: vscode.LogOutputChannel): vscode.Disposable {
  const snapshots = storeSnapshotAccess(airlock.store);
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(snapshotScheme, new SnapshotDocuments(snapshots)),
    vscode.commands.registerCommand(CommandId.ShowAuditPanel, () => AuditPanel.show({ extensionUri, log, airlockHome: airlock.root, snapshots })),
    { dispose: () => AuditPanel.current?.dispose() },
  );
}
