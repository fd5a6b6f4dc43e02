// Whether an agent will run Airlock's user-level hook, from the agent's own settings and trust files, in the
// documented formats (present, absent, malformed, shadowing); and `hooks status` built on it, with the calls the
// hook notes.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { agentActivation, agentStatus, folderTrusted, type Activation, type InstallFs } from '../../../../src/core/hooks/install';
import { codexHookHash } from '../../../../src/core/hooks/install/codexTrust';
import { noteCall, readSeen, versionFromPayload } from '../../../../src/core/hooks/seen';
import type { AgentId } from '../../../../src/core/hooks/types';

const home = '/home/u';
const ws = '/home/u/project';

/** An in-memory filesystem of the given files. */
function memFs(files: Record<string, string>, mtimes: Record<string, number> = {}): InstallFs {
  return {
    readText: (f) => files[f],
    exists: (f) => f in files || Object.keys(files).some((k) => k.startsWith(`${f}/`)),
    writeAtomic: () => assert.fail('activation never writes'),
    remove: () => assert.fail('activation never removes'),
    list: (dir) => [...new Set(Object.keys(files).filter((k) => k.startsWith(`${dir}/`)).map((k) => k.slice(dir.length + 1).split('/')[0] ?? ''))],
    mtime: (f) => mtimes[f],
  };
}

/** `workspace` '' checks without one. */
const check = (agent: AgentId, files: Record<string, string>, env: Record<string, string> = {}, workspace = ws): Activation =>
  agentActivation(agent, { home, env, platform: 'linux', fs: memFs(files), ...(workspace ? { workspace } : {}) });

/** One test per case: the state, and the reason or step it gives. */
function runCases(agent: AgentId, title: string, cases: readonly [string, Record<string, string>, Activation['state'], RegExp?][]): void {
  for (const [name, files, state, reason] of cases) {
    test(`${title}: ${name} → ${state}`, () => {
      const a = check(agent, files);
      assert.equal(a.state, state);
      if (reason) assert.match(a.state === 'disabled' ? `${a.setting} in ${a.by}` : a.state === 'not-yet-active' ? a.step : '', reason);
    });
  }
}

const claudeCases: [string, Record<string, string>, Activation['state'], RegExp?][] = [
  ['no settings at all', {}, 'active'],
  ['user settings without the switch', { '/home/u/.claude/settings.json': '{"model": "opus"}' }, 'active'],
  ['disableAllHooks in the user settings', { '/home/u/.claude/settings.json': '{"disableAllHooks": true}' }, 'disabled', /disableAllHooks: true/],
  ['disableAllHooks false', { '/home/u/.claude/settings.json': '{"disableAllHooks": false}' }, 'active'],
  ['disableAllHooks in the project settings', { '/home/u/project/.claude/settings.json': '{"disableAllHooks": true}' }, 'disabled', /project\/\.claude\/settings\.json/],
  ['disableAllHooks in the project local settings', { '/home/u/project/.claude/settings.local.json': '{ "disableAllHooks": true }' }, 'disabled', /settings\.local\.json/],
  ['managed allowManagedHooksOnly', { '/etc/claude-code/managed-settings.json': '{"allowManagedHooksOnly": true}' }, 'disabled', /only the administrator/],
  ['managed drop-in disableAllHooks', { '/etc/claude-code/managed-settings.d/10-sec.json': '{"disableAllHooks": true}' }, 'disabled', /managed-settings\.d\/10-sec\.json/],
  ['malformed user settings (Claude Code ignores the file)', { '/home/u/.claude/settings.json': '{"disableAllHooks": tru' }, 'active'],
];
runCases('claude', 'Claude Code', claudeCases);

test('Claude Code: CLAUDE_CONFIG_DIR moves the user settings', () => {
  assert.equal(check('claude', { '/cfg/settings.json': '{"disableAllHooks": true}' }, { CLAUDE_CONFIG_DIR: '/cfg' }).state, 'disabled');
  assert.equal(check('claude', { '/home/u/.claude/settings.json': '{"disableAllHooks": true}' }, { CLAUDE_CONFIG_DIR: '/cfg' }).state, 'active');
});

const trusted = (rules: Record<string, string>) => ({ '/home/u/.gemini/trustedFolders.json': JSON.stringify(rules) });
const geminiCases: [string, Record<string, string>, Activation['state'], RegExp?][] = [
  ['no trust file: the folder is not trusted, no hooks run', {}, 'not-yet-active', /has not been told to trust \/home\/u\/project/],
  ['the folder trusted', trusted({ '/home/u/project': 'TRUST_FOLDER' }), 'active'],
  ['a parent folder trusted', trusted({ '/home/u': 'TRUST_FOLDER' }), 'active'],
  ['TRUST_PARENT on a sibling covers the folder', trusted({ '/home/u/other': 'TRUST_PARENT' }), 'active'],
  ['the folder distrusted under a trusted parent (longest rule wins)', trusted({ '/home/u': 'TRUST_FOLDER', '/home/u/project': 'DO_NOT_TRUST' }), 'not-yet-active', /is told not to trust/],
  ['an unrelated folder trusted', trusted({ '/srv/app': 'TRUST_FOLDER' }), 'not-yet-active'],
  ['folder trust turned off in the user settings', { '/home/u/.gemini/settings.json': '{"security": {"folderTrust": {"enabled": false}}}' }, 'active'],
  ['folder trust turned off only in the workspace settings (not honoured)', { '/home/u/project/.gemini/settings.json': '{"security": {"folderTrust": {"enabled": false}}}' }, 'not-yet-active'],
  ['hooks off in the user settings', { '/home/u/.gemini/settings.json': '{"hooksConfig": {"enabled": false}}', ...trusted({ '/home/u/project': 'TRUST_FOLDER' }) }, 'disabled', /hooksConfig\.enabled: false/],
  ['hooks off in the system settings', { '/etc/gemini-cli/settings.json': '{"hooksConfig": {"enabled": false}}', ...trusted({ '/home/u': 'TRUST_FOLDER' }) }, 'disabled', /\/etc\/gemini-cli\/settings\.json/],
  ['Airlock\'s hook named in the disabled list', { '/home/u/.gemini/settings.json': '{"hooksConfig": {"disabled": ["airlock"]}}', ...trusted({ '/home/u': 'TRUST_FOLDER' }) }, 'disabled', /lists "airlock"/],
  ['another hook disabled', { '/home/u/.gemini/settings.json': '{"hooksConfig": {"disabled": ["fmt"]}}', ...trusted({ '/home/u': 'TRUST_FOLDER' }) }, 'active'],
  ['a malformed trust file (Gemini CLI then refuses to start)', { '/home/u/.gemini/trustedFolders.json': '{"/home/u": ' }, 'not-yet-active'],
];
runCases('gemini', 'Gemini CLI', geminiCases);

test('Gemini CLI: without a workspace only the settings count; the trust file can be moved by its variable', () => {
  assert.equal(check('gemini', {}, {}, '').state, 'active');
  assert.equal(check('gemini', { '/t/trust.json': JSON.stringify({ '/home/u/project': 'TRUST_FOLDER' }) }, { GEMINI_CLI_TRUSTED_FOLDERS_PATH: '/t/trust.json' }).state, 'active');
  assert.equal(folderTrusted({ '/a': 'TRUST_FOLDER' }, '/ab'), undefined, 'a prefix is not a parent');
});

// `hooks status` with real files: the entry installed, then the agent's calls as the hook notes them.
const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-activation-')));
after(() => fs.rmSync(base, { recursive: true, force: true }));

test('status: installed until the agent calls, protecting after, silent when it works without calling', async () => {
  const { nodeInstallFs, planInstall, applyPlan } = await import('../../../../src/core/hooks/install');
  const h = path.join(base, 'home');
  const airlockHome = path.join(h, '.airlock');
  const script = path.join(base, 'ext', 'dist', 'hook.js');
  fs.mkdirSync(path.dirname(script), { recursive: true });
  fs.writeFileSync(script, '// hook\n');
  const ctx = { home: h, env: {}, platform: 'linux' as const, fs: nodeInstallFs, airlockHome };
  const plan = planInstall('claude', { script, node: process.execPath }, ctx);
  assert.ok(plan.ok);
  if (plan.ok) for (const p of plan.value) assert.ok(applyPlan(p, nodeInstallFs).ok);
  assert.equal(agentStatus('claude', ctx).state, 'installed');

  // The transcript Claude Code names in its payload carries its version.
  const transcript = path.join(h, '.claude', 'projects', 'p', 'session.jsonl');
  fs.mkdirSync(path.dirname(transcript), { recursive: true });
  fs.writeFileSync(transcript, '{"type":"user","version":"2.1.197","message":{}}\n');
  const now = Date.now() + 2000;
  noteCall(airlockHome, 'claude', () => versionFromPayload({ transcript_path: transcript }), now);
  assert.equal(readSeen(airlockHome).claude?.version, '2.1.197');
  const protecting = agentStatus('claude', ctx);
  assert.equal(protecting.state, 'protecting');
  assert.equal(protecting.protected, true);
  assert.equal(protecting.lastCall?.version, '2.1.197');

  // Calls within a few minutes are not written again.
  const before = fs.statSync(path.join(airlockHome, 'hooks-seen.json')).mtimeMs;
  noteCall(airlockHome, 'claude', () => assert.fail('not read again'), now + 1000);
  assert.equal(fs.statSync(path.join(airlockHome, 'hooks-seen.json')).mtimeMs, before);

  // Claude Code then works for an hour (its session file changes) without calling the hook.
  const later = new Date(now + 3_600_000);
  fs.utimesSync(transcript, later, later);
  const silent = agentStatus('claude', ctx);
  assert.equal(silent.state, 'silent');
  assert.equal(silent.protected, false);
  assert.match(silent.problem ?? '', /has not called Airlock's hook since/);

  // Rewriting the hook file (a reinstall, an edit) needs a new call to show the entry runs.
  const settings = path.join(h, '.claude', 'settings.json');
  const newer = new Date(now + 7_200_000);
  fs.utimesSync(settings, newer, newer);
  assert.equal(agentStatus('claude', ctx).state, 'installed');
});

test("the agent's version is read from its own payload field, or the transcript's first 64 KB", () => {
  assert.equal(versionFromPayload({ clineVersion: '3.36.0' }), '3.36.0');
  assert.equal(versionFromPayload({ cursor_version: '1.7.2' }), '1.7.2');
  const t = path.join(base, 'codex.jsonl');
  fs.writeFileSync(t, '{"type":"session_meta","payload":{"cli_version":"0.171.0"}}\n');
  assert.equal(versionFromPayload({ transcript_path: t }), '0.171.0');
  assert.equal(versionFromPayload({ transcript_path: 'relative.jsonl' }), undefined);
  assert.equal(versionFromPayload({ transcript_path: path.join(base, 'missing.jsonl') }), undefined);
  assert.equal(versionFromPayload('x'), undefined);
});

// Codex: Airlock's entries as `hooks install codex` writes them, and the trust records Codex's /hooks writes.
const codexCommand = '/usr/bin/node "/work/main/dist/hook.js" codex';
const codexHooks = (timeout = 60) =>
  JSON.stringify({
    hooks: {
      PreToolUse: [{ matcher: '.*', hooks: [{ type: 'command', command: codexCommand, timeout }] }],
      PostToolUse: [{ matcher: '.*', hooks: [{ type: 'command', command: codexCommand, timeout: 60 }] }],
    },
  });
// The hashes Codex 0.171.0 reported (`hooks/list` currentHash) for exactly these entries.
const preHash = 'sha256:17132b416e94bbddf5ec552e7c2260f9b760f759bb875f77e287745b12de2b7b';
const postHash = 'sha256:c67a9fc6aa249ca69a8cba3691a1425f37fd011030a0694bcfecbe9b4ffe521e';
const trust = (extra = '') =>
  `model = "gpt-5.5"\n\n[hooks.state]\n\n[hooks.state."/home/u/.codex/hooks.json:pre_tool_use:0:0"]\ntrusted_hash = "${preHash}"\n${extra}\n` +
  `[hooks.state."/home/u/.codex/hooks.json:post_tool_use:0:0"]\ntrusted_hash = "${postHash}"\n`;

const codexCases: [string, Record<string, string>, Activation['state'], RegExp?][] = [
  ['installed, no config.toml: untrusted, skipped silently', { '/home/u/.codex/hooks.json': codexHooks() }, 'not-yet-active', /run \/hooks and trust Airlock's PreToolUse and PostToolUse entries/],
  ['both entries trusted as /hooks records them', { '/home/u/.codex/hooks.json': codexHooks(), '/home/u/.codex/config.toml': trust() }, 'active'],
  ['the PreToolUse entry changed since it was trusted (timeout 30)', { '/home/u/.codex/hooks.json': codexHooks(30), '/home/u/.codex/config.toml': trust() }, 'not-yet-active', /PreToolUse entry changed since you trusted it/],
  ['trusted but turned off in /hooks', { '/home/u/.codex/hooks.json': codexHooks(), '/home/u/.codex/config.toml': trust('enabled = false') }, 'disabled', /pre_tool_use:0:0"\.enabled = false/],
  ['hooks turned off as a feature', { '/home/u/.codex/hooks.json': codexHooks(), '/home/u/.codex/config.toml': `[features]\nhooks = false\n${trust()}` }, 'disabled', /\[features\] hooks = false/],
  ['the old feature name', { '/home/u/.codex/hooks.json': codexHooks(), '/home/u/.codex/config.toml': `[features]\ncodex_hooks = false\n` }, 'disabled'],
  ['a trust record for another file does not count', { '/home/u/.codex/hooks.json': codexHooks(), '/home/u/.codex/config.toml': trust().replaceAll('/home/u/.codex/', '/elsewhere/') }, 'not-yet-active'],
  ['a malformed config.toml trusts nothing', { '/home/u/.codex/hooks.json': codexHooks(), '/home/u/.codex/config.toml': '[hooks.state."x\ntrusted_hash = ' }, 'not-yet-active'],
];
runCases('codex', 'Codex', codexCases);

test('Codex: the hash of an entry is the one Codex computes, and CODEX_HOME moves the files and the trust keys', () => {
  assert.equal(codexHookHash('pre_tool_use', '.*', { command: codexCommand, timeout: 60 }), preHash);
  assert.equal(codexHookHash('post_tool_use', '.*', { command: codexCommand, timeout: 60 }), postHash);
  const moved = { '/cx/hooks.json': codexHooks(), '/cx/config.toml': trust().replaceAll('/home/u/.codex/', '/cx/') };
  assert.equal(check('codex', moved, { CODEX_HOME: '/cx' }).state, 'active');
});
