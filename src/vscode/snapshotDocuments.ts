import * as vscode from 'vscode';
import type { SnapshotAccess } from './snapshotAccess';

/** Read-only documents of files as a snapshot holds them: `airlock-snapshot:/abs/path?snapshot=ID&workspace=ROOT`. */
export const snapshotScheme = 'airlock-snapshot';

export function snapshotUri(workspace: string, snapshot: string, file: string): vscode.Uri {
  return vscode.Uri.from({ scheme: snapshotScheme, path: file, query: new URLSearchParams({ snapshot, workspace }).toString() });
}

/** Serves `airlock-snapshot:` documents from the snapshot store; a file the snapshot has no content for reads as a note. */
export class SnapshotDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly access: SnapshotAccess) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const query = new URLSearchParams(uri.query);
    const snapshot = query.get('snapshot');
    const workspace = query.get('workspace');
    if (!snapshot || !workspace) return '';
    const file = this.access.readFile(workspace, snapshot, uri.path);
    if (file.kind === 'none') return '';
    if (file.content.includes(0)) return `(binary file, ${file.content.length} bytes, in snapshot ${snapshot})\n`;
    return new TextDecoder().decode(file.content);
  }
}
