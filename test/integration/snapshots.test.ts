import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { applyRestore, findSnapshot, listSnapshots, planRestore, snapshotEntries, SnapshotStore, storeRootFor } from '../../src/core/snapshots';
import type { AirlockApi } from '../../src/vscode/extension';
import { CommandId } from '../../src/shared/commandIds';
import { airlock } from './extension';

function workspace(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need a workspace folder');
  return realpathSync.native(folder.uri.fsPath);
}

function withStore<T>(use: (store: SnapshotStore) => T): T {
  const airlockHome = process.env.AIRLOCK_HOME;
  if (!airlockHome) throw new Error('the integration tests need AIRLOCK_HOME');
  const store = SnapshotStore.open({ root: storeRootFor(airlockHome) });
  try {
    return use(store);
  } finally {
    store.close();
  }
}

async function until<T>(what: string, probe: () => T | undefined, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function terminalRun(command: string): Promise<number | undefined> {
  const terminal = vscode.window.createTerminal({ name: 'airlock-snapshots', shellPath: '/bin/bash', cwd: workspace() });
  try {
    const integration =
      terminal.shellIntegration ??
      (await new Promise<vscode.TerminalShellIntegration>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no shell integration within 15 s')), 15_000);
        const sub = vscode.window.onDidChangeTerminalShellIntegration((e) => {
          if (e.terminal === terminal) {
            clearTimeout(timer);
            sub.dispose();
            resolve(e.shellIntegration);
          }
        });
      }));
    const ended = new Promise<number | undefined>((resolve) => {
      const sub = vscode.window.onDidEndTerminalShellExecution((e) => {
        if (e.terminal === terminal) {
          sub.dispose();
          resolve(e.exitCode);
        }
      });
    });
    integration.executeCommand(command);
    return await ended;
  } finally {
    terminal.dispose();
  }
}

suite('snapshots in the editor', () => {
  let api: AirlockApi;

  suiteSetup(async () => {
    api = await airlock();
    await api.snapshots.whenIdle();
  });

  test('the safety net brings back what rm -rf in a terminal removed, byte for byte', async function () {
    this.timeout(60_000);
    const root = workspace();
    const dir = join(root, 'doomed');
    const files = new Map<string, Buffer>();
    for (let i = 0; i < 24; i++) {
      const rel = i % 3 === 0 ? `doomed/nested/f${i}.bin` : `doomed/f${i}.txt`;
      files.set(rel, i % 3 === 0 ? randomBytes(2048 + i) : Buffer.from(`file ${i}\n`.repeat(i + 1)));
    }
    files.set('doomed/empty.txt', Buffer.alloc(0));
    mkdirSync(join(dir, 'nested'), { recursive: true });
    for (const [rel, content] of files) writeFileSync(join(root, rel), content);

    // The safety net's own checkpoint (from the watcher's changes) must hold every file before they go.
    await until('a checkpoint holding the new files', () => {
      const id = api.snapshots.lastCheckpoint(root);
      if (!id) return undefined;
      const held = withStore((store) => new Set(snapshotEntries(store, findSnapshot(store, root, id)).map((e) => e.path)));
      return [...files.keys()].every((rel) => held.has(rel)) ? id : undefined;
    });

    const before = api.snapshots.lastMassDeletion;
    assert.equal(await terminalRun('rm -rf doomed'), 0);
    assert.equal(existsSync(dir), false);
    const deletion = await until('the mass-deletion alert', () => (api.snapshots.lastMassDeletion !== before ? api.snapshots.lastMassDeletion : undefined));
    for (const rel of files.keys()) assert.ok(deletion.files.includes(join(root, rel)), `${rel} is among the deleted files`);
    await api.snapshots.whenIdle();

    const result = api.snapshots.restoreDeletion(deletion);
    assert.deepEqual(result.failed, []);
    for (const [rel, content] of files) {
      assert.ok(existsSync(join(root, rel)), `${rel} is back (${JSON.stringify({ sources: deletion.sources, restored: result.restored.length })})`);
      assert.deepEqual(readFileSync(join(root, rel)), content, rel);
    }
    await vscode.workspace.fs.delete(vscode.Uri.file(dir), { recursive: true, useTrash: false });
  });

  test('a file deleted through the editor is snapshotted first and can be restored', async () => {
    const root = workspace();
    const file = join(root, 'delete-me.txt');
    const content = Buffer.from('precious\n');
    writeFileSync(file, content);
    const edit = new vscode.WorkspaceEdit();
    edit.deleteFile(vscode.Uri.file(file));
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(existsSync(file), false);

    const snapshot = withStore((store) => listSnapshots(store, root).find((s) => s.kind === 'targeted' && s.paths?.includes('delete-me.txt')));
    assert.ok(snapshot, 'a targeted snapshot of delete-me.txt exists');
    const result = withStore((store) => applyRestore(store, planRestore(store, findSnapshot(store, root, snapshot.id)), { onConflict: 'keep-both' }));
    assert.deepEqual(result.failed, []);
    assert.deepEqual(readFileSync(file), content);
    await vscode.workspace.fs.delete(vscode.Uri.file(file), { useTrash: false });
  });

  test('Airlock: Take Checkpoint adds a checkpoint', async () => {
    const root = workspace();
    const count = () => withStore((store) => listSnapshots(store, root).filter((s) => s.kind === 'checkpoint' && s.label === 'taken from the editor').length);
    const before = count();
    await vscode.commands.executeCommand(CommandId.TakeCheckpoint);
    assert.equal(count(), before + 1);
    assert.equal(withStore((store) => listSnapshots(store, root)[0]?.label), 'taken from the editor');
  });
});
