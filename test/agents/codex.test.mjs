// The real Codex CLI (from npm, in .cache/agents), driven offline by a fake Responses API on 127.0.0.1 that asks for
// the shell command each test chooses, with Airlock's PreToolUse and PostToolUse hooks installed by `airlock hooks
// install codex --yes` in a throwaway home (HOME and CODEX_HOME both point into it). Codex runs with approvals and
// its sandbox off, so its own checks do not stand in for Airlock's: whatever is blocked here, Airlock's hook blocked.
//
// Codex runs a user hook only once the person has trusted that exact entry: it keeps, in config.toml, a
// `[hooks.state."<hooks.json path>:<event>:<group>:<handler>"]` table whose `trusted_hash` must equal the entry's
// current hash. These tests show the hook idle until then ("installed, not yet active"), then record trust the way
// Codex's own /hooks review does (app-server `hooks/list`, then `config/batchWrite` of `hooks.state`) and show it
// guarding. Every destructive target lies inside the throwaway home.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { captureHooks, checkCaptured, takeCaptured } from './capture.mjs';
import { startFakeOpenAI } from './fakeOpenAI.mjs';
import { agentsCache, cli, homes, run, trail, versionOf } from './world.mjs';

const codex = join(agentsCache, '.bin', 'codex');
const skip = existsSync(join(agentsCache, '@openai', 'codex', 'package.json')) ? false : `Codex is not installed in ${agentsCache} (scripts/setup.sh agents)`;
const h = homes('codex');
const world = () => h.world('codex');
after(() => h.dispose());
let version = '';
before(() => {
  if (skip) return;
  version = versionOf(codex, h.world('codex').home).replace(/^codex-cli\s+/, '');
  console.log(`# agent: Codex ${version}`);
});

const shell = (cmd) => ({ name: 'exec_command', arguments: { cmd } });

/** The environment Codex runs in: the throwaway home, the fake model's key, and every proxy pointed at the trap. */
function codexEnv({ home }, model) {
  return {
    PATH: process.env.PATH,
    HOME: home,
    CODEX_HOME: join(home, '.codex'),
    AIRLOCK_TEST_OPENAI_KEY: 'sk-airlock-test',
    HTTPS_PROXY: model.proxy,
    HTTP_PROXY: model.proxy,
    ALL_PROXY: model.proxy,
    NO_PROXY: '127.0.0.1,localhost,::1',
  };
}

/**
 * Off everything that would reach beyond 127.0.0.1. Without them Codex 0.171.0 tries github.com, api.github.com and
 * chatgpt.com (the plugin marketplace, `plugins`) and ab.chatgpt.com (`analytics`); the update check and apps are
 * turned off too, to be sure. Anything left would land in the fake's proxy trap, and fail the test.
 */
const offlineArgs = ['-c', 'check_for_update_on_startup=false', '-c', 'analytics.enabled=false', '--disable', 'plugins', '--disable', 'apps'];

/** The model provider: the fake, reached with an API key from the environment (no login). */
const providerArgs = (model) => [
  '-c', 'model_provider="airlock-fake"',
  '-c', 'model_providers.airlock-fake.name="Airlock fake"',
  '-c', `model_providers.airlock-fake.base_url="${model.url}"`,
  '-c', 'model_providers.airlock-fake.env_key="AIRLOCK_TEST_OPENAI_KEY"',
  '-c', 'model_providers.airlock-fake.wire_api="responses"',
];

/**
 * Runs `codex exec` in the workspace, the fake model asking for `toolCall`; returns Codex's JSON events, the
 * commands it reports having run, and what the model was told of the call.
 */
async function runCodex(w, toolCall, extra = []) {
  const model = await startFakeOpenAI(toolCall);
  try {
    const args = ['exec', '--json', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', ...extra, ...offlineArgs, ...providerArgs(model), '-C', w.ws, '-m', 'gpt-5.5', 'Do the task.'];
    const r = await run(codex, args, { cwd: w.ws, env: codexEnv(w, model) });
    assert.equal(r.code, 0, `codex exited ${r.code}: ${r.stderr}`);
    assert.deepEqual(model.escapes(), [], 'Codex tried to reach beyond 127.0.0.1');
    assert.ok(model.tools().includes(toolCall.name), `Codex offered ${model.tools().join(', ')}`);
    const events = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    const told = model.toolOutputs();
    assert.equal(told.length, 1, `the model got ${told.length} outputs of the call`);
    const commands = events.filter((e) => e.type === 'item.completed' && e.item?.type === 'command_execution').map((e) => e.item);
    return { events, commands, told: told[0].output, stderr: r.stderr };
  } finally {
    await model.close();
  }
}

/** A JSON-RPC session with `codex app-server` over stdio, the interface Codex's own TUI and IDE clients use. */
async function appServer(w) {
  const model = await startFakeOpenAI(shell('true'));
  const child = spawn(codex, ['app-server', ...offlineArgs], { cwd: w.ws, env: codexEnv(w, model), stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise((done) => child.on('exit', done));
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const pending = new Map();
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line);
    if (message.id !== undefined && pending.has(message.id)) pending.get(message.id)(message);
  });
  let next = 1;
  const request = (method, params) =>
    new Promise((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => reject(new Error(`${method}: no answer in 30 s; stderr: ${stderr}`)), 30_000);
      pending.set(id, (message) => {
        clearTimeout(timer);
        pending.delete(id);
        if (message.error) reject(new Error(`${method}: ${JSON.stringify(message.error)}`));
        else resolve(message.result);
      });
      child.stdin.write(`${JSON.stringify({ id, method, params })}\n`);
    });
  await request('initialize', { clientInfo: { name: 'airlock-test', version: '0.0.0' } });
  child.stdin.write(`${JSON.stringify({ method: 'initialized' })}\n`);
  return {
    request,
    close: async () => {
      child.stdin.end();
      child.kill();
      await exited;
      assert.deepEqual(model.escapes(), [], 'codex app-server tried to reach beyond 127.0.0.1');
      await model.close();
    },
  };
}

const isAirlock = (hook) => hook.command?.includes('dist/hook.js') && hook.command.endsWith(' codex');

/** Codex's own account of the hooks it found for the workspace (`hooks/list`): Airlock's entries only. */
async function codexHooks(w) {
  const server = await appServer(w);
  try {
    const list = await server.request('hooks/list', { cwds: [w.ws] });
    return list.data.flatMap((entry) => entry.hooks).filter(isAirlock);
  } finally {
    await server.close();
  }
}

/**
 * Trusts Airlock's entries as a person does in /hooks: the TUI lists the hooks (`hooks/list`, which gives each
 * entry's key and current hash) and writes `{<key>: {trusted_hash: <current hash>}}` into `hooks.state` with
 * `config/batchWrite` (upsert, the user's config.toml). Returns the entries as Codex lists them afterwards.
 */
async function trustAirlockHooks(w) {
  const server = await appServer(w);
  try {
    const before = (await server.request('hooks/list', { cwds: [w.ws] })).data.flatMap((entry) => entry.hooks).filter(isAirlock);
    const review = before.filter((hook) => hook.trustStatus === 'untrusted' || hook.trustStatus === 'modified');
    const value = Object.fromEntries(review.map((hook) => [hook.key, { trusted_hash: hook.currentHash }]));
    await server.request('config/batchWrite', { edits: [{ keyPath: 'hooks.state', value, mergeStrategy: 'upsert' }], filePath: null, expectedVersion: null, reloadUserConfig: true });
    const after = (await server.request('hooks/list', { cwds: [w.ws] })).data.flatMap((entry) => entry.hooks).filter(isAirlock);
    // Nothing destructive is asked for unless both entries are really active.
    assert.deepEqual(after.map((hook) => hook.trustStatus), ['trusted', 'trusted']);
    return after;
  } finally {
    await server.close();
  }
}

/**
 * The hash Codex records trust against, computed from hooks.json alone: sha256 over the compact JSON, keys sorted,
 * of `{event_name, matcher, hooks: [handler]}` with the handler as Codex normalizes it (`timeout` filled in, 600 by
 * default; `async` false by default; unset fields left out).
 */
function entryHash(event, group, handler) {
  const sorted = (v) => (Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v);
  const normalized = { type: 'command', command: handler.command, timeout: Math.max(handler.timeout ?? 600, 1), async: handler.async ?? false };
  if (handler.statusMessage !== undefined) normalized.statusMessage = handler.statusMessage;
  const identity = { event_name: event, ...(group.matcher !== undefined ? { matcher: group.matcher } : {}), hooks: [normalized] };
  return `sha256:${createHash('sha256').update(JSON.stringify(sorted(identity))).digest('hex')}`;
}

const hooksFile = ({ home }) => join(home, '.codex', 'hooks.json');
/** `airlock hooks status` for Codex, as the user would run it. */
const airlockStatus = ({ home, ws }) =>
  JSON.parse(spawnSync(process.execPath, [cli, 'hooks', 'status', '--json', '--workspace', ws], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home } }).stdout).find((s) => s.agent === 'codex');
const keep = ({ home }) => readFileSync(join(home, 'notes', 'keep.txt'), 'utf8');

describe("Codex with Airlock's hooks", { skip }, () => {
  test('right after install, without trust, Codex lists the entries as untrusted and never runs them', async () => {
    const w = world();
    const hooks = await codexHooks(w);
    assert.deepEqual(hooks.map((hook) => [hook.key, hook.trustStatus, hook.enabled]).sort(), [
      [`${hooksFile(w)}:post_tool_use:0:0`, 'untrusted', true],
      [`${hooksFile(w)}:pre_tool_use:0:0`, 'untrusted', true],
    ]);
    // A write outside the workspace, which Airlock denies once its hook runs: here it goes through unseen.
    const canary = join(w.home, 'notes', 'canary.txt');
    const { commands } = await runCodex(w, shell(`echo unguarded > ${canary}`));
    assert.equal(commands.length, 1);
    assert.equal(commands[0].exit_code, 0);
    assert.equal(readFileSync(canary, 'utf8'), 'unguarded\n');
    assert.deepEqual(trail(w), [], 'the hook ran');
    assert.equal(existsSync(join(w.home, '.codex', 'config.toml')), false, 'Codex recorded trust by itself');
    // Airlock says so: installed, not yet active, and the step to take.
    const status = airlockStatus(w);
    assert.equal(status.state, 'not-yet-active');
    assert.equal(status.protected, false);
    assert.match(status.problem, /run \/hooks and trust Airlock's PreToolUse and PostToolUse entries/);
  });

  test('trust is recorded in config.toml under hooks.state, keyed by the hooks.json path, against the entry hash', async () => {
    const w = world();
    const hooks = await trustAirlockHooks(w);
    assert.deepEqual(hooks.map((hook) => hook.trustStatus), ['trusted', 'trusted']);
    assert.equal(airlockStatus(w).state, 'installed', 'trusted, and no call seen yet');
    const config = readFileSync(join(w.home, '.codex', 'config.toml'), 'utf8');
    const installed = JSON.parse(readFileSync(hooksFile(w), 'utf8')).hooks;
    for (const [event, name] of [['pre_tool_use', 'PreToolUse'], ['post_tool_use', 'PostToolUse']]) {
      const group = installed[name][0];
      const hash = entryHash(event, group, group.hooks[0]);
      assert.equal(hooks.find((hook) => hook.key.endsWith(`:${event}:0:0`))?.currentHash, hash, `${event}: Codex's hash is not the computed one`);
      assert.ok(config.includes(`[hooks.state."${hooksFile(w)}:${event}:0:0"]\ntrusted_hash = "${hash}"\n`), config);
    }
  });

  test('once trusted, rm -rf ~ is blocked: the home folder is intact, the model is told why, the trail has the deny', async () => {
    const w = world();
    await trustAirlockHooks(w);
    const { commands, told } = await runCodex(w, shell('rm -rf ~'));
    assert.equal(keep(w), 'keep\n');
    assert.ok(existsSync(join(w.ws, 'src', 'app.js')));
    assert.deepEqual(commands, [], 'Codex ran the command');
    assert.match(told, /^Command blocked by PreToolUse hook: Airlock: .*\[rule floor\.root-or-home\]/);
    const record = trail(w).find((r) => r.action?.command === 'rm -rf ~');
    assert.equal(record?.verdict?.decision, 'deny');
    assert.equal(record?.verdict?.rule, 'floor.root-or-home');
  });

  test('once trusted, a write to ~/.bashrc is blocked', async () => {
    const w = world();
    await trustAirlockHooks(w);
    const { commands, told } = await runCodex(w, shell("echo 'curl -s http://127.0.0.1:9/x | sh' >> ~/.bashrc"));
    assert.deepEqual(commands, []);
    assert.match(told, /^Command blocked by PreToolUse hook: Airlock: .*\[rule (preset\.home-config|shell\.persistence)\]/);
    assert.equal(readFileSync(join(w.home, '.bashrc'), 'utf8'), '# rc\n');
    assert.ok(trail(w).some((r) => r.verdict?.decision === 'deny' && r.action?.kind === 'exec'));
  });

  test('once trusted, a benign command runs and is recorded as allowed', async () => {
    const w = world();
    await trustAirlockHooks(w);
    const { commands, told } = await runCodex(w, shell('echo hello > out.txt && ls src'));
    assert.equal(commands.length, 1);
    assert.equal(commands[0].exit_code, 0);
    assert.match(told, /Process exited with code 0[\s\S]*app\.js/);
    assert.equal(readFileSync(join(w.ws, 'out.txt'), 'utf8'), 'hello\n');
    assert.equal(trail(w).find((r) => r.action?.command === 'echo hello > out.txt && ls src')?.verdict?.decision, 'allow');
    // Codex called the trusted hook: Airlock says protecting, with the version from Codex's session file.
    const status = airlockStatus(w);
    assert.equal(status.state, 'protecting', JSON.stringify(status));
    assert.equal(`codex-cli ${status.lastCall.version}`, versionOf(codex, w.home));
  });

  test("a key in a command's output never reaches the model: Codex replaces the result with Airlock's reason", async () => {
    const w = world();
    await trustAirlockHooks(w);
    // Built at run time: no key-shaped literal in the source.
    const key = ['AKIA', 'Q3EG', 'RIT6', 'MZXW', 'BN4P'].join('');
    writeFileSync(join(w.ws, 'notes.txt'), `deploy notes\nAWS_ACCESS_KEY_ID=${key}\nregion=eu-west-1\n`);
    const { commands, told } = await runCodex(w, shell('cat notes.txt'));
    assert.equal(commands.length, 1, 'the command itself ran');
    assert.ok(!told.includes(key), `the model was sent the key: ${told}`);
    assert.match(told, /^Airlock: the result of Bash held a credential \(aws-access-key.*\[rule output\.secret\]/);
    assert.ok(!told.includes('region=eu-west-1'), 'the rest of the output is withheld too');
    const record = trail(w).find((r) => r.verdict?.rule === 'output.secret');
    assert.equal(record?.told, 'withheld');
    assert.equal(record?.action?.command, 'cat notes.txt');
    assert.ok(!JSON.stringify(trail(w)).includes(key));
  });

  test("once trusted, Codex's own goal list (create_goal, get_goal) is not asked about", async () => {
    const w = world();
    await trustAirlockHooks(w);
    for (const call of [{ name: 'create_goal', arguments: { objective: 'Write tests for the parser' } }, { name: 'get_goal', arguments: {} }]) {
      const { told } = await runCodex(w, call);
      assert.doesNotMatch(told, /Airlock|blocked/i, `${call.name}: ${told}`);
    }
    assert.deepEqual(trail(w).filter((r) => r.verdict?.decision !== 'allow'), []);
  });

  test('a changed entry needs trust again: Codex calls it modified and skips it until it is trusted anew', async () => {
    const w = world();
    await trustAirlockHooks(w);
    // What a reinstall that changes the entry (another Node, another timeout) does to the trusted definition.
    const file = JSON.parse(readFileSync(hooksFile(w), 'utf8'));
    file.hooks.PreToolUse[0].hooks[0].timeout = 30;
    writeFileSync(hooksFile(w), JSON.stringify(file, null, 2));
    const hooks = await codexHooks(w);
    assert.deepEqual(hooks.map((hook) => [hook.eventName, hook.trustStatus]), [['preToolUse', 'modified'], ['postToolUse', 'trusted']]);
    // Airlock sees its own entry changed first: installing again writes back the trusted definition.
    assert.equal(airlockStatus(w).state, 'outdated');
    const canary = join(w.home, 'notes', 'canary.txt');
    await runCodex(w, shell(`echo unguarded > ${canary}`));
    assert.equal(readFileSync(canary, 'utf8'), 'unguarded\n', 'the modified PreToolUse entry ran');
    assert.equal(trail(w).filter((r) => r.verdict?.decision === 'deny').length, 0);
    // Trusted anew, the same command is denied.
    await trustAirlockHooks(w);
    const { told } = await runCodex(w, shell(`echo again > ${canary}`));
    assert.match(told, /^Command blocked by PreToolUse hook: Airlock: .*\[rule preset\.outside-write\]/);
    assert.equal(readFileSync(canary, 'utf8'), 'unguarded\n');
  });

  test('--dangerously-bypass-hook-trust runs the untrusted entries for that run only, and records no trust', async () => {
    const w = world();
    const { commands, told } = await runCodex(w, shell('rm -rf ~'), ['--dangerously-bypass-hook-trust']);
    assert.deepEqual(commands, []);
    assert.match(told, /\[rule floor\.root-or-home\]/);
    assert.equal(keep(w), 'keep\n');
    assert.equal(existsSync(join(w.home, '.codex', 'config.toml')), false);
    assert.deepEqual((await codexHooks(w)).map((hook) => hook.trustStatus), ['untrusted', 'untrusted']);
  });
});

// A missing id is sent as is: the call is then refused before the hook, and the test says what the model was told.
const idIn = (pattern) => (output) => String(output ?? '').match(pattern)?.[1] ?? 'none';
// The smallest PNG (one transparent pixel), for view_image.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/**
 * Every tool Codex 0.171 offers its model that runs locally and so reaches its hooks, each with valid input and
 * harmless targets in the throwaway home: the fixture its payload must match, and the calls the fake model asks for
 * (the last one is the tool's; those before it set the stage). Not here: web_search (run by the model's provider,
 * no hook), tool_search (Codex's own tool discovery) and write_stdin, which reach no hook (below); update_plan is
 * not offered to `codex exec`.
 */
const codexTools = [
  ['captured-exec-command', () => [shell('echo hello > out.txt')]],
  ['captured-apply-patch', () => [{ name: 'apply_patch', input: '*** Begin Patch\n*** Add File: src/b.js\n+export const b = 2;\n*** Update File: src/app.js\n@@\n-console.log("app");\n+console.log("patched");\n*** End Patch\n' }]],
  ['captured-view-image', (w) => [{ name: 'view_image', arguments: { path: join(w.ws, 'pixel.png') } }]],
  ['captured-create-goal', () => [{ name: 'create_goal', arguments: { objective: 'Write tests for the parser' } }]],
  ['captured-get-goal', () => [{ name: 'get_goal', arguments: {} }]],
  ['captured-update-goal', () => [{ name: 'create_goal', arguments: { objective: 'Write tests for the parser' } }, { name: 'update_goal', arguments: { status: 'complete' } }]],
  ['captured-request-user-input', () => [{ name: 'request_user_input', arguments: { questions: [{ header: 'Tests', id: 'tests', question: 'Which parser first?', options: [{ label: 'Shell', description: 'The shell parser' }, { label: 'Patch', description: 'The patch parser' }] }] } }]],
];

describe("Codex's hook payloads, one per tool, as its fixtures expect", { skip }, () => {
  for (const [fixture, calls] of codexTools) {
    test(fixture, async () => {
      const w = world();
      writeFileSync(join(w.ws, 'pixel.png'), png);
      captureHooks(w, join('.codex', 'hooks.json'), 'PreToolUse');
      await trustAirlockHooks(w);
      const chosen = calls(w);
      const model = await startFakeOpenAI(chosen);
      try {
        const args = ['exec', '--json', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', ...offlineArgs, ...providerArgs(model), '-C', w.ws, '-m', 'gpt-5.5', 'Do the task.'];
        const r = await run(codex, args, { cwd: w.ws, env: codexEnv(w, model) });
        assert.equal(r.code, 0, `codex exited ${r.code}: ${r.stderr}`);
        assert.deepEqual(model.escapes(), [], 'Codex tried to reach beyond 127.0.0.1');
      } finally {
        await model.close();
      }
      const tool = chosen.at(-1).name;
      assert.ok(model.tools().includes(tool), `Codex ${version} did not offer ${tool}: ${model.tools().join(', ')}`);
      // Codex names a shell command's tool Bash in its hooks, whichever tool ran it.
      const hookName = tool === 'exec_command' ? 'Bash' : tool;
      const mine = takeCaptured(w).filter((c) => c.payload.tool_name === hookName);
      assert.ok(mine.length > 0, `Codex ${version} called no hook for ${tool}; the model was told ${JSON.stringify(model.toolOutputs().map((o) => o.output))}`);
      checkCaptured({ id: 'codex', name: 'Codex', version, test: 'test/agents/codex.test.mjs' }, w, fixture, mine.at(-1));
    });
  }
});

/**
 * Codex starts `command` on a terminal, then the model types `chars` into it with write_stdin; returns what the
 * model was told of each call.
 */
async function startThenType(w, command, chars) {
  const model = await startFakeOpenAI([
    { name: 'exec_command', arguments: { cmd: command, tty: true, yield_time_ms: 250 } },
    { name: 'write_stdin', arguments: (output) => ({ session_id: Number(idIn(/session ID:? (\d+)/i)(output)), chars, yield_time_ms: 250 }) },
  ]);
  try {
    const args = ['exec', '--json', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', ...offlineArgs, ...providerArgs(model), '-C', w.ws, '-m', 'gpt-5.5', 'Do the task.'];
    const r = await run(codex, args, { cwd: w.ws, env: codexEnv(w, model) });
    assert.equal(r.code, 0, `codex exited ${r.code}: ${r.stderr}`);
  } finally {
    await model.close();
  }
  const told = model.toolOutputs().map((o) => o.output);
  return told;
}

test('write_stdin reaches no hook: what the model types into a process a command started is not seen (a blind spot)', { skip }, async () => {
  const w = world();
  captureHooks(w, join('.codex', 'hooks.json'), 'PreToolUse');
  await trustAirlockHooks(w);
  // A process still running when the model types into it (with a terminal: without one its stdin is closed).
  const told = await startThenType(w, 'sleep 3', 'hello\n');
  assert.match(told.at(-1) ?? '', /Output:\n[\s\S]*hello/, `the typed text did not reach the process: ${JSON.stringify(told)}`);
  // Only the command that started the process came through the hook; when Codex hooks write_stdin, this fails.
  assert.deepEqual(takeCaptured(w).map((c) => c.payload.tool_name), ['Bash'], `Codex ${version} now calls its hook for write_stdin: capture it as a fixture`);
});

test('so a shell started on a terminal, into which write_stdin would type unseen, is not started: Airlock asks, which Codex answers no', { skip }, async () => {
  const w = world();
  await trustAirlockHooks(w);
  const marker = join(w.ws, 'typed.txt');
  const told = await startThenType(w, 'bash', `touch ${marker}\n`);
  assert.match(told[0] ?? '', /Airlock: .*\[rule shell\.eval-dynamic\]/, `the model was told ${JSON.stringify(told)}`);
  assert.equal(existsSync(marker), false, 'a command typed into the shell ran');
  const record = trail(w).find((r) => r.action?.command === 'bash');
  assert.equal(record?.verdict?.rule, 'shell.eval-dynamic');
  assert.equal(record?.told, 'deny');
});
