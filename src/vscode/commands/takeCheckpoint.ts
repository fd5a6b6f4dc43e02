import * as vscode from 'vscode';
import { CommandId } from '../../shared/commandIds';
import type { SafetyNet } from '../snapshots/safetyNet';
import { errorMessage } from '../../core/values';

/** `Airlock: Take Checkpoint`: a labelled checkpoint of every workspace folder now. */
export function registerTakeCheckpoint(net: SafetyNet, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.TakeCheckpoint, () =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Airlock: taking a checkpoint…' }, async () => {
      const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
      if (folders.length === 0) {
        void vscode.window.showInformationMessage('Airlock: open a folder to take a checkpoint of it.');
        return;
      }
      // Let the progress notification appear before the synchronous checkpoint runs.
      await new Promise((resolve) => setImmediate(resolve));
      const lines: string[] = [];
      for (const f of folders) {
        try {
          const r = net.checkpointNow(f.uri.fsPath, 'taken from the editor');
          lines.push(`${f.name}: checkpoint ${r.manifest.id} (${r.manifest.stats.files} files)`);
        } catch (e) {
          const message = errorMessage(e);
          log.warn(`Take Checkpoint: ${f.name}: ${message}`);
          void vscode.window.showErrorMessage(`Airlock: no checkpoint of ${f.name}: ${message}`);
        }
      }
      if (lines.length > 0) void vscode.window.showInformationMessage(`Airlock: ${lines.join('; ')}.`);
    }),
  );
}
