import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PolicyError } from '../../src/core/policy/parse';
import { airlock } from './extension';

const source = { agent: 'integration-test', channel: 'test' };

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need a workspace folder');
  return folder.uri.fsPath;
}

/** Applies a settings change, then reloads the policy and returns its errors (events may arrive in any order). */
async function nextReload(change: () => unknown): Promise<readonly PolicyError[]> {
  const { policy } = await airlock();
  await change();
  await policy.reload();
  return policy.errors;
}

suite('policy in the editor', () => {
  const policyFile = () => join(workspaceRoot(), '.airlock', 'policy.json');

  suiteTeardown(async () => {
    rmSync(join(workspaceRoot(), '.airlock'), { recursive: true, force: true });
    await vscode.workspace.getConfiguration('airlock').update('userPolicy', undefined, vscode.ConfigurationTarget.Global);
  });

  test('the engine decides with the built-in preset', async () => {
    const { policy } = await airlock();
    const v = await policy.decide({ kind: 'write', path: 'src/app.js', source });
    assert.deepEqual([v.decision, v.rule], ['allow', 'preset.workspace-write']);
    const secret = await policy.decide({ kind: 'read', path: '.env', source });
    assert.deepEqual([secret.decision, secret.rule], ['ask', 'preset.secret-read']);
  });

  test('a workspace .airlock/policy.json is picked up when it is written', async () => {
    const { policy } = await airlock();
    mkdirSync(join(workspaceRoot(), '.airlock'), { recursive: true });
    writeFileSync(policyFile(), JSON.stringify({ rules: [{ id: 'no-src', paths: ['src/**'], decision: 'deny' }] }));
    // The very next decision already uses the new file, whether or not the watcher has fired yet.
    const v = await policy.decide({ kind: 'write', path: 'src/app.js', source });
    assert.deepEqual(policy.errors, []);
    assert.deepEqual([v.decision, v.rule, v.layer], ['deny', 'workspace:no-src', 'workspace']);
  });

  test('a malformed policy names file and field, and every action is denied until it is fixed', async () => {
    const { policy } = await airlock();
    writeFileSync(policyFile(), JSON.stringify({ rules: [{ id: 'bad', hosts: ['10.0.0.0/33'], decision: 'deny' }] }));
    const v = await policy.decide({ kind: 'read', path: 'README.md', source });
    const errors = policy.errors;
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.file, policyFile());
    assert.equal(errors[0]?.field, 'rules[0].hosts[0]');
    assert.deepEqual([v.decision, v.rule], ['deny', 'input.policy-error']);
    assert.match(v.reason, /rules\[0\]\.hosts\[0\]/);
  });

  test('removing the workspace policy returns to the preset', async () => {
    const { policy } = await airlock();
    rmSync(policyFile());
    const v = await policy.decide({ kind: 'write', path: 'src/app.js', source });
    assert.deepEqual(policy.errors, []);
    assert.deepEqual([v.decision, v.rule], ['allow', 'preset.workspace-write']);
  });

  test('the airlock.userPolicy setting adds user rules', async () => {
    const { policy } = await airlock();
    const errors = await nextReload(() =>
      vscode.workspace
        .getConfiguration('airlock')
        .update('userPolicy', { rules: [{ id: 'dev-server', hosts: ['127.0.0.1:3000'], decision: 'allow' }] }, vscode.ConfigurationTarget.Global),
    );
    assert.deepEqual(errors, []);
    const allowed = await policy.decide({ kind: 'fetch', url: 'http://127.0.0.1:3000/', source });
    assert.deepEqual([allowed.decision, allowed.rule], ['allow', 'user:dev-server']);
    const other = await policy.decide({ kind: 'fetch', url: 'http://127.0.0.1:3001/', source });
    assert.deepEqual([other.decision, other.rule], ['ask', 'preset.network-loopback']);
  });

  test('the airlock.preset setting changes the defaults', async () => {
    const { policy } = await airlock();
    await nextReload(() => vscode.workspace.getConfiguration('airlock').update('preset', 'strict', vscode.ConfigurationTarget.Global));
    try {
      const v = await policy.decide({ kind: 'delete', path: 'src/app.js', source });
      assert.deepEqual([v.decision, v.rule], ['ask', 'preset.workspace-delete']);
    } finally {
      await nextReload(() => vscode.workspace.getConfiguration('airlock').update('preset', undefined, vscode.ConfigurationTarget.Global));
    }
  });

  test('shell lines are analysed with the bundled bash grammar', async () => {
    const { policy } = await airlock();
    const v = await policy.decide({ kind: 'exec', command: 'bash -c "rm -rf ~"', source });
    assert.equal(v.decision, 'deny');
    const ok = await policy.decide({ kind: 'exec', command: 'npm test', source });
    assert.deepEqual([ok.decision, ok.rule], ['allow', 'shell.dev-tool']);
  });
});
