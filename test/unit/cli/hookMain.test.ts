// dist/hook.js, the command agents' hook entries run: it asks the editor's bridge when one guards the workspace,
// decides alone (loading the engine from airlock.js) when none does, and records what it decided alone.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { openTrail, readTrail } from '../../../src/core/audit/trail';
import { discoveryFile } from '../../../src/core/bridge/discovery';
import type { BridgeRequest } from '../../../src/core/bridge/protocol';
import { startBridgeServer, type BridgeServer } from '../../../src/core/bridge/server';
import { applyRestore, findSnapshot, planRestore, SnapshotStore, storeRootFor } from '../../../src/core/snapshots';

const hookJs = join(__dirname, '../../../../dist/hook.js');
let base = '';
let ws = '';
let home = '';
let airlockHome = '';
let server: BridgeServer | undefined;

function claude(tool: string, input: Record<string, unknown>): string {
  return JSON.stringify({ session_id: 's', transcript_path: join(home, 't'), cwd: ws, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input });
}

function runHook(payload: string, args: string[] = [], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [hookJs, 'claude', ...args], { env: { PATH: process.env.PATH, HOME: home, AIRLOCK_HOME: airlockHome, AIRLOCK_HOOK_SERVER: 'off', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(payload);
  });
}

const decision = (stdout: string): string | undefined =>
  stdout.trim() === '' ? undefined : (JSON.parse(stdout) as { hookSpecificOutput?: { permissionDecision?: string } }).hookSpecificOutput?.permissionDecision;

before(() => {
  base = mkdtempSync(join(tmpdir(), 'airlock-hookjs-'));
  ws = join(base, 'ws');
  home = join(base, 'home');
  airlockHome = join(base, 'airlock');
  mkdirSync(join(ws, 'src'), { recursive: true });
  mkdirSync(home);
  writeFileSync(join(ws, 'src', 'a.ts'), 'export {};\n');
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

after(() => rmSync(base, { recursive: true, force: true }));

describe('dist/hook.js', () => {
  test('with no editor it decides alone and records the decision in the trail', async () => {
    const allowed = await runHook(claude('Read', { file_path: join(ws, 'src', 'a.ts') }));
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.notEqual(decision(allowed.stdout), 'deny');
    const denied = await runHook(claude('Bash', { command: 'rm -rf ~' }));
    assert.equal(denied.code, 2);
    assert.equal(decision(denied.stdout), 'deny');
    const contents = await readTrail(openTrail({ airlockHome, workspace: realpathSync(ws) }));
    const rules = contents.records.flatMap((r) => ('verdict' in r ? [r.verdict.rule] : []));
    assert.deepEqual(rules, ['preset.workspace-read', 'floor.root-or-home']);
    assert.equal(contents.verification.ok, true);
  });

  test('an allowed delete is snapshotted first, and the trail names the snapshot that restores it', async () => {
    writeFileSync(join(ws, 'src', 'old.ts'), 'keep me\n');
    const r = await runHook(claude('Bash', { command: 'rm src/old.ts' }));
    assert.equal(r.code, 0, r.stderr);
    const contents = await readTrail(openTrail({ airlockHome, workspace: realpathSync(ws) }));
    const last = contents.records.at(-1);
    assert.ok(last && 'snapshot' in last && typeof last.snapshot === 'string', JSON.stringify(last));
    const store = SnapshotStore.open({ root: storeRootFor(airlockHome) });
    try {
      const manifest = findSnapshot(store, realpathSync(ws), last.snapshot as string);
      assert.ok(manifest, 'the snapshot named in the trail is in the store');
      rmSync(join(ws, 'src', 'old.ts'));
      const plan = planRestore(store, manifest, { paths: [join(realpathSync(ws), 'src', 'old.ts')] });
      applyRestore(store, plan, { onConflict: 'keep-both' });
    } finally {
      store.close();
    }
    assert.equal(readFileSync(join(ws, 'src', 'old.ts'), 'utf8'), 'keep me\n');
  });

  test('its compiled engine is cached between runs in the user\'s own folder, made again only for new work, and a cached run decides the same', async () => {
    const own = join(base, 'airlock-code-cache');
    const cacheDir = join(own, 'cache', 'code');
    const run = (payload: string) => runHook(payload, [], { AIRLOCK_HOME: own });
    const files = () => readdirSync(cacheDir).sort();
    const stamps = () => files().map((f) => statSync(join(cacheDir, f)).mtimeMs);
    const read = claude('Read', { file_path: join(ws, 'src', 'a.ts') });
    const command = claude('Bash', { command: 'git status && ls src' });

    const first = await run(read);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(statSync(cacheDir).mode & 0o077, 0, 'the cache folder is the user\'s alone');
    assert.equal(files().length, 2, files().join(', '));
    assert.ok(files()[0]?.startsWith(`airlock.js-${process.version}-`) && files()[0]?.endsWith('.v8'), files().join(', '));
    assert.deepEqual(JSON.parse(readFileSync(join(cacheDir, files()[1] ?? ''), 'utf8')), ['read']);
    const afterRead = stamps();
    // The same work again: the cache is taken as it is.
    assert.equal((await run(read)).code, 0);
    assert.deepEqual(stamps(), afterRead);
    // A command is new work: the cache is made again, now after both.
    const second = await run(command);
    assert.equal(second.code, 0, second.stderr);
    assert.notDeepEqual(stamps(), afterRead);
    assert.deepEqual(JSON.parse(readFileSync(join(cacheDir, files()[1] ?? ''), 'utf8')), ['exec', 'read']);
    const afterBoth = stamps();
    const third = await run(command);
    assert.equal(third.code, 0, third.stderr);
    assert.deepEqual(stamps(), afterBoth);
    // The cached engine decides as the compiled one did, shell grammar included.
    const contents = await readTrail(openTrail({ airlockHome: own, workspace: realpathSync(ws) }));
    const rules = contents.records.slice(-2).flatMap((r) => ('verdict' in r ? [r.verdict.rule] : []));
    assert.equal(rules.length, 2);
    assert.equal(rules[0], rules[1]);
    assert.ok(!rules.includes('internal.no-shell-parser'), rules.join(', '));
    // Node's own compile cache is not used by the hook (it keeps less: see hookMain.ts).
    assert.equal(existsSync(join(own, 'cache', 'node')), false);
  });

  test('with an editor it takes the editor\'s answer', async () => {
    const seen: BridgeRequest[] = [];
    const started = await startBridgeServer({
      airlockHome,
      roots: [realpathSync(ws)],
      handler: async (request) => {
        seen.push(request);
        return { verdict: { decision: 'deny', rule: 'approval:denied', layer: 'session', reason: 'Denied by you in the editor.' }, decider: { by: 'user', button: 'Deny' } };
      },
    });
    assert.ok(started.ok);
    server = started.value;
    const r = await runHook(claude('Read', { file_path: join(ws, 'src', 'a.ts') }));
    assert.equal(r.code, 2);
    assert.equal(decision(r.stdout), 'deny');
    assert.match(r.stdout + r.stderr, /Denied by you in the editor/);
    assert.equal(seen[0]?.agent, 'claude');
    assert.equal(seen[0]?.actions[0]?.kind, 'read');
  });

  test('an editor bridge with loose permissions is not trusted: deny', async () => {
    const started = await startBridgeServer({
      airlockHome,
      roots: [realpathSync(ws)],
      handler: async () => ({ verdict: { decision: 'allow', rule: 'x', layer: 'preset', reason: 'x' }, decider: { by: 'policy' } }),
    });
    assert.ok(started.ok);
    server = started.value;
    chmodSync(discoveryFile(airlockHome, realpathSync(ws)), 0o644);
    const r = await runHook(claude('Read', { file_path: join(ws, 'src', 'a.ts') }));
    assert.equal(r.code, 2);
    assert.match(r.stdout + r.stderr, /hook\.editor-unavailable|not safe to use/);
  });

  test('an editor that never answers is a deny before the deadline', async () => {
    const started = await startBridgeServer({ airlockHome, roots: [realpathSync(ws)], handler: () => new Promise(() => undefined) });
    assert.ok(started.ok);
    server = started.value;
    const t0 = Date.now();
    const r = await runHook(claude('Read', { file_path: join(ws, 'src', 'a.ts') }), ['--timeout-ms', '1500']);
    assert.equal(r.code, 2);
    assert.equal(decision(r.stdout), 'deny');
    assert.ok(Date.now() - t0 < 5_000);
  });
});
