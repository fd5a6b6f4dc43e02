// The files the installer writes are what keeps the guard on: an agent that edits them can switch Airlock off.
// The real engine decides writes, deletes and renames of each one. Nothing is written: the home folder is a path
// outside the temporary folder (where the presets allow everything) that never exists.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ActionKind } from '../../../../src/core/actions';
import { Engine } from '../../../../src/core/engine/engine';
import { nodeEffectFs, nodeGitRunner } from '../../../../src/core/engine/nodeDeps';
import { agentSpecs, nodeInstallFs } from '../../../../src/core/hooks/install';
import { agentIds } from '../../../../src/core/hooks/types';
import { nodeProbe } from '../../../../src/core/paths/nodeProbe';
import type { Preset } from '../../../../src/core/policy/types';
import { loadShellParser, type ShellParser } from '../../../../src/core/shell/parse';
import type { Decision } from '../../../../src/core/verdict';

const home = '/home/airlock-install-test-home';
let base = '';
let ws = '';
let shell: ShellParser;

before(async () => {
  shell = await loadShellParser();
  base = realpathSync(mkdtempSync(join(tmpdir(), 'airlock-install-guard-')));
  ws = join(base, 'ws');
  mkdirSync(ws);
});
after(() => rmSync(base, { recursive: true, force: true }));

function engine(preset: Preset): Engine {
  return new Engine({
    roots: [ws],
    home,
    preset,
    workspaceTrusted: true,
    probe: nodeProbe,
    resolver: () => Promise.reject(new Error('no network in this test')),
    shell,
    airlockHome: join(home, '.airlock'),
    effectFs: nodeEffectFs,
    git: nodeGitRunner,
    env: { HOME: home },
  });
}

const source = { agent: 'test', channel: 'test' };
const userFile = (agent: (typeof agentIds)[number]): string => agentSpecs[agent].file({ home, env: {}, platform: 'linux', fs: nodeInstallFs });

type Row = readonly [what: string, path: () => string, decisions: Readonly<Record<Preset, Decision>>, rule: string];
const homeConfig = { strict: 'deny', balanced: 'deny', permissive: 'ask' } as const;
const workspaceConfig = { strict: 'deny', balanced: 'ask', permissive: 'ask' } as const;
const floor = { strict: 'deny', balanced: 'deny', permissive: 'deny' } as const;

const rows: readonly Row[] = [
  // The user-level files the installer writes.
  ...agentIds.map((a): Row => [`${a}'s user hook file`, () => userFile(a), homeConfig, 'preset.home-config']),
  ['the hook script the entries run (in the extension folder)', () => join(home, '.vscode/extensions/airlock-dev.airlock-0.1.0/dist/hook.js'), homeConfig, 'preset.home-config'],
  ["Airlock's user policy", () => join(home, '.airlock/policy.json'), floor, 'floor.airlock-store'],
  // The workspace's own hook files and Airlock's workspace policy.
  ['a workspace Copilot hook file', () => join(ws, '.github/hooks/airlock.json'), workspaceConfig, 'preset.execution-config'],
  ["a workspace's Claude Code settings", () => join(ws, '.claude/settings.json'), workspaceConfig, 'preset.execution-config'],
  ["a workspace's local Claude Code settings", () => join(ws, '.claude/settings.local.json'), workspaceConfig, 'preset.execution-config'],
  ["a workspace's Cursor hooks", () => join(ws, '.cursor/hooks.json'), workspaceConfig, 'preset.execution-config'],
  ["a workspace's Gemini CLI settings", () => join(ws, '.gemini/settings.json'), workspaceConfig, 'preset.execution-config'],
  ["a workspace's Codex hooks", () => join(ws, '.codex/hooks.json'), workspaceConfig, 'preset.execution-config'],
  ["a workspace's Cline hook script", () => join(ws, '.clinerules/hooks/PreToolUse'), workspaceConfig, 'preset.execution-config'],
  ["a workspace's Airlock policy", () => join(ws, '.airlock/policy.json'), workspaceConfig, 'preset.execution-config'],
];

describe('writes to hook files and to Airlock’s configuration are not let through', () => {
  for (const preset of ['strict', 'balanced', 'permissive'] as const) {
    describe(preset, () => {
      for (const [what, file, decisions, rule] of rows) {
        for (const kind of ['write', 'delete', 'rename'] as const satisfies readonly ActionKind[]) {
          test(`${kind}: ${what}`, async () => {
            const action = { kind, path: file(), source, ...(kind === 'rename' ? { to: join(ws, 'moved') } : {}) };
            const v = await engine(preset).decide(action);
            assert.deepEqual({ decision: v.decision, rule: v.rule }, { decision: decisions[preset], rule }, v.reason);
          });
        }
      }
    });
  }

  test('a shell command that overwrites a hook file is stopped too', async () => {
    const e = engine('balanced');
    for (const [command, decision] of [
      [`echo '{}' > ${userFile('claude')}`, 'deny'],
      [`rm ${userFile('cursor')}`, 'deny'],
      [`sed -i s/hook.js/x/ ${userFile('gemini')}`, 'deny'],
      [`cp /dev/null ${join(ws, '.github/hooks/airlock.json')}`, 'ask'],
    ] as const) {
      const v = await e.decide({ kind: 'exec', command, cwd: ws, source });
      assert.equal(v.decision, decision, `${command}: ${v.rule} ${v.reason}`);
    }
  });
});
