import * as fs from 'node:fs';
import * as vscode from 'vscode';

/** The first workspace folder on disk, by its real path: the trail, snapshots and bridge are filed under it. */
export function firstWorkspaceRoot(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  if (!folder) return undefined;
  try {
    return fs.realpathSync.native(folder.uri.fsPath);
  } catch {
    return folder.uri.fsPath;
  }
}
