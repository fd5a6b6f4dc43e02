import assert from 'node:assert/strict';
import { realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { appendRecord, openTrail } from '../../src/core/audit/trail';
import { SnapshotStore, storeRootFor, takeTargetedSnapshot } from '../../src/core/snapshots';
import { CommandId } from '../../src/shared/commandIds';
import type { AuditPanel } from '../../src/vscode/auditPanel';
import { airlock } from './extension';

function where(): { airlockHome: string; root: string } {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const airlockHome = process.env.AIRLOCK_HOME;
  if (!folder || !airlockHome) throw new Error('the integration tests need a workspace folder and AIRLOCK_HOME');
  return { airlockHome, root: realpathSync.native(folder.uri.fsPath) };
}

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function within<T>(what: string, promise: Promise<T>, ms = 15_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

const source = { agent: 'claude-code', channel: 'hook' };
const allow = { decision: 'allow', layer: 'preset', rule: 'preset.workspace-write', reason: 'Writes inside the workspace are allowed.' } as const;

suite('audit panel', () => {
  let panel: AuditPanel;

  suiteSetup(async () => {
    await airlock();
  });

  suiteTeardown(async () => {
    panel?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Show Audit Panel opens one webview panel, whose script loads under the CSP and says it is ready', async () => {
    panel = (await vscode.commands.executeCommand(CommandId.ShowAuditPanel)) as AuditPanel;
    assert.ok(panel, 'the command returned no panel');
    await within('the webview did not say ready', panel.whenReady());
    const again = await vscode.commands.executeCommand(CommandId.ShowAuditPanel);
    assert.equal(again, panel, 'a second panel was opened instead of revealing the first');
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Airlock Audit');
    assert.ok(tab, 'no Airlock Audit tab');
  });

  test('records appended to the trail reach the panel while it is open', async () => {
    const { airlockHome, root } = where();
    const before = panel.size;
    const trail = openTrail({ airlockHome, workspace: root });
    await appendRecord(trail, { action: { kind: 'write', path: join(root, 'src/live.ts'), source }, verdict: allow });
    await until('the appended record did not reach the panel', () => panel.size === before + 1);
  });

  test('the host refuses malformed messages and does nothing with them', async () => {
    const malformed: unknown[] = [
      null,
      'restore',
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'restore' },
      { type: 'restore', seq: '1' },
      { type: 'restore', seq: -1 },
      { type: 'restore', seq: 1, path: '/etc/passwd' },
      { type: 'diff', seq: 1.5 },
      { type: 'ready', extra: true },
    ];
    const editorsBefore = vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
    for (const m of malformed) {
      const parsed = await panel.receive(m);
      assert.equal(parsed.ok, false, `accepted ${JSON.stringify(m)}`);
    }
    assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).length, editorsBefore, 'a refused message opened something');
    const fine = await panel.receive({ type: 'select', seq: 1 });
    assert.equal(fine.ok, true);
  });

  test('Diff opens the file as the snapshot holds it against the file now', async () => {
    const { airlockHome, root } = where();
    const file = join(root, 'src/diffed.txt');
    writeFileSync(file, 'before\n');
    const store = SnapshotStore.open({ root: storeRootFor(airlockHome) });
    let snapshot: string;
    try {
      snapshot = takeTargetedSnapshot(store, root, [file]).manifest.id;
    } finally {
      store.close();
    }
    writeFileSync(file, 'after\n');
    const before = panel.size;
    const record = await appendRecord(openTrail({ airlockHome, workspace: root }), { action: { kind: 'write', path: file, source }, verdict: allow, snapshot });
    await until('the record did not reach the panel', () => panel.size === before + 1);
    assert.equal((await panel.receive({ type: 'diff', seq: record.seq })).ok, true);
    await until('no diff editor opened', () => vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputTextDiff);
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input as vscode.TabInputTextDiff;
    assert.equal(input.original.scheme, 'airlock-snapshot');
    assert.equal(input.modified.fsPath, file);
    assert.equal((await vscode.workspace.openTextDocument(input.original)).getText(), 'before\n');
  });
});
