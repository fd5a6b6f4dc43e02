import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DecisionRecord } from '../../../src/core/audit/record';
import type { AgentHookStatus } from '../../../src/core/hooks/install';
import { CommandId } from '../../../src/shared/commandIds';
import { viewItems } from '../../../src/vscode/viewItems';

const agent = (over: Partial<AgentHookStatus>): AgentHookStatus => ({
  agent: 'claude',
  name: 'Claude Code',
  detected: true,
  evidence: [],
  file: '/h/.claude/settings.json',
  state: 'protecting',
  protected: true,
  commands: [],
  ...over,
});

const record = (seq: number, decision: 'allow' | 'deny', extra: Partial<DecisionRecord> = {}): DecisionRecord => ({
  v: 1,
  seq,
  time: '2026-12-07T10:00:00.000Z',
  type: 'decision',
  source: { agent: 'claude', channel: 'hook' },
  action: { kind: 'exec', command: `cmd ${seq}` },
  verdict: { decision, layer: 'preset', rule: decision === 'deny' ? 'floor.root-or-home' : 'preset.read-only', reason: 'because' },
  decidedBy: { by: 'policy' },
  prev: '0'.repeat(64),
  hash: 'f'.repeat(64),
  ...extra,
});

const empty = { mode: 'armed', agents: [], decisions: [], snapshots: [] };

test('the guard row says armed or paused and toggles; approvals open the approvals', () => {
  const armed = viewItems('guard', empty);
  assert.equal(armed[0]?.label, 'Armed');
  assert.equal(armed[0]?.command?.command, CommandId.ToggleGuard);
  assert.equal(armed[1]?.command?.command, CommandId.ShowApprovals);
  const paused = viewItems('guard', { ...empty, mode: 'paused' });
  assert.equal(paused[0]?.label, 'Paused');
  assert.equal(paused[0]?.warn, true);
});

test('agents: a shield where Airlock protects, a warning with the step where it cannot, nothing for absent agents', () => {
  const rows = viewItems('agents', {
    ...empty,
    agents: [
      agent({ lastCall: { first: 'a', last: '2026-12-07T10:00:00Z', version: '2.1.197' } }),
      agent({ agent: 'codex', name: 'Codex', state: 'not-yet-active', protected: false, problem: 'open Codex, run /hooks and trust' }),
      agent({ agent: 'gemini', name: 'Gemini CLI', state: 'would-not-start', protected: false, problem: 'its Node is gone' }),
      agent({ agent: 'cursor', name: 'Cursor', detected: false, state: 'missing', protected: false }),
      agent({ agent: 'cline', name: 'Cline', detected: true, state: 'missing', protected: false }),
    ],
  });
  assert.deepEqual(rows.map((r) => [r.label, r.description, r.icon, r.warn ?? false]), [
    ['Claude Code', 'protecting', 'shield', false],
    ['Codex', 'not-yet-active', 'warning', true],
    ['Gemini CLI', 'would-not-start', 'warning', true],
    ['Cline', 'not protected', 'circle-outline', true],
  ]);
  assert.match(rows[0]?.tooltip ?? '', /protecting \(2\.1\.197\), last call/);
  assert.match(rows[1]?.tooltip ?? '', /not yet active: open Codex, run \/hooks/);
  assert.ok(rows.every((r) => r.command?.command === CommandId.ProtectAgents));
  assert.equal(viewItems('agents', empty)[0]?.label, 'No agent found');
});

test('recent decisions: newest first as given, the final decision, a result marked, each opening the panel', () => {
  const rows = viewItems('decisions', {
    ...empty,
    decisions: [record(3, 'deny'), record(2, 'allow', { findings: [{ rule: 'output.secret', kind: 'jwt', line: 1, excerpt: 'x' }] }), record(1, 'allow', { decidedBy: { by: 'user', decision: 'deny', button: 'Deny' } })],
  });
  assert.deepEqual(rows.map((r) => [r.label, r.description, r.icon]), [
    ['deny · exec', 'cmd 3', 'circle-slash'],
    ['allow · exec result', 'cmd 2', 'pass'],
    ['deny · exec', 'cmd 1', 'circle-slash'],
  ]);
  assert.match(rows[0]?.tooltip ?? '', /\[rule floor\.root-or-home\]/);
  assert.ok(rows.every((r) => r.command?.command === CommandId.ShowAuditPanel));
});

test('snapshots: label, time and size, each opening restore', () => {
  const rows = viewItems('snapshots', {
    ...empty,
    snapshots: [{ id: 's1', kind: 'targeted', createdAt: Date.parse('2026-12-07T10:00:00Z'), label: 'before deleting a.txt in the editor', files: 1, bytes: 5, newBytes: 5, damaged: false, thinned: false, paths: ['a.txt'] }],
  });
  assert.equal(rows[0]?.label, 'before deleting a.txt in the editor');
  assert.match(rows[0]?.description ?? '', /· 1 file$/);
  assert.match(rows[0]?.tooltip ?? '', /a\.txt/);
  assert.equal(rows[0]?.command?.command, CommandId.RestoreSnapshot);
  assert.equal(viewItems('snapshots', empty)[0]?.label, 'No snapshots yet');
});
