import * as vscode from 'vscode';
import { realPathOf } from '../core/workspace';

/** The first workspace folder on disk, by its real path: the trail, snapshots and bridge are filed under it. */
export function firstWorkspaceRoot(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  return folder ? realPathOf(folder.uri.fsPath) : undefined;
}
