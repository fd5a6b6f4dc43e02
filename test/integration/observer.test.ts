import assert from 'node:assert/strict';
import { realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { openTrail, readTrail } from '../../src/core/audit/trail';
import { findSnapshot, snapshotEntries, SnapshotStore, storeRootFor } from '../../src/core/snapshots';
import { airlock } from './extension';

function trail() {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const airlockHome = process.env.AIRLOCK_HOME;
  if (!folder || !airlockHome) throw new Error('the integration tests need a workspace folder and AIRLOCK_HOME');
  return openTrail({ airlockHome, workspace: realpathSync.native(folder.uri.fsPath) });
}

async function waitForRecord<T>(find: (records: Awaited<ReturnType<typeof readTrail>>['records']) => T | undefined, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = find((await readTrail(trail())).records);
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error('the record did not appear in the trail');
    await new Promise((r) => setTimeout(r, 200));
  }
}

suite('observed channels', () => {
  suiteSetup(async () => {
    await airlock();
  });

  test('a file created through the editor is recorded, decided by the policy after the fact', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const uri = vscode.Uri.file(join(folder.uri.fsPath, 'observed-by-airlock.txt'));
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(uri, { ignoreIfExists: true, contents: Buffer.from('hello\n') });
    assert.ok(await vscode.workspace.applyEdit(edit));
    const record = await waitForRecord((records) =>
      records.find((r) => 'action' in r && r.source.channel === 'editor' && r.action.path === uri.fsPath),
    );
    assert.ok('verdict' in record);
    assert.equal(record.verdict.rule, 'preset.workspace-write');
    await vscode.workspace.fs.delete(uri);
  });

  test('a file deleted through the editor is recorded with the snapshot taken before it, which holds the file', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const uri = vscode.Uri.file(join(folder.uri.fsPath, 'explorer-delete.txt'));
    writeFileSync(uri.fsPath, 'keep me\n');
    const edit = new vscode.WorkspaceEdit();
    edit.deleteFile(uri);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const record = await waitForRecord((records) =>
      records.find((r) => 'action' in r && r.source.channel === 'editor' && r.action.kind === 'delete' && r.action.path === uri.fsPath),
    );
    assert.ok('snapshot' in record && typeof record.snapshot === 'string', `the delete record links its snapshot: ${JSON.stringify(record)}`);
    const airlockHome = process.env.AIRLOCK_HOME;
    assert.ok(airlockHome, 'the integration tests need AIRLOCK_HOME');
    const store = SnapshotStore.open({ root: storeRootFor(airlockHome) });
    try {
      const held = snapshotEntries(store, findSnapshot(store, realpathSync(folder.uri.fsPath), record.snapshot as string)).map((e) => e.path);
      assert.ok(held.includes('explorer-delete.txt'), JSON.stringify(held));
    } finally {
      store.close();
    }
  });

  test('a command run in a VS Code terminal is recorded with its exit code', async function () {
    const terminal = vscode.window.createTerminal({ name: 'airlock-observed', shellPath: '/bin/bash' });
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
      integration.executeCommand('echo airlock-observed-command');
      const record = await waitForRecord((records) =>
        records.find((r) => 'action' in r && r.source.channel === 'terminal' && r.action.command === 'echo airlock-observed-command'),
      );
      assert.ok('verdict' in record);
      assert.equal(record.verdict.decision, 'allow');
      const outcome = await waitForRecord((records) => records.find((r) => 'ref' in r && r.ref === record.seq));
      assert.ok('outcome' in outcome);
      assert.deepEqual([outcome.outcome?.status, outcome.outcome?.exitCode], ['succeeded', 0]);
    } finally {
      terminal.dispose();
    }
  });
});
