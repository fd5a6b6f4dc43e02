// An agent waits for the hook process to exit, not just for its answer. dist/hook.js, deciding alone (no editor),
// must leave nothing that keeps the process alive once the answer is written: no timer, socket, watcher or child
// process. A preloaded probe looks at the process's live resources right after the answer and counts the
// event-loop turns until exit. Nothing here is timed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { airlockPathsIn } from '../../../src/core/airlockPaths';

const hookJs = join(__dirname, '../../../../dist/hook.js');
let base = '';
let probe = '';

// The probe: on the first write to stdout (the answer, through the stream or the descriptor), it notes the live resources once that write has been
// handed over, then counts turns with an unreferenced immediate (which keeps nothing alive), and reports at exit.
const probeSource = `
const fs = require('node:fs');
const report = process.env.AIRLOCK_EXIT_PROBE;
const state = { answered: false, resources: null, turns: 0 };
const answered = () => {
  if (state.answered) return;
  state.answered = true;
  setImmediate(() => {
    state.resources = process.getActiveResourcesInfo();
    const turn = () => { state.turns++; setImmediate(turn).unref(); };
    setImmediate(turn).unref();
  }).unref();
};
// The answer goes to stdout through its stream, or straight to file descriptor 1.
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => { answered(); return write(chunk, ...rest); };
const writeSync = fs.writeSync;
fs.writeSync = (fd, ...rest) => { if (fd === 1) answered(); return writeSync(fd, ...rest); };
process.on('exit', () => fs.writeFileSync(report, JSON.stringify(state)));
`;

before(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'airlock-hook-exit-')));
  probe = join(base, 'probe.js');
  writeFileSync(probe, probeSource);
});
after(() => rmSync(base, { recursive: true, force: true }));

interface ProbeReport {
  readonly answered: boolean;
  readonly resources: readonly string[] | null;
  readonly turns: number;
}

function runHook(name: string, command: string, server: 'off' | 'on' = 'off'): { status: number | null; stdout: string; stderr: string; report: ProbeReport } {
  const home = join(base, name, 'home');
  const ws = join(base, name, 'ws');
  mkdirSync(home, { recursive: true });
  mkdirSync(join(ws, 'src'), { recursive: true });
  writeFileSync(join(ws, 'src', 'a.ts'), 'export const a = 1;\n');
  const report = join(base, name, 'report.json');
  const payload = { session_id: 's', transcript_path: join(ws, 't.jsonl'), cwd: ws, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } };
  const r = spawnSync(process.execPath, ['-r', probe, hookJs, 'claude'], {
    input: JSON.stringify(payload),
    env: { PATH: process.env.PATH, HOME: home, AIRLOCK_HOME: join(home, '.airlock'), CLAUDE_PROJECT_DIR: ws, AIRLOCK_EXIT_PROBE: report, AIRLOCK_HOOK_SERVER: server, AIRLOCK_HOOK_TRACE: '1' },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, report: JSON.parse(readFileSync(report, 'utf8')) as ProbeReport };
}

// What may still be open when the answer has just been written: the standard streams themselves.
const stdio = new Set(['TTYWrap', 'PipeWrap', 'FSReqCallback', 'WriteWrap', 'ShutdownWrap']);

describe('the hook exits once it has answered (no editor)', () => {
  for (const [name, command, status, decision] of [
    ['allow', 'git status && npm test', 0, undefined],
    ['deny', 'rm -rf ~', 2, 'deny'],
    ['ask', 'rm -rf src/*', 0, 'ask'],
  ] as const) {
    test(`${name}: ${command}`, () => {
      const r = runHook(name, command);
      assert.equal(r.status, status, r.stdout);
      const answer = r.stdout.trim() === '' ? {} : (JSON.parse(r.stdout) as { hookSpecificOutput?: { permissionDecision?: string } });
      assert.equal(answer.hookSpecificOutput?.permissionDecision, decision);
      assert.equal(r.report.answered, true);
      const holding = (r.report.resources ?? []).filter((k) => !stdio.has(k));
      assert.deepEqual(holding, [], `left open after the answer: ${holding.join(', ')}`);
      assert.ok(r.report.turns <= 3, `exited after ${r.report.turns} event-loop turns`);
    });
  }
});

describe('the hook exits once the hook server has answered', () => {
  test('deny: rm -rf ~, answered by the server', async () => {
    // The first call decides in its own process and starts the server; the second is the server's.
    const first = runHook('served', 'git status', 'on');
    assert.match(first.stderr, /decided in the hook process/);
    const discovery = airlockPathsIn(join(base, 'served', 'home', '.airlock')).hookServer;
    const end = Date.now() + 10_000;
    while (!existsSync(discovery) && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
    const pid = (JSON.parse(readFileSync(discovery, 'utf8')) as { pid: number }).pid;
    try {
      const r = runHook('served', 'rm -rf ~', 'on');
      assert.match(r.stderr, /answered by the hook server/);
      assert.equal(r.status, 2, r.stdout);
      assert.equal(r.report.answered, true);
      assert.equal((JSON.parse(r.stdout) as { hookSpecificOutput?: { permissionDecision?: string } }).hookSpecificOutput?.permissionDecision, 'deny');
      const holding = (r.report.resources ?? []).filter((k) => !stdio.has(k));
      assert.deepEqual(holding, [], `left open after the answer: ${holding.join(', ')}`);
      assert.ok(r.report.turns <= 3, `exited after ${r.report.turns} event-loop turns`);
    } finally {
      process.kill(pid, 'SIGTERM');
    }
  });
});

describe('what the hook loads to decide a read (no editor)', () => {
  test("the decision and its trail record (written under the trail's lock) load neither node:crypto nor perf_hooks", () => {
    const home = join(base, 'read', 'home');
    const ws = join(base, 'read', 'ws');
    mkdirSync(home, { recursive: true });
    mkdirSync(join(ws, 'src'), { recursive: true });
    writeFileSync(join(ws, 'src', 'a.ts'), 'export const a = 1;\n');
    const modules = join(base, 'read', 'modules.json');
    const preload = join(base, 'read', 'modules.js');
    writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(modules)}, JSON.stringify(process.moduleLoadList)));\n`);
    const payload = { session_id: 's', transcript_path: join(ws, 't.jsonl'), cwd: ws, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: join(ws, 'src', 'b.ts'), content: 'x' } };
    const r = spawnSync(process.execPath, ['-r', preload, hookJs, 'claude'], {
      input: JSON.stringify(payload),
      env: { PATH: process.env.PATH, HOME: home, AIRLOCK_HOME: join(home, '.airlock'), CLAUDE_PROJECT_DIR: ws, AIRLOCK_HOOK_SERVER: 'off' },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const trailDir = join(home, '.airlock', 'trail');
    const records = readdirSync(trailDir).flatMap((d) => readFileSync(join(trailDir, d, 'trail.jsonl'), 'utf8').split('\n').filter(Boolean));
    assert.equal(records.length, 1, 'the write was recorded');
    const loaded = JSON.parse(readFileSync(modules, 'utf8')) as string[];
    assert.ok(!loaded.includes('NativeModule crypto'), 'node:crypto was loaded');
    assert.ok(!loaded.includes('NativeModule perf_hooks'), 'perf_hooks was loaded');
  });
});
