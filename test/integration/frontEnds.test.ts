// The editor and the lone hook decide through one pipeline: for the same 200 generated actions, the policy's verdict
// and rule, and the files kept by the snapshot taken first, are the same whether the extension's bridge answers (as
// it does for a hook while the editor runs) or `airlock hook` decides alone (as it does with no editor). Nothing is
// executed: the actions are only decided, and both front ends record them in the same trail, read back here.
import assert from 'node:assert/strict';
import { mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import * as vscode from 'vscode';
import { engineDeps } from '../../src/cli/commands/hookEngine';
import type { CliIo } from '../../src/cli/io';
import { airlockPathsOfEnv } from '../../src/core/airlockPaths';
import type { Action } from '../../src/core/actions';
import type { DecisionRecord } from '../../src/core/audit/record';
import { openTrail, readTrail } from '../../src/core/audit/trail';
import { askBridge } from '../../src/core/bridge/client';
import { findSnapshot, SnapshotStore, storeRootFor } from '../../src/core/snapshots';
import { CommandId } from '../../src/shared/commandIds';
import { airlock } from './extension';

/** A deterministic generator (xorshift32): the same 200 actions on every run. */
function generator(seed: number): (n: number) => number {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
}

const source = { agent: 'claude', channel: 'hook' };

/** Actions over a small tree in the workspace, its surroundings, the home folder and loopback or literal addresses. */
function generateActions(count: number, root: string, home: string): Action[] {
  const pick = generator(0xa1f10c);
  const one = <T>(xs: readonly T[]): T => xs[pick(xs.length)] as T;
  const files = ['fe/src/a.ts', 'fe/src/b.ts', 'fe/README.md', 'fe/.env', 'fe/build/out.js', 'fe/notes.txt', 'fe/new-file.ts'];
  const folders = ['fe/src', 'fe/build', 'fe', 'fe/missing'];
  const outside = [`${home}/.ssh/id_rsa`, `${home}/.bashrc`, '/etc/passwd', '/etc/hosts', join(root, '..', 'elsewhere.txt'), '~/.aws/credentials'];
  const paths = [...files, ...files.map((f) => join(root, f)), ...outside];
  const urls = ['http://127.0.0.1:9/', 'http://[::1]:9/x', 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.8/admin', 'file:///etc/passwd', 'https://192.0.2.10/'];
  const commands = [
    () => `ls -la ${one(folders)}`,
    () => `cat ${one(paths)}`,
    () => `rm ${one(files)}`,
    () => `rm -rf ${one(folders)}`,
    () => `rm -rf ${one(['~', '/', '..', '~/Documents'])}`,
    () => 'git status && npm test',
    () => `git clean -fdx ${one(folders)}`,
    () => `curl -s ${one(urls)}`,
    () => `echo hi > ${one(paths)}`,
    () => `mv ${one(files)} ${one(['fe/moved.ts', '/tmp/x', '~/x'])}`,
    () => `chmod 600 ${one(files)}`,
    () => `python3 -c "print(1)"`,
    () => `npx some-unknown-tool --flag ${one(files)}`,
    () => `find ${one(folders)} -name '*.ts' -delete`,
    () => `tar czf /tmp/out.tgz ${one(folders)}`,
  ];
  const actions: Action[] = [];
  for (let i = 0; i < count; i++) {
    const kind = one(['read', 'write', 'delete', 'rename', 'exec', 'exec', 'fetch'] as const);
    const cwd = one([root, join(root, 'fe'), undefined]);
    switch (kind) {
      case 'read':
      case 'write':
        actions.push({ kind, path: one(paths), ...(cwd ? { cwd } : {}), source });
        break;
      case 'delete':
        actions.push({ kind, path: one([...paths, ...folders]), recursive: pick(2) === 0, ...(cwd ? { cwd } : {}), source });
        break;
      case 'rename':
        actions.push({ kind, path: one([...files, ...folders]), to: one(['fe/renamed.ts', '/tmp/gone', '~/x', 'fe/src/c.ts']), ...(cwd ? { cwd } : {}), source });
        break;
      case 'exec':
        actions.push({ kind, command: one(commands)(), ...(cwd ? { cwd } : {}), source });
        break;
      case 'fetch':
        actions.push({ kind, url: one(urls), source });
        break;
    }
  }
  return actions;
}

suite('one pipeline for the editor and the lone hook', () => {
  let root = '';
  let airlockHome = '';

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const home = process.env.AIRLOCK_HOME;
    if (!folder || !home) throw new Error('the integration tests need a workspace folder and AIRLOCK_HOME');
    root = realpathSync.native(folder.uri.fsPath);
    airlockHome = home;
    const { bridge } = await airlock();
    await bridge.ready;
    await vscode.commands.executeCommand(CommandId.ResumeGuard);
    // The files the actions name (some of them exist, so allowed changes are snapshotted first).
    mkdirSync(join(root, 'fe', 'src'), { recursive: true });
    mkdirSync(join(root, 'fe', 'build'), { recursive: true });
    writeFileSync(join(root, 'fe', 'src', 'a.ts'), 'export const a = 1;\n');
    writeFileSync(join(root, 'fe', 'src', 'b.ts'), 'export const b = 2;\n');
    writeFileSync(join(root, 'fe', 'README.md'), '# fe\n');
    writeFileSync(join(root, 'fe', '.env'), 'TOKEN=not-a-real-one\n');
    writeFileSync(join(root, 'fe', 'build', 'out.js'), 'console.log(1);\n');
    writeFileSync(join(root, 'fe', 'notes.txt'), 'notes\n');
  });

  suiteTeardown(() => rmSync(join(root, 'fe'), { recursive: true, force: true }));

  test('the same verdict, rule and kept files for 200 generated actions', async function () {
    this.timeout(180_000);
    const home = process.env.HOME ?? '';
    const actions = generateActions(200, root, home);
    const trail = openTrail({ airlockHome, workspace: root });
    const before = (await readTrail(trail)).records.length;
    const env = { HOME: home, AIRLOCK_HOME: airlockHome };
    const io: CliIo = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env, cwd: root, airlock: airlockPathsOfEnv(env) };
    for (const action of actions) {
      // The editor: the bridge a hook asks while the window runs (an "ask" cannot be shown in this host: denied).
      const asked = await askBridge({ airlockHome, realRoot: root, agent: 'claude', tool: 'test', actions: [action], timeoutMs: 10_000 });
      assert.equal(asked.kind, 'answered', JSON.stringify(asked));
      // The lone hook: the same action decided without the editor.
      await engineDeps.decideAlone({ agent: 'claude', event: 'PreToolUse', tool: 'test', roots: [root], actions: [action], verdicts: [] }, [root], {}, io);
    }
    const records = (await readTrail(trail)).records.slice(before).filter((r): r is DecisionRecord => r.type === 'decision');
    assert.equal(records.length, actions.length * 2, 'each front end recorded each action once');
    const store = SnapshotStore.open({ root: storeRootFor(airlockHome) });
    const kept = (id: string | undefined): string[] => {
      if (id === undefined) return [];
      const manifest = findSnapshot(store, root, id);
      assert.equal(manifest.kind, 'targeted', `snapshot ${id} is the one taken before the action`);
      return manifest.kind === 'targeted' ? manifest.entries.map((e) => `${e.type} ${e.path}`).sort() : [];
    };
    const seen = { allow: 0, ask: 0, deny: 0, snapshots: 0 };
    try {
      actions.forEach((action, i) => {
        const editor = records[i * 2];
        const alone = records[i * 2 + 1];
        assert.ok(editor && alone);
        const what = JSON.stringify(action);
        assert.deepEqual([alone.verdict.decision, alone.verdict.rule], [editor.verdict.decision, editor.verdict.rule], what);
        assert.equal(alone.verdict.reason, editor.verdict.reason, what);
        assert.deepEqual(kept(alone.snapshot), kept(editor.snapshot), `kept files: ${what}`);
        seen[editor.verdict.decision]++;
        if (editor.snapshot) seen.snapshots++;
      });
    } finally {
      store.close();
    }
    // The generated actions reach every decision and the snapshot step (so the comparison is not vacuous).
    assert.ok(seen.allow > 20 && seen.ask > 20 && seen.deny > 20 && seen.snapshots > 5, JSON.stringify(seen));
  });
});
