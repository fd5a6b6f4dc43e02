// The guard pipeline after the policy: snapshot first, then record. The files kept are the engine's resolved
// targets (a workspace reached through a link, a link that leads out of it), and who decided shapes the answer.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Action } from '../../../../src/core/actions';
import { openTrail, readTrail } from '../../../../src/core/audit/trail';
import type { DecisionRecord } from '../../../../src/core/audit/record';
import { createNodeEngine } from '../../../../src/core/engine/create';
import { conclude, pathsAtRisk } from '../../../../src/core/guard/conclude';
import { byPolicy, judge, type Judgement } from '../../../../src/core/guard/judge';
import { findSnapshot, SnapshotStore, storeRootFor } from '../../../../src/core/snapshots';
import type { Verdict } from '../../../../src/core/verdict';
import { workspaceOf } from '../../../../src/core/workspace';

let base = '';
let ws = '';
let home = '';
let airlockHome = '';
const source = { agent: 'test', channel: 'test' };

before(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'airlock-guard-')));
  ws = join(base, 'ws');
  home = join(base, 'home');
  airlockHome = join(home, '.airlock');
  mkdirSync(join(ws, 'src'), { recursive: true });
  mkdirSync(join(base, 'elsewhere'), { recursive: true });
  mkdirSync(home, { recursive: true });
  writeFileSync(join(ws, 'src', 'a.ts'), 'export const a = 1;\n');
  writeFileSync(join(base, 'elsewhere', 'secret.txt'), 'not the workspace\n');
  // The workspace under a second name, and a link inside it that leads out.
  symlinkSync(ws, join(base, 'ws-alias'));
  symlinkSync(join(base, 'elsewhere'), join(ws, 'out'));
});
after(() => rmSync(base, { recursive: true, force: true }));

async function judged(action: Action): Promise<Judgement> {
  const engine = await createNodeEngine({ roots: [ws], home, airlockHome, workspacePolicies: [], workspaceTrusted: true, env: { HOME: home }, resolver: async () => ['127.0.0.1'] });
  return judge(engine, [action]);
}

const lastRecord = async (): Promise<DecisionRecord> => {
  const records = (await readTrail(openTrail({ airlockHome, workspace: ws }))).records;
  const last = records.at(-1);
  assert.ok(last && last.type === 'decision');
  return last;
};

describe('snapshot first: the files the engine resolved', () => {
  test('a write through another name of the workspace keeps the real file', async () => {
    const action: Action = { kind: 'write', path: join(base, 'ws-alias', 'src', 'a.ts'), source };
    const judgement = await judged(action);
    assert.equal(judgement.verdict.decision, 'allow', judgement.verdict.reason);
    assert.deepEqual(pathsAtRisk([action], judgement, judgement.verdict, ws), [join(ws, 'src', 'a.ts')]);
    const done = await conclude({ airlockHome, workspace: workspaceOf(ws) }, [action], judgement, byPolicy(judgement));
    assert.ok(done.snapshot, done.snapshotError);
    const store = SnapshotStore.open({ root: storeRootFor(airlockHome) });
    try {
      const manifest = findSnapshot(store, ws, done.snapshot);
      assert.equal(manifest.kind, 'targeted');
      assert.deepEqual(manifest.kind === 'targeted' ? manifest.entries.map((e) => [e.type, e.path]) : [], [['file', 'src/a.ts']]);
    } finally {
      store.close();
    }
    assert.equal((await lastRecord()).snapshot, done.snapshot);
  });

  test('a command\'s effects named through another name of the workspace are kept where they really are', () => {
    const action: Action = { kind: 'exec', command: 'rm -rf src', cwd: join(base, 'ws-alias'), source };
    // The effect preview names the folder as the command will reach it: through the alias.
    const verdict: Verdict = { decision: 'allow', rule: 'preset.restorable-delete', layer: 'preset', reason: 'Deleting a folder.', effects: { paths: [join(base, 'ws-alias', 'src')] } };
    const judgement: Judgement = { verdict, explanations: [{ verdict, subjects: [], precedence: '' }] };
    assert.deepEqual(pathsAtRisk([action], judgement, verdict, ws), [join(ws, 'src')]);
    // And an effect that reaches out of the workspace through a link inside it is not the workspace's.
    const out: Verdict = { ...verdict, effects: { paths: [join(ws, 'out', 'secret.txt')] } };
    assert.deepEqual(pathsAtRisk([action], { verdict: out, explanations: [{ verdict: out, subjects: [], precedence: '' }] }, out, ws), []);
  });

  test('a path inside the workspace by its name but outside by a link is not the workspace\'s to keep', async () => {
    const action: Action = { kind: 'write', path: join(ws, 'out', 'secret.txt'), source };
    const judgement = await judged(action);
    assert.deepEqual(pathsAtRisk([action], judgement, { ...judgement.verdict, decision: 'allow' }, ws), []);
  });

  test('a home-relative path is judged where it really is, never as a folder named "~" in the workspace', async () => {
    mkdirSync(join(ws, '~'), { recursive: true });
    writeFileSync(join(ws, '~', 'notes.txt'), 'a folder really named ~\n');
    const action: Action = { kind: 'delete', path: '~/notes.txt', cwd: ws, source };
    const judgement = await judged(action);
    const allowed: Verdict = { ...judgement.verdict, decision: 'allow' };
    // The engine resolved ~ to the home folder, outside the workspace: nothing of the workspace is at risk.
    assert.deepEqual(pathsAtRisk([action], judgement, allowed, ws), []);
  });
});

describe('who decided shapes the answer and the record', () => {
  const folderDelete = (): Action => ({ kind: 'delete', path: join(ws, 'src'), recursive: true, source });
  const allowed: Verdict = { decision: 'allow', rule: 'preset.restorable-delete', layer: 'preset', reason: 'Deleting a folder.' };
  const nowhere = () => ({ airlockHome: join(base, 'not-a-folder', 'airlock'), workspace: workspaceOf(ws) });

  test('a policy allow that rests on the snapshot becomes a question when no snapshot can be taken', async () => {
    writeFileSync(join(base, 'not-a-folder'), 'x');
    const judgement = { ...(await judged(folderDelete())), verdict: allowed };
    const done = await conclude(nowhere(), [folderDelete()], judgement, byPolicy(judgement));
    assert.equal(done.verdict.decision, 'ask');
    assert.equal(done.verdict.rule, 'snapshot.incomplete');
    assert.ok(done.snapshotError);
  });

  test('a person\'s allow stands though the snapshot failed; the trail keeps the policy\'s verdict and the person', async () => {
    const asked: Verdict = { decision: 'ask', rule: 'preset.rm-recursive', layer: 'preset', reason: 'Deleting a folder recursively.' };
    const judgement = { ...(await judged(folderDelete())), verdict: asked };
    const personAllowed: Verdict = { decision: 'allow', rule: 'approval:once', layer: 'session', reason: 'Allowed once by you.' };
    const place = { airlockHome, workspace: workspaceOf(ws) };
    const done = await conclude(place, [folderDelete()], judgement, { verdict: personAllowed, decidedBy: { by: 'user', decision: 'allow', button: 'Allow once' } });
    assert.equal(done.verdict, personAllowed);
    const record = await lastRecord();
    assert.deepEqual([record.verdict.decision, record.verdict.rule], ['ask', 'preset.rm-recursive']);
    assert.deepEqual(record.decidedBy, { by: 'user', decision: 'allow', button: 'Allow once' });
    assert.equal(record.told, 'allow');
    assert.ok(record.snapshot, 'the folder was kept before the person\'s allow was answered');
    // Nothing was deleted here: the action was only decided.
    assert.equal(readFileSync(join(ws, 'src', 'a.ts'), 'utf8'), 'export const a = 1;\n');
  });

  test('an "ask" left to the agent is recorded with what the front end says the agent was told', async () => {
    const action: Action = { kind: 'read', path: join(ws, '.env'), source };
    writeFileSync(join(ws, '.env'), 'TOKEN=x\n');
    const judgement = await judged(action);
    assert.equal(judgement.verdict.decision, 'ask');
    await conclude({ airlockHome, workspace: workspaceOf(ws) }, [action], judgement, byPolicy(judgement), () => 'agent-prompt');
    const record = await lastRecord();
    assert.deepEqual([record.verdict.decision, record.decidedBy.by, record.told], ['ask', 'policy', 'agent-prompt']);
  });
});
