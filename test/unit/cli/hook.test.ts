import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { runHook, type HookDeps } from '../../../src/cli/commands/hook';
import { engineDeps } from '../../../src/cli/commands/hookEngine';
import type { CliIo } from '../../../src/cli/io';
import { airlockPathsOfEnv } from '../../../src/core/airlockPaths';
import { assertMatches, loadHookFixtures } from '../core/hooks/fixtures';
import { runCli } from './runCli';

const repo = path.join(__dirname, '../../../..');
const cli = path.join(repo, 'dist/cli.js');

interface World {
  readonly base: string;
  readonly home: string;
  readonly ws: string;
}
let w: World;

function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

before(() => {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-hook-')));
  w = { base, home: path.join(base, 'home'), ws: path.join(base, 'ws') };
  fs.mkdirSync(w.home);
  writeFile(path.join(w.ws, 'src/a.ts'), 'x\n');
  writeFile(path.join(w.ws, 'src/old.ts'), 'a\n');
  writeFile(path.join(w.ws, '.env'), 'TOKEN=x\n');
});

after(() => fs.rmSync(w.base, { recursive: true, force: true }));

const env = (): NodeJS.ProcessEnv => ({ HOME: w.home });
const parseOut = (stdout: string): unknown => (stdout.trim() === '' ? null : JSON.parse(stdout));

describe('airlock hook <agent>: documented payloads through the CLI, decided by the real engine', () => {
  // The world exists only once `before` has run, so the fixtures are loaded inside each test.
  const names = loadHookFixtures({ WS: '/ws', HOME: '/home' });
  for (const { agent, name } of names) {
    test(name, async () => {
      const loaded = loadHookFixtures({ WS: w.ws, HOME: w.home }).find((f) => f.name === name);
      assert.ok(loaded);
      const { fixture, stdin } = loaded;
      const r = await runCli(['hook', agent, ...(fixture.args ?? [])], { stdin, env: env(), cwd: w.base });
      assert.equal(r.code, fixture.expect.exitCode, `exit code; stderr: ${r.stderr}`);
      assertMatches(parseOut(r.stdout), fixture.expect.stdout);
      if (fixture.expect.stderr) assert.ok(r.stderr.trim().length > 0, 'stderr carries the reason');
      else assert.equal(r.stderr, '', 'nothing on stderr when nothing is refused');
      // An allow prints no reason; every other answer names the rule that decided.
      if (fixture.expect.rule && r.stderr !== '') assert.ok(r.stderr.includes(`[rule ${fixture.expect.rule}]`), `decided by ${fixture.expect.rule}`);
    });
  }
});

/** Runs `runHook` in-process with a way of deciding that the test controls. */
async function hookWith(deps: HookDeps, args: string[], stdin: string): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  const io: CliIo = { stdin: Readable.from([stdin]), stdout, stderr, env: env(), cwd: w.base, airlock: airlockPathsOfEnv(env()) };
  const t0 = Date.now();
  const code = await runHook(args, io, deps);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: Date.now() - t0 };
}

const claudeRead = (): string =>
  JSON.stringify({
    session_id: 's',
    cwd: w.ws,
    permission_mode: 'default',
    hook_event_name: 'PreToolUse',
    tool_name: 'Read',
    tool_input: { file_path: path.join(w.ws, 'src/a.ts') },
  });

describe('airlock hook: fails closed', () => {
  test('a decision that never comes is a deny before the deadline', async () => {
    const hang: HookDeps = { decideAlone: () => new Promise(() => undefined) };
    const r = await hookWith(hang, ['claude', '--timeout-ms', '200'], claudeRead());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no decision within 200 ms/);
    assert.ok(r.ms < 2000, `answered after ${r.ms} ms`);
  });
  test('an engine that cannot be built (say, a broken policy) is a deny in the agent\'s format', async () => {
    const broken: HookDeps = {
      decideAlone: async () => {
        throw new Error('policy error: rules[0].paths[0] is not a valid glob');
      },
    };
    const r = await hookWith(broken, ['cline'], JSON.stringify({ hookName: 'PreToolUse', clineVersion: '3.36.0', workspaceRoots: [w.ws], preToolUse: { toolName: 'read_file', parameters: { path: 'a' } } }));
    assert.equal(r.code, 0);
    assert.deepEqual(Object.keys(JSON.parse(r.stdout) as object).sort(), ['cancel', 'errorMessage']);
    assert.match(r.stdout, /"cancel":true/);
    assert.match(r.stdout, /not a valid glob/);
  });
  test('a stdin that never ends is a deny at the deadline', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let text = '';
    stdout.on('data', (b: Buffer) => (text += b.toString()));
    stderr.resume();
    const code = await runHook(['gemini', '--timeout-ms', '100'], { stdin: new PassThrough(), stdout, stderr, env: env(), cwd: w.base, airlock: airlockPathsOfEnv(env()) }, engineDeps);
    assert.equal(code, 2);
    assert.match(text, /"decision":"deny"/);
  });
  test('a bad flag is answered in the agent\'s format', async () => {
    const r = await runCli(['hook', 'cursor', '--timeout-ms', 'soon'], { stdin: claudeRead(), env: env() });
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout), { permission: 'deny' });
    assert.match(r.stderr, /--timeout-ms/);
  });
  test('an unknown option is a deny too', async () => {
    const r = await runCli(['hook', 'claude', '--yolo'], { stdin: claudeRead(), env: env() });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option --yolo/);
  });
  test('an unknown agent is a usage error (exit 2, which blocks in every agent but Cline)', async () => {
    const r = await runCli(['hook', 'windsurf'], { stdin: '{}', env: env() });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /vscode, claude, cursor, gemini, cline, codex/);
  });
  test('the filesystem root or the home folder as the workspace is refused', async () => {
    for (const cwd of ['/', w.home]) {
      const payload = JSON.stringify({ session_id: 's', cwd, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: '/etc/hostname' } });
      const r = await runCli(['hook', 'claude'], { stdin: payload, env: env() });
      assert.equal(r.code, 2, cwd);
      assert.match(r.stderr, /filesystem root|home folder itself/);
    }
  });
  test('a workspace folder that does not exist is refused', async () => {
    const r = await runCli(['hook', 'claude', '--workspace', path.join(w.base, 'nope')], { stdin: claudeRead(), env: env() });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /does not exist/);
  });
  test('HOME missing: deny', async () => {
    const payload = JSON.stringify({ session_id: 's', turn_id: '1', cwd: w.ws, hook_event_name: 'PreToolUse', model: 'gpt-5-codex', permission_mode: 'default', tool_name: 'Bash', tool_input: { command: 'ls' } });
    const r = await runCli(['hook', 'codex'], { stdin: payload, env: {} });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /HOME/);
  });
  test('a payload that looks like another agent\'s but only the named agent can read is answered by the named one', async () => {
    // `workspace_roots` makes it look like Cursor's; Cursor has no "PreToolUse" event, Claude Code reads it.
    const payload = JSON.stringify({ ...JSON.parse(claudeRead()), workspace_roots: [w.ws], tool_input: { file_path: '/etc/shadow' } });
    const r = await runCli(['hook', 'claude'], { stdin: payload, env: env() });
    assert.equal(r.code, 2);
    assert.match(r.stdout, /"permissionDecision":"deny"/);
  });
  test('$CLAUDE_PROJECT_DIR is the workspace, not the drifting cwd', async () => {
    // Claude Code's cwd follows `cd`; its project folder does not. A cwd of / would otherwise be refused.
    const payload = JSON.stringify({ session_id: 's', cwd: '/', permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: path.join(w.ws, 'src/a.ts') } });
    const r = await runCli(['hook', 'claude'], { stdin: payload, env: { ...env(), CLAUDE_PROJECT_DIR: w.ws } });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {});
  });
});

describe('airlock hook --help', () => {
  test('lists the agents and their events', async () => {
    const r = await runCli(['hook', '--help']);
    assert.equal(r.code, 0);
    for (const agent of ['vscode', 'claude', 'cursor', 'gemini', 'cline', 'codex']) assert.match(r.stdout, new RegExp(`^  ${agent} `, 'm'));
    assert.match(r.stdout, /--timeout-ms/);
  });
  test('airlock --help lists hook', async () => {
    const r = await runCli(['--help']);
    assert.match(r.stdout, /^ {2}hook {8}/m);
  });
});

/** Spawns the built CLI as an agent would: payload on stdin, answer on stdout, exit code. */
function spawnHook(args: string[], stdin: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [cli, 'hook', ...args], { env: { PATH: process.env.PATH, ...env(), ...extraEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - t0 }));
    child.stdin.end(stdin);
  });
}

describe('dist/cli.js hook claude, spawned like Claude Code spawns it', { skip: !fs.existsSync(cli) && 'dist/cli.js is not built' }, () => {
  test('allow: exit 0 and no decision', async () => {
    const r = await spawnHook(['claude'], claudeRead());
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {});
  });
  test('deny: exit 2, reason on stderr', async () => {
    const payload = JSON.stringify({ session_id: 's', cwd: w.ws, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'rm -rf ~' } });
    const r = await spawnHook(['claude'], payload);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /\[rule floor\.root-or-home\]/);
  });
  test('the deadline: the process answers deny and exits, whatever is still running', async () => {
    // A fetch of a name that needs DNS keeps a lookup in flight; a 1 ms deadline answers before it ends.
    const payload = JSON.stringify({ session_id: 's', cwd: w.ws, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'WebFetch', tool_input: { url: 'https://airlock-test.invalid/', prompt: 'x' } });
    const r = await spawnHook(['claude', '--timeout-ms', '1'], payload);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no decision within 1 ms/);
    assert.ok(r.ms < 5000, `exited after ${r.ms} ms`);
  });
});

describe('the trail keeps what the agent was told, and who decided (the hook deciding alone)', () => {
  const claudePayload = (session: string, mode: string, tool: string, input: Record<string, unknown>) =>
    JSON.stringify({ session_id: session, transcript_path: path.join(w.home, 't.jsonl'), cwd: w.ws, permission_mode: mode, hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input });
  const geminiPayload = (session: string, tool: string, input: Record<string, unknown>) =>
    JSON.stringify({ session_id: session, transcript_path: path.join(w.home, 't.json'), cwd: w.ws, hook_event_name: 'BeforeTool', timestamp: '2026-12-07T00:00:00.000Z', tool_name: tool, tool_input: input });
  const records = (session: string): { told?: string; decidedBy: { by: string }; verdict: { decision: string; rule: string } }[] => {
    const dir = path.join(w.home, '.airlock', 'trail');
    return fs.readdirSync(dir).flatMap((d) =>
      fs.readFileSync(path.join(dir, d, 'trail.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((r) => r.source?.session === session),
    );
  };

  for (const [name, agent, stdin, exitCode, policy, told] of [
    ['an ask Claude Code shows in its own prompt (default mode)', 'claude', () => claudePayload('told-1', 'default', 'Read', { file_path: path.join(w.ws, '.env') }), 0, 'ask', 'agent-prompt'],
    ['an ask Claude Code would run unasked (bypassPermissions) is a deny', 'claude', () => claudePayload('told-2', 'bypassPermissions', 'Read', { file_path: path.join(w.ws, '.env') }), 2, 'ask', 'deny'],
    ['an ask Gemini CLI cannot show is a deny', 'gemini', () => geminiPayload('told-3', 'read_file', { file_path: path.join(w.ws, '.env') }), 2, 'ask', 'deny'],
    ['a deny', 'claude', () => claudePayload('told-4', 'default', 'Bash', { command: 'rm -rf ~' }), 2, 'deny', 'deny'],
    ['an allow', 'claude', () => claudePayload('told-5', 'default', 'Read', { file_path: path.join(w.ws, 'src', 'a.ts') }), 0, 'allow', 'allow'],
  ] as const) {
    test(name, async () => {
      const r = await runCli(['hook', agent], { stdin: stdin(), env: env(), cwd: w.base });
      assert.equal(r.code, exitCode, r.stderr);
      const session = JSON.parse(stdin()).session_id as string;
      const [record, ...more] = records(session);
      assert.equal(more.length, 0);
      assert.equal(record?.verdict.decision, policy, 'the policy verdict is kept as the policy gave it');
      assert.deepEqual(record?.decidedBy, { by: 'policy' });
      assert.equal(record?.told, told);
    });
  }
});
