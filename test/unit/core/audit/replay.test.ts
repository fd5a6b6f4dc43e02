import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Action } from '../../../../src/core/actions';
import { recordedDns, replayRecords } from '../../../../src/core/audit/replay';
import { appendOutcome, appendRecord, readTrail } from '../../../../src/core/audit/trail';
import { Engine } from '../../../../src/core/engine/engine';
import type { Resolver } from '../../../../src/core/network/resolve';
import { nodeProbe } from '../../../../src/core/paths/nodeProbe';
import type { RuleSpec } from '../../../../src/core/policy/types';
import { asOutputFindings } from '../../../../src/core/output/scan';
import type { Verdict } from '../../../../src/core/verdict';
import { allowVerdict, makeWorld, sampleInput, worldTrail, type World } from './fixtures';

let w: World;
before(() => (w = makeWorld()));
after(() => w.cleanup());

const engineWith = (resolver: Resolver, rules: RuleSpec[] = []) =>
  new Engine({
    roots: [w.ws],
    home: w.home,
    workspaceTrusted: true,
    probe: nodeProbe,
    resolver,
    airlockHome: w.airlockHome,
    ...(rules.length ? { userPolicy: { file: 'candidate.json', policy: { rules } } } : {}),
  });

describe('replayRecords', () => {
  test('lists decisions that change, rule-only changes apart, and skips outcome records', async () => {
    const trail = worldTrail({ ...w, ws: path.join(w.ws, 'src') });
    for (let i = 0; i < 10; i++) await appendRecord(trail, sampleInput(i));
    await appendOutcome(trail, { ref: 1, source: { agent: 'a', channel: 'b' }, outcome: { status: 'succeeded' } });
    const { records } = await readTrail(trail);
    const seen: Action[] = [];
    // A candidate policy: writes become denied, the rm asks now come from another rule, the rest stay.
    const decide = async (action: Action): Promise<Verdict> => {
      seen.push(action);
      if (action.kind === 'write') return { decision: 'deny', rule: 'user:no-writes', layer: 'user', reason: 'No writes.' };
      if (action.kind === 'exec') return { decision: 'ask', rule: 'user:ask-rm', layer: 'user', reason: 'Asked.' };
      const r = records.find((x) => x.type === 'decision' && x.action.kind === action.kind);
      return r?.type === 'decision' ? { ...r.verdict } : allowVerdict;
    };
    const result = await replayRecords(records, decide);
    assert.equal(result.replayed, 10);
    assert.equal(seen.length, 10);
    assert.deepEqual(seen[0]?.source, { agent: 'claude-code', channel: 'hook', session: 's-1' }, 'the recorded source goes with the action');
    assert.deepEqual(result.changed.map((c) => c.seq), [1, 6]);
    assert.deepEqual(result.changed[0]?.before, { decision: 'allow', rule: 'preset.workspace-write', layer: 'preset', reason: allowVerdict.reason });
    assert.equal(result.changed[0]?.after.rule, 'user:no-writes');
    assert.deepEqual(result.ruleChanged.map((c) => c.seq), [2, 7]);
    assert.equal(result.unchanged, 6);
    assert.deepEqual(result.transitions, { 'allow→deny': 2 });
  });

  test('a checked result is judged again by its findings under the candidate policy, not decided as an action', async () => {
    const trail = worldTrail({ ...w, ws: path.join(w.ws, 'results') });
    const finding = { rule: 'output.secret', kind: 'jwt', line: 2, excerpt: 'token=[REDACTED:jwt]' };
    const action: Action = { kind: 'exec', command: 'cat token.txt', cwd: w.ws, source: { agent: 'claude', channel: 'hook' } };
    const verdict: Verdict = { decision: 'deny', rule: 'output.secret', layer: 'preset', reason: "The tool's result holds a credential (jwt, line 2)." };
    await appendRecord(trail, { action, verdict, told: 'withheld', findings: [finding] });
    const { records } = await readTrail(trail);
    const engine = engineWith(async () => ['127.0.0.1'], [{ id: 'test-jwts', outputs: ['secret:jwt'], decision: 'allow' }]);
    let decided = 0;
    const result = await replayRecords(records, async (a) => (decided++, engine.decide(a)), (findings) => engine.judgeOutput(asOutputFindings(findings)));
    assert.equal(decided, 0, 'the command is not decided again');
    assert.deepEqual(result.changed.map((c) => [c.seq, c.before.rule, c.after.rule, c.after.decision]), [[1, 'output.secret', 'user:test-jwts', 'allow']]);
    assert.deepEqual(result.transitions, { 'deny→allow': 1 });
  });

  test('compares with the policy verdict at the time, not with what a person then answered', async () => {
    const trail = worldTrail({ ...w, ws: path.join(w.base, 'elsewhere') });
    const exec = await appendRecord(trail, sampleInput(1));
    assert.equal(exec.decidedBy.by, 'user');
    const result = await replayRecords([exec], async () => ({ ...exec.verdict }));
    assert.equal(result.changed.length, 0);
  });
});

describe('replay with the real engine', () => {
  test('re-decides recorded actions under a candidate policy, with the recorded DNS answers', async () => {
    const trail = worldTrail(w);
    // Recording: the live resolver says the internal name is private.
    const live: Resolver = async (host) => (host === 'api.internal.test' ? ['10.1.2.3'] : ['93.184.216.34']);
    const recording = engineWith(live);
    const source = { agent: 'claude-code', channel: 'hook' };
    const actions: Action[] = [
      { kind: 'write', path: 'src/a.ts', source },
      { kind: 'write', path: 'docs/readme.md', source },
      { kind: 'fetch', url: 'http://api.internal.test/v1', source },
      { kind: 'fetch', url: 'https://example.com/', source },
    ];
    for (const action of actions) await appendRecord(trail, { action, verdict: await recording.decide(action) });
    const { records } = await readTrail(trail);

    const dns = recordedDns();
    const replay = (engine: Engine) =>
      replayRecords(records, (action, answers) => {
        dns.use(answers);
        return engine.decide(action);
      });

    // The same policy gives the same verdicts, from the recorded answers alone.
    const same = await replay(engineWith(dns.resolver));
    assert.equal(same.changed.length + same.ruleChanged.length, 0, JSON.stringify(same.changed));

    // A candidate policy: no writes under src/, and the internal API allowed.
    const candidate = engineWith(dns.resolver, [
      { id: 'no-src-writes', kinds: ['write'], paths: ['src/**'], decision: 'deny' },
      { id: 'internal-api', hosts: ['api.internal.test'], decision: 'allow' },
    ]);
    const result = await replay(candidate);
    const summary = result.changed.map((c) => `${c.seq} ${c.before.decision}→${c.after.decision} ${c.after.rule}`);
    const internal = records[2]?.type === 'decision' ? records[2].verdict.decision : undefined;
    assert.notEqual(internal, 'allow', 'the private address was not allowed when recorded');
    assert.deepEqual(summary, [`1 allow→deny user:no-src-writes`, `3 ${internal}→allow user:internal-api`]);
  });

  test('a host with no recorded answer fails to resolve instead of asking DNS', async () => {
    const dns = recordedDns();
    dns.use([{ host: 'Known.Test.', addresses: ['93.184.216.34'] }]);
    assert.deepEqual(await dns.resolver('known.test'), ['93.184.216.34']);
    await assert.rejects(dns.resolver('unknown.test'), /no DNS answer was recorded for unknown\.test/);
  });
});
