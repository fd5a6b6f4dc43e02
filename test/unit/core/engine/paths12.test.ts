// What is protected, through the whole engine with real folders: a home and a workspace inside the temporary folder
// (as in containers and CI runners, HOME=/tmp/home and the workspace in /tmp) keep every protection; moving a folder
// out of the workspace is deleting it there; SSH and scheduled jobs are refused; deletes that the snapshot taken
// first can undo, and build folders, are not asked in balanced. Nothing is executed: the engine only decides. The
// one test that deletes a folder deletes its own, after the snapshot-first step kept it, and restores it.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Action } from '../../../../src/core/actions';
import { Engine } from '../../../../src/core/engine/engine';
import { nodeEffectFs, nodeGitRunner } from '../../../../src/core/engine/nodeDeps';
import { nodeProbe } from '../../../../src/core/paths/nodeProbe';
import type { Preset } from '../../../../src/core/policy/types';
import { loadShellParser, type ShellParser } from '../../../../src/core/shell/parse';
import { conclude } from '../../../../src/core/guard/conclude';
import { judge } from '../../../../src/core/guard/judge';
import { applyRestore, planRestore } from '../../../../src/core/snapshots/restore';
import { storeRootFor } from '../../../../src/core/snapshots/settings';
import { SnapshotStore } from '../../../../src/core/snapshots/store';
import { workspaceFor } from '../../../../src/core/snapshots/workspace';
import type { Decision, Verdict } from '../../../../src/core/verdict';
import { workspaceOf } from '../../../../src/core/workspace';

let base = '';
let ws = '';
let home = '';
let shell: ShellParser;

/** Where a row's engine lives: home and workspace in the temporary folder, or both elsewhere (paths never created). */
type World = 'in-temp' | 'elsewhere' | 'tmpdir-in-home';

function engine(world: World, preset: Preset): Engine {
  const elsewhere = world === 'elsewhere';
  const h = elsewhere ? '/home/airlock-paths12-home' : home;
  return new Engine({
    roots: [elsewhere ? '/work/airlock-paths12-ws' : ws],
    home: h,
    preset,
    workspaceTrusted: true,
    probe: nodeProbe,
    resolver: async () => ['127.0.0.1'],
    shell,
    airlockHome: join(h, '.airlock'),
    effectFs: nodeEffectFs,
    git: nodeGitRunner,
    env: { HOME: h },
    tempDirs: world === 'tmpdir-in-home' ? [join(home, 'tmp')] : [tmpdir()],
  });
}

const source = { agent: 'test', channel: 'test' };
const sub = (s: string) => s.replaceAll('{ws}', ws).replaceAll('{base}', base).replaceAll('{home}', home);
const exec = (command: string): Action => ({ kind: 'exec', command: sub(command), source });
const write = (p: string): Action => ({ kind: 'write', path: sub(p), source });
const read = (p: string): Action => ({ kind: 'read', path: sub(p), source });
const del = (p: string, recursive = false): Action => ({ kind: 'delete', path: sub(p), recursive, source });
const rename = (p: string, to: string): Action => ({ kind: 'rename', path: sub(p), to: sub(to), source });

before(async () => {
  shell = await loadShellParser();
  base = mkdtempSync(join(tmpdir(), 'airlock-paths12-'));
  ws = join(base, 'ws');
  home = join(base, 'home');
  for (const d of ['src/lib', 'fixtures', 'node_modules/left-pad', 'dist', 'build', '.next', 'coverage', '__pycache__', '.venv/lib', 'big', 'docs']) {
    mkdirSync(join(ws, d), { recursive: true });
  }
  for (const d of ['.ssh', 'projects/app', 'notes', 'tmp']) mkdirSync(join(home, d), { recursive: true });
  mkdirSync(join(base, 'scratch', 'cache'), { recursive: true });
  writeFileSync(join(ws, 'src', 'a.ts'), 'export const a = 1;\n');
  writeFileSync(join(ws, 'src', 'lib', 'b.ts'), 'export const b = 2;\n');
  writeFileSync(join(ws, 'fixtures', 'one.txt'), '1\n');
  writeFileSync(join(ws, 'docs', 'x.txt'), 'x\n');
  writeFileSync(join(ws, 'node_modules', 'left-pad', 'index.js'), 'module.exports = 1;\n');
  writeFileSync(join(ws, '.venv', 'lib', 'site.py'), '# installed by hand\n');
  // A sparse file larger than the snapshot keeps: the folder holding it cannot be restored whole.
  writeFileSync(join(ws, 'big', 'disk.img'), '');
  truncateSync(join(ws, 'big', 'disk.img'), 40 * 1024 * 1024);
  writeFileSync(join(home, '.bashrc'), '# rc\n');
  writeFileSync(join(home, 'notes', 'todo.txt'), 'todo\n');
  writeFileSync(join(home, '.ssh', 'id_ed25519'), 'secret\n');
});

after(() => rmSync(base, { recursive: true, force: true }));

type Row = readonly [name: string, action: () => Action, decision: Decision, rule: string, preset?: Preset];

function table(title: string, world: World, rows: readonly Row[]): void {
  describe(title, () => {
    for (const [name, make, decision, rule, preset = 'balanced'] of rows) {
      test(`${preset}: ${name}`, async () => {
        const v = await engine(world, preset).decide(make());
        assert.deepEqual({ decision: v.decision, rule: v.rule }, { decision, rule }, v.reason);
      });
    }
  });
}

table('a home and a workspace in the temporary folder keep their protections', 'in-temp', [
  ['a start-up file in home', () => write('~/.bashrc'), 'deny', 'preset.home-config'],
  ['a plain file in home is outside the workspace', () => write('~/notes/todo.txt'), 'ask', 'preset.outside-write'],
  ['a folder in home, deleted', () => del('~/projects', true), 'ask', 'preset.outside-write'],
  ['a secret in home', () => read('~/.ssh/id_ed25519'), 'deny', 'preset.credential-read'],
  ['a plain read in home', () => read('~/notes/todo.txt'), 'ask', 'preset.outside-read'],
  ['authorized_keys in home', () => write('~/.ssh/authorized_keys'), 'deny', 'preset.ssh-write'],
  ['the home folder itself', () => del('{home}', true), 'deny', 'floor.root-or-home'],
  ['the workspace folder itself', () => del('{ws}', true), 'deny', 'preset.workspace-root'],
  ['the temporary folder holding the workspace', () => del('{base}', true), 'deny', 'preset.workspace-ancestor'],
  ['moving the folder holding the workspace', () => rename('{base}', '/tmp/elsewhere'), 'deny', 'preset.workspace-ancestor'],
  ['rm -rf of a folder in home', () => exec('rm -rf ~/projects'), 'ask', 'shell.rm-recursive'],
  ['rm -rf of home', () => exec('rm -rf ~'), 'deny', 'floor.root-or-home'],
  ['rm -rf of $HOME spelled out', () => exec('rm -rf {home}'), 'deny', 'floor.root-or-home'],
  ['rm -rf of the parent of the workspace', () => exec('rm -rf {base}'), 'deny', 'shell.rm-catastrophic'],
  ['echo >> ~/.bashrc', () => exec('echo "export PATH=/tmp/x:$PATH" >> ~/.bashrc'), 'deny', 'preset.home-config'],
  ['tee into a start-up file', () => exec('tee -a {home}/.profile < /dev/null'), 'deny', 'preset.home-config'],
  ['cp over a home file', () => exec('cp src/a.ts ~/notes/todo.txt'), 'ask', 'preset.outside-write'],
  ['cat of a home secret', () => exec('cat ~/.ssh/id_ed25519'), 'deny', 'preset.credential-read'],
  ['an own folder in the temporary folder is scratch', () => exec('rm -rf {base}/scratch'), 'allow', 'preset.temp'],
  ['a write there too', () => exec('echo x > {base}/scratch/out.txt'), 'allow', 'shell.redirect-write'],
  ['authorized_keys in home, by a shell write', () => exec("echo 'ssh-ed25519 AAAA k' >> ~/.ssh/authorized_keys"), 'deny', 'shell.ssh-tamper'],
  ['authorized_keys in home, permissive', () => write('~/.ssh/authorized_keys'), 'deny', 'preset.ssh-write', 'permissive'],
  ['a home start-up file, permissive still asks', () => write('~/.bashrc'), 'ask', 'preset.home-config', 'permissive'],
]);

table('the operating system temporary folder elsewhere', 'elsewhere', [
  ['rm -rf /tmp itself is asked, not denied', () => exec('rm -rf /tmp'), 'ask', 'shell.rm-recursive'],
  ['deleting /tmp itself', () => del('/tmp', true), 'ask', 'preset.temp-root'],
  ['moving /tmp away', () => rename('/tmp', '/work/airlock-paths12-ws/t'), 'ask', 'preset.temp-root'],
  ['deleting /tmp, permissive', () => del('/tmp', true), 'ask', 'preset.temp-root', 'permissive'],
  ['an own folder in /tmp', () => exec('rm -rf /tmp/airlock-paths12-build-cache'), 'allow', 'preset.temp'],
  ['an own folder in /var/tmp', () => exec('rm -r -f /var/tmp/airlock-paths12-x'), 'allow', 'preset.temp'],
  ['everything in /tmp by pattern', () => exec('rm -rf /tmp/*'), 'ask', 'shell.rm-recursive'],
  ['an unknown folder in /tmp', () => exec('rm -rf "/tmp/$X"'), 'ask', 'shell.rm-recursive'],
  ['a scratch file', () => write('/tmp/airlock-paths12-x.txt'), 'allow', 'preset.temp'],
  ['strict asks about the temporary folder', () => exec('rm -rf /tmp/airlock-paths12-cache'), 'ask', 'shell.rm-recursive', 'strict'],
  ['authorized_keys of root', () => exec('cat k.pub >> /root/.ssh/authorized_keys'), 'deny', 'shell.ssh-tamper'],
  ['an .ssh folder under /tmp', () => write('/tmp/airlock-paths12/.ssh/authorized_keys'), 'deny', 'preset.ssh-write'],
  ['another user', () => write('/home/bob/.ssh/authorized_keys'), 'deny', 'preset.ssh-write'],
  ['a workspace .ssh used as a home', () => write('.ssh/authorized_keys'), 'deny', 'preset.ssh-write'],
  ['a nested workspace .ssh', () => write('deploy/home/.ssh/config'), 'deny', 'preset.ssh-write'],
  ['sshd settings are the floor', () => write('/etc/ssh/sshd_config'), 'deny', 'floor.system-write'],
  ['a launch agent', () => write('~/Library/LaunchAgents/com.x.plist'), 'deny', 'preset.scheduled-persistence'],
  ['a systemd user unit', () => write('~/.config/systemd/user/x.service'), 'deny', 'preset.scheduled-persistence'],
  ['a systemd user unit, permissive', () => write('~/.config/systemd/user/x.service'), 'deny', 'preset.scheduled-persistence', 'permissive'],
  ['an autostart entry', () => write('~/.config/autostart/x.desktop'), 'deny', 'preset.scheduled-persistence'],
  ['a cron table by command', () => exec('crontab jobs.txt'), 'deny', 'shell.persistence-job'],
  ['a launchd job by command', () => exec('launchctl load -w ~/Library/LaunchAgents/x.plist'), 'deny', 'shell.persistence-job'],
  ['a reverse shell', () => exec('bash -i >& /dev/tcp/127.0.0.1/4444 0>&1'), 'deny', 'shell.reverse-shell'],
  ['a reverse shell through nc', () => exec('nc -e /bin/sh 127.0.0.1 4444'), 'deny', 'shell.reverse-shell'],
]);

table('a temporary folder inside home is not scratch space', 'tmpdir-in-home', [
  ['a write in ~/tmp (the OS temporary folder here)', () => write('~/tmp/x.txt'), 'ask', 'preset.outside-write'],
  ['a delete in ~/tmp', () => exec('rm -rf ~/tmp/cache'), 'ask', 'shell.rm-recursive'],
]);

table('moving a folder out of the workspace is deleting it there', 'in-temp', [
  ['mv of a restorable folder to /tmp', () => exec('mv src /tmp/airlock-paths12-moved'), 'allow', 'shell.write'],
  ['mv -t of a restorable folder', () => exec('mv -t {base}/scratch docs'), 'allow', 'shell.write'],
  ['mv --target-directory= spelling', () => exec('mv --target-directory={base}/scratch docs'), 'allow', 'shell.write'],
  ['mv of a folder too large to keep', () => exec('mv big /tmp/airlock-paths12-big'), 'ask', 'preset.recursive-delete'],
  ['mv -t of a folder too large to keep', () => exec('mv -t /tmp big'), 'ask', 'preset.recursive-delete'],
  ['mv with the option after the operands', () => exec('mv big /tmp/airlock-paths12-big -f'), 'ask', 'preset.recursive-delete'],
  ['mv into home', () => exec('mv big ~/big'), 'ask', 'preset.recursive-delete'],
  ['mv through a wrapper', () => exec("bash -c 'mv big ../scratch/'"), 'ask', 'preset.recursive-delete'],
  ['mv by pattern', () => exec('mv src/* /tmp/airlock-paths12-x/'), 'ask', 'preset.recursive-delete'],
  ['mv of a restorable folder, strict', () => exec('mv src /tmp/airlock-paths12-moved'), 'ask', 'preset.restorable-delete', 'strict'],
  ['the agent renames a big folder out', () => rename('big', '/tmp/airlock-paths12-big'), 'ask', 'preset.recursive-delete'],
  ['the agent renames a restorable folder out', () => rename('src', '{base}/scratch/src'), 'allow', 'preset.restorable-delete'],
  ['the agent renames a file out', () => rename('src/a.ts', '{base}/scratch/a.ts'), 'allow', 'preset.workspace-delete'],
  ['the agent renames a file out, strict', () => rename('src/a.ts', '{base}/scratch/a.ts'), 'ask', 'preset.workspace-delete', 'strict'],
  ['a move inside the workspace stays a rename', () => exec('mv big big2'), 'allow', 'shell.write'],
  ['the agent renames inside the workspace', () => rename('big', 'big2'), 'allow', 'preset.workspace-write'],
  ['a move into the workspace', () => exec('mv {base}/scratch/cache docs/cache'), 'allow', 'shell.write'],
]);

table('fewer needless questions: deletes the snapshot can undo, build folders', 'in-temp', [
  ['rm -rf of a folder the snapshot holds', () => exec('rm -rf src'), 'allow', 'preset.restorable-delete'],
  ['the same with long options', () => exec('rm --recursive --force fixtures'), 'allow', 'preset.restorable-delete'],
  ['the same abbreviated', () => exec('rm --rec --for ./docs/'), 'allow', 'preset.restorable-delete'],
  ['several folders', () => exec('rm -r -f src fixtures'), 'allow', 'preset.restorable-delete'],
  ['through \\rm and command', () => exec('\\rm -rf src && command rm -rf fixtures'), 'allow', 'preset.restorable-delete'],
  ['the agent deletes a folder', () => del('src', true), 'allow', 'preset.restorable-delete'],
  ['a folder too large for the snapshot', () => exec('rm -rf big'), 'ask', 'shell.rm-recursive'],
  ['the agent deletes a folder too large', () => del('big', true), 'ask', 'preset.recursive-delete'],
  ['one big and one small', () => exec('rm -rf src big'), 'ask', 'shell.rm-recursive'],
  ['strict still asks', () => exec('rm -rf src'), 'ask', 'shell.rm-recursive', 'strict'],
  ['strict still asks the agent', () => del('src', true), 'ask', 'preset.restorable-delete', 'strict'],
  ['a pattern is not judged folder by folder', () => exec('rm -rf src/*'), 'ask', 'shell.rm-recursive'],
  ['an unknown target', () => exec('rm -rf "$OUT"'), 'ask', 'shell.rm-recursive'],
  ['the workspace itself', () => exec('rm -rf .'), 'deny', 'preset.workspace-root'],
  ['node_modules', () => exec('rm -rf node_modules'), 'allow', 'preset.build-output-delete'],
  ['build output folders', () => exec('rm -rf dist build .next coverage __pycache__'), 'allow', 'preset.build-output-delete'],
  ['inside a dependency folder', () => exec('rm -rf node_modules/left-pad'), 'allow', 'preset.build-output-delete'],
  ['a build folder that does not exist yet', () => exec('rm -rf target'), 'allow', 'preset.build-output-delete'],
  ['a build folder in a package', () => exec('rm -rf packages/app/dist'), 'allow', 'preset.build-output-delete'],
  ['the agent deletes node_modules', () => del('node_modules', true), 'allow', 'preset.build-output-delete'],
  ['node_modules, strict asks', () => exec('rm -rf node_modules'), 'ask', 'shell.rm-recursive', 'strict'],
  ['a virtual environment is asked (not rebuilt from a lock file; not snapshotted)', () => exec('rm -rf .venv'), 'ask', 'shell.rm-recursive'],
  ['a build folder outside the workspace is not one of ours', () => exec('rm -rf ~/projects/app/dist'), 'ask', 'shell.rm-recursive'],
  ['a plain delete of one file', () => exec('rm src/a.ts'), 'allow', 'shell.rm'],
  ['find -exec rm of matching files', () => exec("find . -name '*.txt' -exec rm {} \\;"), 'allow', 'shell.rm'],
  ['dd into a fixture file', () => exec('dd if=/dev/zero of=./fixtures/x.img bs=1M count=1'), 'allow', 'shell.write'],
  // httpie's `:9200` is localhost:9200: a loopback fetch, which the network policy asks about (not a bad URL).
  ['httpie localhost shorthand', () => exec('http GET :9200/_cat/indices'), 'ask', 'preset.network-loopback'],
  ['find -delete by name', () => exec("find . -name '*.pyc' -delete"), 'allow', 'shell.rm'],
  // Without a name test, or with rm -r, find's starting folder counts as deleted whole: here the workspace.
  ['find of every file', () => exec('find . -type f -delete'), 'deny', 'preset.workspace-root'],
  ['find -exec rm -rf', () => exec('find . -name tmp -exec rm -rf {} +'), 'deny', 'preset.workspace-root'],
  ['find -exec rm -rf below a folder', () => exec('find docs -name tmp -exec rm -rf {} +'), 'ask', 'shell.rm-recursive'],
]);

// A pattern names what the shell expands it to: a workspace, a folder holding one, or home among its matches is
// judged as itself, however the pattern is spelled (the workspace and home are both in the temporary folder here).
table('patterns that match a workspace, a folder holding one, or home', 'in-temp', [
  ['everything in the folder holding the workspace', () => exec('rm -rf {base}/*'), 'deny', 'floor.root-or-home'],
  ['the same from the workspace, by ..', () => exec('rm -rf ../*'), 'deny', 'floor.root-or-home'],
  ['after cd .., by ./*', () => exec('cd .. && rm -rf ./*'), 'deny', 'floor.root-or-home'],
  ['a pattern that matches only the workspace', () => exec('rm -rf {base}/w?'), 'deny', 'shell.rm-catastrophic'],
  ['a bracket pattern for the workspace, by find', () => exec('find {base}/[vw]s -delete'), 'deny', 'shell.rm-catastrophic'],
  ['every temporary folder of this name', () => exec('rm -rf /tmp/airlock-paths12-*'), 'deny', 'shell.rm-catastrophic'],
  ['everything in the temporary folder, by shred', () => exec('shred -u -r /tmp/*'), 'deny', 'preset.workspace-ancestor'],
  ['moving by a pattern that matches the workspace', () => exec('mv {base}/w* /var/tmp/'), 'deny', 'preset.workspace-root'],
  ['the agent deletes by a pattern', () => del('{base}/w*', true), 'deny', 'preset.workspace-root'],
  ['a pattern that matches no workspace is asked like any pattern', () => exec('rm -rf {base}/scratch/c*'), 'ask', 'shell.rm-recursive'],
  ['a pattern inside the workspace', () => exec('rm -rf src/*'), 'ask', 'shell.rm-recursive'],
  ['a file pattern inside the workspace', () => exec('rm -f src/*.ts'), 'allow', 'shell.rm'],
  // git clean removes untracked entries below the folder it runs in, never that folder.
  ['git clean of the workspace', () => exec('git clean -fdx'), 'ask', 'shell.git-clean'],
  ['git clean with . spelled out', () => exec('git clean -fd -- ./'), 'ask', 'shell.git-clean'],
  ['git clean of the folder holding the workspace', () => exec('cd .. && git clean -fdx'), 'deny', 'floor.root-or-home'],
  ['git -C .. clean', () => exec('git -C .. clean -ffdx'), 'deny', 'floor.root-or-home'],
]);

/** The guard pipeline after the policy: snapshot first, then record; `settled` replaces the policy's verdict. */
async function snapshotFirst(airlockHome: string, action: Action, settled?: Verdict) {
  const judgement = await judge(engine('in-temp', 'balanced'), [action]);
  const verdict = settled ?? judgement.verdict;
  const done = await conclude({ airlockHome, workspace: workspaceOf(ws) }, [action], judgement, { verdict, decidedBy: { by: 'policy' } });
  return { policy: judgement.verdict, verdict: done.verdict, snapshot: done.snapshot, error: done.snapshotError };
}

describe('snapshot first, then allow', () => {
  test('an allowed recursive delete is snapshotted before the answer, and the folder restores', async () => {
    const folder = join(ws, 'fixtures');
    const action = exec('rm -rf fixtures');
    const airlockHome = join(home, '.airlock');
    const first = await snapshotFirst(airlockHome, action);
    const verdict = first.policy;
    assert.equal(verdict.decision, 'allow', verdict.reason);
    assert.equal(first.verdict.decision, 'allow');
    assert.ok(first.snapshot, 'a snapshot id');
    // The agent goes ahead: the folder is gone. (This test's own folder, inside its own temporary base.)
    rmSync(folder, { recursive: true, force: true });
    assert.equal(existsSync(folder), false);
    const store = SnapshotStore.open({ root: storeRootFor(airlockHome) });
    try {
      const manifest = store.readManifest(workspaceFor(store.fsx, ws).id, first.snapshot);
      assert.ok(manifest, 'the manifest is in the store');
      const result = applyRestore(store, planRestore(store, manifest));
      assert.deepEqual(result.failed, []);
    } finally {
      store.close();
    }
    assert.equal(readFileSync(join(folder, 'one.txt'), 'utf8'), '1\n');
  });

  test('the agent moving a folder out is snapshotted too', async () => {
    const action = rename('docs', join(base, 'scratch', 'docs-moved'));
    const first = await snapshotFirst(join(home, '.airlock'), action);
    const verdict = first.policy;
    assert.equal(verdict.decision, 'allow', verdict.reason);
    assert.ok(first.snapshot);
    assert.equal(first.verdict.decision, 'allow');
  });

  test('when the snapshot cannot keep the folder, the allow becomes a question', async () => {
    const action = del('big', true);
    const allowed = { decision: 'allow' as const, rule: 'preset.restorable-delete', layer: 'preset' as const, reason: 'Deleting a folder.' };
    const first = await snapshotFirst(join(home, '.airlock'), action, allowed);
    assert.equal(first.verdict.decision, 'ask');
    assert.equal(first.verdict.rule, 'snapshot.incomplete');
  });

  test('when no snapshot can be taken, the allow of a folder delete becomes a question', async () => {
    const blocker = join(base, 'not-a-folder');
    writeFileSync(blocker, 'x');
    const allowed = { decision: 'allow' as const, rule: 'preset.restorable-delete', layer: 'preset' as const, reason: 'Deleting a folder.' };
    const first = await snapshotFirst(join(blocker, 'airlock'), del('src', true), allowed);
    assert.equal(first.verdict.decision, 'ask');
    assert.ok(first.error);
  });
});
