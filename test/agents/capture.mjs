// Payloads captured from the real agents, checked against the hook fixtures (test/fixtures/hooks/<agent>/captured-*.json).
// The installed hook command is wrapped by captureHook.mjs, which keeps each payload the agent sends, and Airlock's
// answer, in the throwaway home. Each payload is then read by Airlock's adapter (the unit tier's parse.worker) and
// must give the actions its fixture expects, so a payload that changes in a new agent version fails here, naming
// the agent, its version and the tool. With AIRLOCK_CAPTURE_FIXTURES=1 the fixtures' payloads are rewritten from
// the live ones (what Airlock must read from them stays as written by hand; a new fixture gets TODOs to fill in).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './world.mjs';

const wrapper = join(root, 'test', 'agents', 'captureHook.mjs');
const parseWorker = join(root, 'out', 'test', 'unit', 'core', 'hooks', 'parse.worker.js');
const fixtures = join(root, 'test', 'fixtures', 'hooks');
const folder = ({ home }) => join(home, 'captured');

/**
 * Puts the capture wrapper in front of Airlock's command for `event` in the agent's hook settings (`file`, under the
 * home): `<node> captureHook.mjs <folder> <the installed command>`, still ending in the installed command, which
 * the agent's shell runs as before. Only that event is wrapped, so each tool call leaves one payload.
 */
export function captureHooks(w, file, event) {
  const path = join(w.home, file);
  const settings = JSON.parse(readFileSync(path, 'utf8'));
  let wrapped = 0;
  for (const group of settings.hooks?.[event] ?? []) {
    for (const hook of group.hooks ?? []) {
      if (!hook.command?.includes('dist/hook.js')) continue;
      hook.command = `"${process.execPath}" "${wrapper}" "${folder(w)}" ${hook.command}`;
      wrapped += 1;
    }
  }
  assert.equal(wrapped, 1, `Airlock's ${event} entry in ${path}`);
  writeFileSync(path, JSON.stringify(settings, null, 2));
}

/** The payloads captured so far, in the order the agent sent them, each with Airlock's answer; then forgets them. */
export function takeCaptured(w) {
  if (!existsSync(folder(w))) return [];
  const names = readdirSync(folder(w)).filter((f) => f.endsWith('.json') && !f.endsWith('.answer.json')).sort();
  const out = names.map((f) => ({
    payload: JSON.parse(readFileSync(join(folder(w), f), 'utf8')),
    answer: JSON.parse(readFileSync(join(folder(w), f.replace(/\.json$/, '.answer.json')), 'utf8')),
  }));
  rmSync(folder(w), { recursive: true, force: true });
  return out;
}

/** Claude Code's name for a project's folder under ~/.claude/projects: its path with every other character a dash. */
const projectSlug = (ws) => ws.replace(/[^a-zA-Z0-9]/g, '-');

/** The throwaway paths written as the fixtures' `${WS}` and `${HOME}`. */
function toFixturePaths(value, w) {
  if (typeof value === 'string') return value.split(w.ws).join('${WS}').split(w.home).join('${HOME}').split(projectSlug(w.ws)).join('-project');
  if (Array.isArray(value)) return value.map((v) => toFixturePaths(v, w));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toFixturePaths(v, w)]));
  return value;
}

function fromFixturePaths(value, w) {
  if (typeof value === 'string') return value.replace(/\$\{(WS|HOME)\}/g, (_, k) => (k === 'WS' ? w.ws : w.home));
  if (Array.isArray(value)) return value.map((v) => fromFixturePaths(v, w));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromFixturePaths(v, w)]));
  return value;
}

/** How Airlock's adapter for `agent` reads a payload: `{ok, actions, verdicts}` or `{ok: false, error}`. */
export function airlockReads(agent, payload) {
  assert.ok(existsSync(parseWorker), `${parseWorker} is not built (node esbuild.js --tests)`);
  const r = spawnSync(process.execPath, [parseWorker, agent], { input: JSON.stringify(payload), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const keys = (value) => (value && typeof value === 'object' ? Object.keys(value).sort() : []);

/**
 * Checks one live payload against its fixture: the same tool and fields, and Airlock's reading of it has the
 * fixture's expected actions and verdicts; the hook's live exit code is the fixture's. `agent` is `{id, name,
 * version, test}` (the test file that drives it, named in the fixture's source).
 */
export function checkCaptured(agent, w, fixture, { payload, answer }) {
  const file = join(fixtures, agent.id, `${fixture}.json`);
  const where = `${agent.name} ${agent.version}, ${payload.tool_name} (${fixture})`;
  if (process.env.AIRLOCK_CAPTURE_FIXTURES) writeFixture(agent, w, file, payload);
  assert.ok(existsSync(file), `${where}: no fixture ${file} (AIRLOCK_CAPTURE_FIXTURES=1 writes one to fill in)`);
  const expected = fromFixturePaths(JSON.parse(readFileSync(file, 'utf8')), w);
  assert.equal(payload.tool_name, expected.payload.tool_name, `${where}: the tool`);
  assert.deepEqual(keys(payload), keys(expected.payload), `${where}: the payload's fields changed`);
  assert.deepEqual(keys(payload.tool_input), keys(expected.payload.tool_input), `${where}: the tool's arguments changed`);
  const read = airlockReads(agent.id, payload);
  assert.ok(read.ok, `${where}: Airlock refused the payload: ${read.error}`);
  const wanted = expected.parse.actions;
  const actual = read.actions.map((a, i) => Object.fromEntries(Object.keys(wanted[i] ?? { kind: '' }).filter((k) => a[k] !== undefined).map((k) => [k, a[k]])));
  assert.deepEqual(actual, wanted, `${where}: the actions Airlock reads`);
  assert.deepEqual(read.verdicts, expected.parse.verdicts, `${where}: Airlock's own verdicts`);
  assert.equal(answer.exitCode, expected.expect.exitCode, `${where}: the hook's exit code (stdout ${answer.stdout})`);
}

function writeFixture(agent, w, file, payload) {
  const old = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const fixture = {
    description: old.description ?? 'TODO: what the call does, and the answer',
    source: `captured from the real ${agent.name} ${agent.version} by ${agent.test} through test/agents/captureHook.mjs, the fake model asking for the call`,
    payload: toFixturePaths(payload, w),
    parse: old.parse ?? { actions: 'TODO: written from what the tool does', verdicts: [] },
    expect: old.expect ?? 'TODO',
  };
  writeFileSync(file, `${JSON.stringify(fixture, null, 2)}\n`);
}
