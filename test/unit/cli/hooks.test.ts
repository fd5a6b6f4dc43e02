// `airlock hooks status|install|remove`, run in-process with HOME pointed at a fresh temporary folder each time.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { unifiedDiff } from '../../../src/cli/lineDiff';
import { runCli } from './runCli';

let base = '';
let counter = 0;

before(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-hooks-cli-')));
});
after(() => fs.rmSync(base, { recursive: true, force: true }));

interface World {
  readonly home: string;
  readonly script: string;
  run(...args: string[]): ReturnType<typeof runCli>;
}

function world(): World {
  const root = path.join(base, `w${counter++}`);
  const home = path.join(root, 'home');
  const script = path.join(root, 'ext dir', 'dist', 'hook.js');
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync(path.dirname(script), { recursive: true });
  fs.writeFileSync(script, '// hook\n');
  return { home, script, run: (...args) => runCli(['hooks', ...args], { env: { HOME: home }, cwd: root }) };
}

/** A stand-in Node at `file` that prints `version` for `-p process.version`, as the installer checks it. */
function fakeNode(file: string, version: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\necho ${version}\n`, { mode: 0o755 });
  return file;
}

const read = (file: string): string | undefined => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
const claudeSettings = (w: World): string => path.join(w.home, '.claude', 'settings.json');
/** Every file below a folder, relative to it. */
const files = (dir: string): string[] => (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();

describe('airlock hooks', () => {
  test('status: every agent, none detected or installed in an empty home', async () => {
    const w = world();
    const r = await w.run('status', '--json');
    assert.equal(r.code, 0, r.stderr);
    const all = JSON.parse(r.stdout) as { agent: string; detected: boolean; state: string; file: string }[];
    assert.deepEqual(all.map((s) => [s.agent, s.detected, s.state]), [
      ['vscode', false, 'missing'],
      ['claude', false, 'missing'],
      ['cursor', false, 'missing'],
      ['gemini', false, 'missing'],
      ['cline', false, 'missing'],
      ['codex', false, 'missing'],
    ]);
    assert.equal(all[1]?.file, claudeSettings(w));
  });

  test('install with no agent found and none named: exit 1, nothing written', async () => {
    const w = world();
    const r = await w.run('install', '--yes', '--hook-command', w.script);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no supported agent found in .*; name one with --agent/);
    assert.deepEqual(files(w.home), []);
  });

  test('install prints the exact change and writes only with --yes (and never with --dry-run)', async () => {
    const w = world();
    const plan = await w.run('install', '--agent', 'claude', '--hook-command', w.script);
    assert.equal(plan.code, 0, plan.stderr);
    // By default the entry starts the Node running the command, by its absolute path.
    const command = `${process.execPath} \\"${w.script}\\" claude`;
    assert.ok(plan.stdout.includes(`Claude Code: create ${claudeSettings(w)} with Airlock's PreToolUse, PostToolUse, PostToolUseFailure entries`), plan.stdout);
    assert.ok(plan.stdout.includes(`--- /dev/null\n+++ ${claudeSettings(w)}\n@@ -0,0 +1,40 @@\n+{\n`), plan.stdout);
    assert.ok(plan.stdout.includes(`+            "command": "${command}",\n+            "timeout": 60\n`), plan.stdout);
    assert.match(plan.stdout, /Nothing was written\. Run again with --yes/);
    assert.deepEqual(files(w.home), []);

    const dry = await w.run('install', '--agent', 'claude', '--yes', '--dry-run', '--hook-command', w.script);
    assert.equal(dry.code, 0);
    assert.deepEqual(files(w.home), []);

    const done = await w.run('install', 'claude', '--yes', '--hook-command', w.script);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, new RegExp(`Wrote ${claudeSettings(w).replaceAll('/', '\\/')}\n  Claude Code: .*/hooks`));
    assert.equal((JSON.parse(read(claudeSettings(w)) ?? '') as { hooks: { PreToolUse: { hooks: { command: string }[] }[] } }).hooks.PreToolUse[0]?.hooks[0]?.command, `${process.execPath} "${w.script}" claude`);

    const again = await w.run('install', '--agent', 'claude', '--yes', '--hook-command', w.script);
    assert.equal(again.code, 0);
    assert.equal(again.stdout, `Claude Code: already installed in ${claudeSettings(w)}\n`);

    const status = await w.run('status', '--hook-command', w.script);
    assert.match(status.stdout, /^claude +yes +installed +\/.*settings\.json$/m);
  });

  test('install without --agent covers the agents found in HOME, and only those', async () => {
    const w = world();
    fs.mkdirSync(path.join(w.home, '.cursor'));
    fs.mkdirSync(path.join(w.home, 'Documents', 'Cline'), { recursive: true });
    const node = fakeNode(path.join(path.dirname(w.home), 'opt', 'node 20', 'bin', 'node'), 'v20.11.1');
    const r = await w.run('install', '--yes', '--hook-command', w.script, '--node', node);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(files(w.home), ['.cursor/hooks.json', 'Documents/Cline/Hooks/PostToolUse', 'Documents/Cline/Hooks/PreToolUse']);
    assert.equal(read(path.join(w.home, 'Documents/Cline/Hooks/PostToolUse')), read(path.join(w.home, 'Documents/Cline/Hooks/PreToolUse')));
    assert.equal(read(path.join(w.home, 'Documents/Cline/Hooks/PreToolUse'))?.split('\n')[2], `exec "${node}" "${w.script}" cline`);
  });

  test('a Node that is missing, does not run or is too old is refused before anything is written', async () => {
    const w = world();
    const dir = path.dirname(w.home);
    const old = fakeNode(path.join(dir, 'old', 'node'), 'v18.19.0');
    const broken = path.join(dir, 'broken', 'node');
    fs.mkdirSync(path.dirname(broken), { recursive: true });
    fs.writeFileSync(broken, '#!/bin/sh\nexit 3\n', { mode: 0o755 });
    for (const [node, why] of [
      [path.join(dir, 'nowhere', 'node'), /cannot be started \(ENOENT\)/],
      [old, /Node v18\.19\.0; the hook needs Node 20 or later/],
      [broken, /exited with 3/],
    ] as const) {
      const r = await w.run('install', 'claude', '--yes', '--hook-command', w.script, '--node', node);
      assert.equal(r.code, 1, node);
      assert.match(r.stderr, why);
      assert.deepEqual(files(w.home), []);
    }
    // 'node' alone is the person's choice: a lookup on the agent's PATH, written as such.
    const bare = await w.run('install', 'claude', '--yes', '--hook-command', w.script, '--node', 'node');
    assert.equal(bare.code, 0, bare.stderr);
    const status = JSON.parse((await w.run('status', '--json')).stdout) as { agent: string; state: string; problem?: string }[];
    const claude = status.find((x) => x.agent === 'claude');
    assert.equal(claude?.state, 'outdated');
    assert.match(claude?.problem ?? '', /starts `node` from the agent's PATH/);
  });

  test('status says when an installed entry would not start: its Node gone, too old, or its script gone', async () => {
    const w = world();
    const node = fakeNode(path.join(path.dirname(w.home), 'n', 'bin', 'node'), 'v22.1.0');
    assert.equal((await w.run('install', 'claude', 'codex', '--yes', '--hook-command', w.script, '--node', node)).code, 0);
    const state = async (agent: string) => {
      const all = JSON.parse((await w.run('status', '--json')).stdout) as { agent: string; state: string; protected: boolean; problem?: string }[];
      return all.find((x) => x.agent === agent);
    };
    assert.equal((await state('claude'))?.state, 'installed');
    assert.equal((await state('claude'))?.protected, true);
    // The Node is replaced by one too old (a version manager switched it), then removed.
    fakeNode(node, 'v16.20.2');
    assert.equal((await state('codex'))?.state, 'would-not-start');
    assert.match((await state('codex'))?.problem ?? '', /v16\.20\.2; the hook needs Node 20/);
    fs.rmSync(node);
    const gone = await state('claude');
    assert.equal(gone?.state, 'would-not-start');
    assert.equal(gone?.protected, false);
    assert.match(gone?.problem ?? '', /its Node .*node no longer exists/);
    const table = await w.run('status');
    assert.match(table.stdout, /^claude +yes +would-not-start +\/.*settings\.json +its Node/m);
    // The script goes (the extension moved): also would-not-start.
    fakeNode(node, 'v22.1.0');
    fs.rmSync(w.script);
    assert.match((await state('claude'))?.problem ?? '', /hook script .* no longer exists/);
  });

  test('an existing hook file: the diff shows only the added entry; remove takes out only Airlock', async () => {
    const w = world();
    const original = '{\n  "model": "opus",\n  "hooks": {\n    "PreToolUse": [\n      { "matcher": "Bash", "hooks": [{ "type": "command", "command": "~/guard.sh" }] }\n    ]\n  }\n}\n';
    fs.mkdirSync(path.dirname(claudeSettings(w)), { recursive: true });
    fs.writeFileSync(claudeSettings(w), original);
    const r = await w.run('install', '--yes', '--hook-command', w.script);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.includes(`--- ${claudeSettings(w)}\n+++ ${claudeSettings(w)}\n@@ -2,7 +2,41 @@\n`), r.stdout);
    assert.ok(r.stdout.includes('-      { "matcher": "Bash", "hooks": [{ "type": "command", "command": "~/guard.sh" }] }\n+      { "matcher": "Bash", "hooks": [{ "type": "command", "command": "~/guard.sh" }] },\n+      {\n'), r.stdout);

    const planOnly = await w.run('remove');
    assert.equal(planOnly.code, 0);
    assert.match(planOnly.stdout, /Claude Code: remove PreToolUse, remove PostToolUse, remove PostToolUseFailure in/);
    assert.notEqual(read(claudeSettings(w)), original);

    const removed = await w.run('remove', '--yes');
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(read(claudeSettings(w)), original);
    const nothing = await w.run('remove', '--yes');
    assert.equal(nothing.stdout, 'Nothing to change.\n');
  });

  test('a hook file that is not valid JSON: exit 1, named, untouched; the other agents still go ahead', async () => {
    const w = world();
    fs.mkdirSync(path.join(w.home, '.claude'));
    fs.writeFileSync(claudeSettings(w), '{ "hooks": ');
    fs.mkdirSync(path.join(w.home, '.gemini'));
    const r = await w.run('install', '--yes', '--hook-command', w.script);
    assert.equal(r.code, 1);
    assert.ok(r.stderr.startsWith(`airlock: ${claudeSettings(w)} is not valid JSON`), r.stderr);
    assert.equal(read(claudeSettings(w)), '{ "hooks": ');
    assert.match(r.stdout, /Wrote .*\.gemini\/settings\.json/);
    const status = await w.run('status');
    assert.equal(status.code, 1);
    assert.match(status.stdout, /^claude +yes +error .*is not valid JSON/m);
  });

  test('the hook script must exist: by default the one beside the CLI, else --hook-command', async () => {
    const w = world();
    fs.mkdirSync(path.join(w.home, '.claude'));
    const r = await w.run('install', '--yes');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the hook script .*hook\.js does not exist; pass the extension's dist\/hook\.js with --hook-command/);
    const missing = await w.run('install', '--yes', '--hook-command', 'nowhere/hook.js');
    assert.equal(missing.code, 1);
    assert.ok(missing.stderr.includes(path.join(path.dirname(w.home), 'nowhere/hook.js')), missing.stderr);
    assert.deepEqual(files(w.home), []);
  });

  test('usage errors exit 2', async () => {
    const w = world();
    for (const args of [[], ['frobnicate'], ['install', '--agent', 'emacs'], ['status', '--yes'], ['remove', '--hook-command', w.script], ['status', 'claude'], ['install', '--bogus']]) {
      const r = await w.run(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /^airlock: /);
    }
    const noHome = await runCli(['hooks', 'status'], { env: {} });
    assert.equal(noHome.code, 2);
    const help = await w.run('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: airlock hooks status/);
  });

  test('the command list names hooks', async () => {
    const r = await runCli(['--help']);
    assert.match(r.stdout, /^ {2}hooks {7}install, remove or show Airlock's hook/m);
  });
});

describe('unified diff of a hook file', () => {
  const rows: readonly [name: string, before: string, after: string, diff: string][] = [
    ['no change', 'a\nb\n', 'a\nb\n', ''],
    ['a new file', '', 'a\nb\n', '--- x\n+++ y\n@@ -0,0 +1,2 @@\n+a\n+b\n'],
    ['a deleted file', 'a\n', '', '--- x\n+++ y\n@@ -1,1 +0,0 @@\n-a\n'],
    ['one line changed, with context', '1\n2\n3\n4\n5\n6\n7\n8\n9\n', '1\n2\n3\n4\nfive\n6\n7\n8\n9\n', '--- x\n+++ y\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n'],
    ['two distant changes, two hunks', 'a\n1\n2\n3\n4\n5\n6\n7\n8\nb\n', 'A\n1\n2\n3\n4\n5\n6\n7\n8\nB\n', '--- x\n+++ y\n@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n 3\n@@ -7,4 +7,4 @@\n 6\n 7\n 8\n-b\n+B\n'],
    ['a line added at the end', 'a\n', 'a\nb\n', '--- x\n+++ y\n@@ -1,1 +1,2 @@\n a\n+b\n'],
  ];
  for (const [name, before, after, diff] of rows) {
    test(name, () => assert.equal(unifiedDiff(before, after, { from: 'x', to: 'y' }), diff));
  }
});
