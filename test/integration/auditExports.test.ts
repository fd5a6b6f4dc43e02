import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ReplayResult } from '../../src/core/audit/replay';
import { CommandId } from '../../src/shared/commandIds';
import { airlock } from './extension';

const source = { agent: 'integration-test', channel: 'test' };

suite('audit report and replay from the editor', () => {
  let dir = '';
  suiteSetup(async () => {
    dir = mkdtempSync(join(tmpdir(), 'airlock-itest-exports-'));
    const { observer } = await airlock();
    await observer.observe({ kind: 'write', path: 'src/app.js', source });
    await observer.observe({ kind: 'read', path: 'README.md', source: { ...source, agent: '<img src=x onerror=alert(1)>' } });
  });
  suiteTeardown(() => rmSync(dir, { recursive: true, force: true }));

  test('Export Audit Report writes one standalone HTML file of the trail', async () => {
    const out = join(dir, 'report.html');
    const written = await vscode.commands.executeCommand<string>(CommandId.ExportReport, out);
    assert.equal(written, out);
    const html = readFileSync(out, 'utf8');
    assert.match(html, /^<!DOCTYPE html>/i);
    assert.match(html, /src\/app\.js/);
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<img src=x/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });

  test('Replay Trail Against Policy lists the decisions a policy would change', async () => {
    const policy = join(dir, 'candidate.json');
    writeFileSync(policy, JSON.stringify({ rules: [{ id: 'no-src', kinds: ['write'], paths: ['src/**'], decision: 'deny' }] }));
    const result = await vscode.commands.executeCommand<ReplayResult>(CommandId.ReplayTrail, policy);
    assert.ok(result && result.replayed >= 2, JSON.stringify(result));
    const write = result.changed.find((c) => c.action.kind === 'write' && c.action.path === 'src/app.js');
    assert.ok(write, JSON.stringify(result.changed));
    assert.deepEqual([write.before.decision, write.after.decision, write.after.rule], ['allow', 'deny', 'user:no-src']);
    assert.ok(!result.changed.some((c) => c.action.kind === 'read'), 'the read keeps its verdict');
  });
});
