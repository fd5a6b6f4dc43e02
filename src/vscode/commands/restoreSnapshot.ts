import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  applyRestore,
  findSnapshot,
  listSnapshots,
  planRestore,
  snapshotEntries,
  SnapshotStore,
  type Manifest,
  type RestoreAction,
  type RestorePlan,
  type SnapshotSummary,
} from '../../core/snapshots';
import { absoluteFor } from '../../core/snapshots/workspace';
import { CommandId } from '../../shared/commandIds';
import { snapshotUri } from '../snapshotDocuments';
import { withSnapshotStore } from '../snapshotAccess';
import { errorMessage } from '../../core/values';

/** Files listed for one snapshot; a larger one is restored whole or through the CLI. */
const maxListed = 5_000;

type FileItem = vscode.QuickPickItem & { readonly abs?: string };

/** How a snapshot's file compares with the one on disk now, as the picker shows it. */
const fileMarks: Record<RestoreAction, { icon: string; text: string }> = {
  create: { icon: '$(diff-removed)', text: 'deleted since' },
  overwrite: { icon: '$(diff-modified)', text: 'changed since' },
  chmod: { icon: '$(diff-modified)', text: 'permissions changed since' },
  unchanged: { icon: '$(check)', text: 'unchanged' },
  unavailable: { icon: '$(warning)', text: 'content not kept' },
  delete: { icon: '$(diff-added)', text: 'created since' },
  'keep-new': { icon: '$(diff-added)', text: 'created since' },
};

/**
 * `Airlock: Restore from Snapshot…`: the workspace's snapshots as a timeline, newest first; then one snapshot's
 * files (or all of it): Compare opens a diff with the current file, Restore shows what would change and asks first.
 */
export function registerRestoreSnapshot(storeRoot: string, log: vscode.LogOutputChannel): vscode.Disposable {
  const withStore = <T>(use: (store: SnapshotStore) => T): T => withSnapshotStore(storeRoot, use);
  return vscode.commands.registerCommand(CommandId.RestoreSnapshot, async () => {
    try {
      const folder = await pickFolder();
      if (!folder) return;
      const summaries = withStore((store) => listSnapshots(store, folder));
      if (summaries.length === 0) {
        void vscode.window.showInformationMessage(`Airlock: there are no snapshots of ${path.basename(folder)} yet.`);
        return;
      }
      const picked = await vscode.window.showQuickPick(summaries.map(timelineItem), { title: 'Airlock: Restore from Snapshot', placeHolder: 'Pick a snapshot (newest first)', matchOnDetail: true });
      if (!picked) return;
      const manifest = withStore((store) => findSnapshot(store, folder, picked.summary.id));
      const files = withStore((store) => snapshotEntries(store, manifest)).filter((e) => e.type === 'file' || e.type === 'symlink');
      // How each file compares with what is on disk now: the plan a whole restore would make.
      const now = new Map(withStore((store) => planRestore(store, manifest)).items.map((i) => [i.abs, i.action]));
      const listed = files.slice(0, maxListed).map((e) => {
        const abs = absoluteFor(manifest.workspace.root, e.path);
        const mark = fileMarks[now.get(abs) ?? 'unchanged'];
        return { label: `${mark.icon} ${e.path}`, description: `${mark.text} · ${e.type === 'file' ? `${e.size} bytes` : `link to ${e.target}`}`, abs, action: now.get(abs) };
      });
      const differing = listed.filter((f) => f.action !== 'unchanged').length;
      const all: FileItem = { label: '$(history) Restore all', description: `${files.length} files in snapshot ${manifest.id}; ${differing} differ from now` };
      // Files that differ from now come first: they are what a restore would bring back.
      const items: FileItem[] = [all, ...listed.filter((f) => f.action !== 'unchanged'), ...listed.filter((f) => f.action === 'unchanged')];
      const file = await vscode.window.showQuickPick(items, { title: `Snapshot ${manifest.id}`, placeHolder: 'Restore all, or pick a file to compare or restore', matchOnDescription: true });
      if (!file) return;
      if (!file.abs) {
        await restore(withStore, manifest, undefined, log);
        return;
      }
      const name = file.label.replace(/^\$\([\w-]+\) /, '');
      const action = await vscode.window.showQuickPick(['Compare', 'Restore'], { title: name, placeHolder: `Compare with the current file, or restore it from snapshot ${manifest.id}` });
      if (action === 'Compare') await compare(manifest, file.abs);
      if (action === 'Restore') await restore(withStore, manifest, file.abs, log);
    } catch (e) {
      const message = errorMessage(e);
      log.warn(`Restore from Snapshot: ${message}`);
      void vscode.window.showErrorMessage(`Airlock: ${message}`);
    }
  });
}

async function pickFolder(): Promise<string | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (folders.length <= 1) return folders[0]?.uri.fsPath;
  const f = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Restore in which folder?' });
  return f?.uri.fsPath;
}

const timelineItem = (s: SnapshotSummary): vscode.QuickPickItem & { summary: SnapshotSummary } => ({
  label: `${s.kind === 'checkpoint' ? '$(history)' : '$(target)'} ${s.label ?? s.kind}`,
  description: new Date(s.createdAt).toLocaleString(),
  detail: `${s.kind} · ${s.files} file${s.files === 1 ? '' : 's'}${s.paths ? ` · ${s.paths.join(', ')}` : ''} · ${s.id}${s.damaged ? ' · damaged' : ''}`,
  summary: s,
});

async function compare(manifest: Manifest, abs: string): Promise<void> {
  const left = snapshotUri(manifest.workspace.root, manifest.id, abs);
  const title = `${path.basename(abs)} (snapshot ${manifest.id} ↔ current)`;
  if (fs.existsSync(abs)) await vscode.commands.executeCommand('vscode.diff', left, vscode.Uri.file(abs), title);
  else await vscode.window.showTextDocument(left, { preview: true });
}

/** What a plan would do, in a sentence per kind of change. */
export function describePlan(plan: RestorePlan): string[] {
  const c = plan.counts;
  return [
    ...(c.create > 0 ? [`${c.create} deleted since will be written back`] : []),
    ...(c.overwrite > 0 ? [`${c.overwrite} changed since will be restored (the current versions are kept in a snapshot first)`] : []),
    ...(c.chmod > 0 ? [`${c.chmod} will get their permissions back`] : []),
    ...(c.unavailable > 0 ? [`${c.unavailable} cannot be restored (no content kept)`] : []),
    ...(c['keep-new'] > 0 ? [`${c['keep-new']} created after the snapshot ${c['keep-new'] === 1 ? 'is' : 'are'} left alone unless you remove ${c['keep-new'] === 1 ? 'it' : 'them'}`] : []),
    ...(c.unchanged > 0 ? [`${c.unchanged} ${c.unchanged === 1 ? 'is' : 'are'} unchanged`] : []),
  ];
}

async function restore(withStore: <T>(use: (store: SnapshotStore) => T) => T, manifest: Manifest, abs: string | undefined, log: vscode.LogOutputChannel): Promise<void> {
  const options = abs ? { paths: [abs] } : {};
  const plan = withStore((store) => planRestore(store, manifest, options));
  const acting = plan.counts.create + plan.counts.overwrite + plan.counts.chmod;
  const created = plan.counts['keep-new'];
  if (acting === 0 && created === 0) {
    void vscode.window.showInformationMessage(`Airlock: nothing to restore: ${abs ? path.basename(abs) : 'the workspace'} is as in snapshot ${manifest.id}.`);
    return;
  }
  const removeNew = created > 0 ? `Restore and Remove ${created} New…` : undefined;
  const choice = await vscode.window.showWarningMessage(
    `Restore ${abs ? path.basename(abs) : 'the workspace'} from snapshot ${manifest.id}?`,
    { modal: true, detail: `${describePlan(plan).join('\n')}\n\nWhat is there now is snapshotted first (not copied into the workspace), so this restore can be undone.` },
    ...(acting > 0 ? ['Restore'] : []),
    ...(removeNew ? [removeNew] : []),
  );
  if (!choice) return;
  let deleteNew = false;
  if (choice === removeNew) {
    const news = plan.items.filter((i) => i.action === 'keep-new').map((i) => i.path);
    const sure = await vscode.window.showWarningMessage(
      `Remove ${created} files and folders created after snapshot ${manifest.id}?`,
      { modal: true, detail: `${news.slice(0, 15).join('\n')}${news.length > 15 ? `\n… and ${news.length - 15} more` : ''}\n\nThey are snapshotted before they are removed.` },
      'Remove',
    );
    if (sure !== 'Remove') return;
    deleteNew = true;
  }
  // What is there now is snapshotted first (the restore refuses to go on otherwise), so the current versions are
  // kept in the store, restorable from there, rather than as copies in the workspace.
  const result = withStore((store) => applyRestore(store, deleteNew ? planRestore(store, manifest, { ...options, deleteNew: true }) : plan, { onConflict: 'overwrite' }));
  const parts = [`restored ${result.restored.length}`, ...(result.deleted.length > 0 ? [`removed ${result.deleted.length}`] : []), ...(result.failed.length > 0 ? [`failed ${result.failed.length}`] : [])];
  // Only a file that changed while the restore ran is kept beside (it was never snapshotted).
  const kept = result.keptBeside.length > 0 ? ` ${result.keptBeside.length} changed while restoring and ${result.keptBeside.length === 1 ? 'was' : 'were'} kept beside (${result.keptBeside.slice(0, 3).map((k) => path.basename(k.keptAs)).join(', ')}${result.keptBeside.length > 3 ? ', …' : ''}).` : '';
  const undo = result.savedAs ? ` The versions replaced are in snapshot ${result.savedAs}: restore it to undo.` : '';
  const message = `Airlock: ${parts.join(', ')} from snapshot ${manifest.id}.${kept}${undo}`;
  for (const f of result.failed) log.warn(`Restore from Snapshot: ${f.path}: ${f.error}`);
  void (result.failed.length > 0 ? vscode.window.showErrorMessage(message) : vscode.window.showInformationMessage(message));
}
