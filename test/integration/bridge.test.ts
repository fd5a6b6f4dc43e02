import assert from 'node:assert/strict';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { askBridge, type AskOptions } from '../../src/core/bridge/client';
import { discoveryFile } from '../../src/core/bridge/discovery';
import { CommandId } from '../../src/shared/commandIds';
import { airlock } from './extension';

const source = { agent: 'claude', channel: 'hook' };

function options(actions: AskOptions['actions'], timeoutMs = 10_000): AskOptions {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const airlockHome = process.env.AIRLOCK_HOME;
  if (!folder || !airlockHome) throw new Error('the integration tests need a workspace folder and AIRLOCK_HOME');
  return { airlockHome, realRoot: realpathSync.native(folder.uri.fsPath), agent: 'claude', actions, timeoutMs };
}

suite('agent hooks bridge', () => {
  suiteSetup(async () => {
    const { bridge } = await airlock();
    await bridge.ready;
  });

  teardown(async () => {
    await vscode.commands.executeCommand(CommandId.ResumeGuard);
  });

  test('the bridge listens on a private socket announced for the workspace', async () => {
    const { bridge } = await airlock();
    assert.ok(bridge.socket, 'the bridge is not listening');
    const o = options([]);
    assert.equal(statSync(discoveryFile(o.airlockHome, o.realRoot)).mode & 0o777, 0o600);
    assert.equal(statSync(bridge.socket).mode & 0o777, 0o600);
  });

  test('a hook request the policy allows is answered allow, by the policy', async () => {
    const outcome = await askBridge(options([{ kind: 'write', path: 'src/app.js', source }]));
    assert.equal(outcome.kind, 'answered');
    if (outcome.kind !== 'answered') return;
    assert.deepEqual([outcome.verdict.decision, outcome.verdict.rule, outcome.decider.by], ['allow', 'preset.workspace-write', 'policy']);
  });

  test('the floor is answered deny', async () => {
    const outcome = await askBridge(options([{ kind: 'exec', command: 'rm -rf ~', source }]));
    assert.equal(outcome.kind === 'answered' && outcome.verdict.decision, 'deny');
  });

  test('an ask that cannot be put to a person is denied at once', async () => {
    // The test host's dialog service refuses modal dialogs; the end-to-end tests click the real prompt.
    const started = Date.now();
    const outcome = await askBridge(options([{ kind: 'read', path: '.env', source }], 3_000));
    assert.equal(outcome.kind, 'answered', JSON.stringify(outcome));
    if (outcome.kind !== 'answered') return;
    assert.deepEqual([outcome.verdict.decision, outcome.verdict.rule], ['deny', 'approval:unavailable']);
    assert.match(outcome.verdict.reason, /preset\.secret-read/);
    assert.ok(Date.now() - started < 3_000, 'the editor answered after the hook deadline');
  });

  test('a session approval answers the same action again without a prompt', async () => {
    const { approvals } = await airlock();
    const action = { kind: 'read' as const, path: '.env', source };
    approvals.approveForSession(action, '.env', 'claude');
    try {
      const outcome = await askBridge(options([action], 3_000));
      assert.equal(outcome.kind === 'answered' && outcome.verdict.rule, 'approval:session');
      const other = await askBridge(options([{ kind: 'read', path: '.env.local', source }], 2_600));
      assert.equal(other.kind === 'answered' && other.verdict.rule, 'approval:unavailable');
    } finally {
      for (const a of approvals.sessionApprovals()) approvals.revokeSession(a.key);
    }
  });

  test('a paused guard lets asks through but keeps the floor; the trail says the pause decided, not a person', async () => {
    await vscode.commands.executeCommand(CommandId.PauseGuard);
    const asked = await askBridge(options([{ kind: 'read', path: '.env', source: { ...source, session: 'paused-read' } }]));
    assert.equal(asked.kind === 'answered' && asked.verdict.rule, 'guard.paused');
    assert.deepEqual(asked.kind === 'answered' && asked.decider, { by: 'pause' });
    const o = options([]);
    const dir = join(o.airlockHome, 'trail');
    const record = readdirSync(dir)
      .flatMap((d) => readFileSync(join(dir, d, 'trail.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { source?: { session?: string }; decidedBy?: unknown; verdict?: { decision?: string }; told?: string }))
      .find((r) => r.source?.session === 'paused-read');
    assert.deepEqual(record?.decidedBy, { by: 'pause', decision: 'allow' });
    assert.equal(record?.verdict?.decision, 'ask', 'the policy verdict is kept');
    assert.equal(record?.told, 'allow');
    const floor = await askBridge(options([{ kind: 'write', path: '/etc/passwd', source }]));
    assert.equal(floor.kind === 'answered' && floor.verdict.rule, 'floor.system-write');
  });
});
