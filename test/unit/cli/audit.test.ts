import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Action } from '../../../src/core/actions';
import { appendRecord, openTrail, type Trail } from '../../../src/core/audit/trail';
import type { Verdict } from '../../../src/core/verdict';
import { runCli } from './runCli';

/** A fresh world: a fake home (its ~/.airlock is the store), workspaces, and a trail filled through `airlock check`. */
interface World {
  readonly base: string;
  readonly home: string;
  readonly ws: string;
  readonly empty: string;
  readonly policies: string;
}

let w: World;
const env = (): NodeJS.ProcessEnv => ({ HOME: w.home });
const source = { agent: 'claude-code', channel: 'hook' };

/** The actions of the recorded session, decided by `airlock check` as a hook would, then appended. */
const session: Omit<Action, 'source'>[] = [
  { kind: 'write', path: 'src/a.ts' },
  { kind: 'write', path: 'src/generated/out.ts' },
  { kind: 'read', path: '.env' },
  { kind: 'exec', command: 'rm -rf build' },
  { kind: 'exec', command: 'git push --force origin main' },
  { kind: 'fetch', url: 'http://169.254.169.254/latest/meta-data/' },
  { kind: 'delete', path: 'src/old.ts' },
  { kind: 'exec', command: 'echo "\u001b[31mred\u001b[0m"' },
];

async function record(trail: Trail, ws: string): Promise<void> {
  const input = session.map((a) => JSON.stringify({ ...a, ...(a.kind === 'exec' ? { cwd: ws } : {}) })).join('\n');
  const r = await runCli(['check', '--workspace', ws], { stdin: `${input}\n`, env: env() });
  assert.equal(r.code, 0, r.stderr);
  const verdicts = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Verdict);
  for (const [i, a] of session.entries()) {
    const action = { ...a, ...(a.kind === 'exec' ? { cwd: ws } : {}), source } as Action;
    await appendRecord(trail, { action, verdict: verdicts[i] as Verdict });
  }
}

before(async () => {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-cli-audit-')));
  w = { base, home: path.join(base, 'home'), ws: path.join(base, 'ws'), empty: path.join(base, 'empty'), policies: path.join(base, 'policies') };
  for (const d of [w.home, path.join(w.ws, 'src'), w.empty, w.policies]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(w.ws, 'src/a.ts'), 'export {};\n');
  fs.writeFileSync(path.join(w.ws, 'src/old.ts'), 'export {};\n');
  fs.writeFileSync(
    path.join(w.policies, 'candidate.json'),
    JSON.stringify({ rules: [{ id: 'no-generated', kinds: ['write'], paths: ['src/generated/**'], decision: 'deny', reason: 'Generated code is built, not edited.' }] }),
  );
  fs.writeFileSync(path.join(w.policies, 'no-echo.json'), JSON.stringify({ rules: [{ id: 'no-echo', commands: ['echo *'], decision: 'deny' }] }));
  fs.writeFileSync(path.join(w.policies, 'bad.json'), '{"rules": [{"id": "x"}]}');
  await record(openTrail({ airlockHome: path.join(w.home, '.airlock'), workspace: w.ws }), w.ws);
});
after(() => fs.rmSync(w.base, { recursive: true, force: true }));

const trailFile = () => path.join(openTrail({ airlockHome: path.join(w.home, '.airlock'), workspace: w.ws }).dir, 'trail.jsonl');

describe('airlock verify', () => {
  test('an intact trail: exit 0 and the count, the last record and its hash', async () => {
    const r = await runCli(['verify', '--workspace', w.ws], { env: env() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Trail intact: 8 records in 1 segment; last record 8, sha256 [0-9a-f]{64}\.\n$/);
  });

  test('--json gives the verification as one JSON object', async () => {
    const r = await runCli(['verify', '--workspace', w.ws, '--json'], { env: env() });
    assert.equal(r.code, 0);
    const v = JSON.parse(r.stdout) as { ok: boolean; verified: number; workspace: string; exists: boolean };
    assert.deepEqual([v.ok, v.verified, v.workspace, v.exists], [true, 8, w.ws, true]);
  });

  test('a workspace without a trail: exit 0, saying so', async () => {
    const r = await runCli(['verify', '--workspace', w.empty], { env: env() });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^No audit trail for .*empty yet \(.*\.airlock\/trail\/[0-9a-f]{16}\)\.\n$/);
  });

  test('AIRLOCK_HOME moves the store', async () => {
    const r = await runCli(['verify', '--workspace', w.ws], { env: { AIRLOCK_HOME: path.join(w.base, 'elsewhere') } });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /No audit trail/);
  });

  const usage: { args: string[]; error: RegExp }[] = [
    { args: ['verify'], error: /--workspace DIR is required/ },
    { args: ['verify', '--workspace', 'a', '--workspace', 'b'], error: /one folder/ },
    { args: ['verify', '--workspace', '.', '--bogus'], error: /Unknown option '--bogus'/ },
    { args: ['report', '--workspace', '.', '--policy', '/nonexistent/policy.json'], error: /policy error: .*file not found/ },
    { args: ['replay', '--workspace', '.', '--preset', 'lax'], error: /--preset must be one of/ },
    { args: ['replay', '--workspace', '.', 'extra'], error: /Unexpected argument 'extra'/ },
  ];
  for (const c of usage) {
    test(`airlock ${c.args.join(' ')} exits 2`, async () => {
      const r = await runCli(c.args, { env: env(), cwd: w.ws });
      assert.equal(r.code, 2, r.stdout);
      assert.match(r.stderr, c.error);
      assert.equal(r.stderr.split('\n').filter(Boolean).length, 1);
    });
  }

  for (const name of ['verify', 'report', 'replay']) {
    test(`airlock ${name} --help`, async () => {
      const r = await runCli([name, '--help']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`^Usage: airlock ${name} --workspace DIR`));
    });
  }

  test('the command list names verify, report and replay', async () => {
    const r = await runCli(['--help']);
    for (const name of ['verify', 'report', 'replay']) assert.match(r.stdout, new RegExp(`^  ${name} `, 'm'));
  });
});

describe('airlock report', () => {
  test('writes one HTML file and says how many records and whether the chain holds', async () => {
    const out = path.join(w.base, 'reports', 'audit.html');
    const r = await runCli(['report', '--workspace', w.ws, '-o', out], { env: env() });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `Wrote ${out}: 8 records, chain intact.\n`);
    const html = fs.readFileSync(out, 'utf8');
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /Hash chain intact: 8 records/);
    assert.match(html, /Preset <b>balanced<\/b>/);
    assert.equal(html.match(/<tr id="r\d+">/g)?.length, 8);
  });

  test('shows the policy files in force', async () => {
    const r = await runCli(['report', '--workspace', w.ws, '--policy', path.join(w.policies, 'candidate.json'), '--preset', 'strict'], { env: env() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Preset <b>strict<\/b>/);
    assert.match(r.stdout, /candidate\.json<\/h3><pre>\{\n {2}&quot;rules&quot;/);
    assert.match(r.stdout, /no-generated/);
  });

  test('without -o the HTML goes to standard output', async () => {
    const r = await runCli(['report', '--workspace', w.ws], { env: env() });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^<!doctype html>[\s\S]*<\/html>\n$/);
    assert.equal(r.stderr, '');
  });
});

describe('airlock replay', () => {
  test('under the policy the trail was recorded with, nothing changes', async () => {
    const r = await runCli(['replay', '--workspace', w.ws], { env: env() });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'Replayed 8 recorded actions under preset balanced.\nNo decision would change.\n');
  });

  test('a candidate policy: lists each changed verdict, before → after, with the rules', async () => {
    const r = await runCli(['replay', '--workspace', w.ws, '--policy', path.join(w.policies, 'candidate.json')], { env: env() });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.match(lines[0] ?? '', /^Replayed 8 recorded actions under preset balanced with .*candidate\.json\.$/);
    assert.match(lines[1] ?? '', /^1 decision would change \(allow→deny 1\):$/);
    assert.match(lines[2] ?? '', /^ {2}#2 {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}claude-code {2}write {2}src\/generated\/out\.ts$/);
    assert.match(lines[3] ?? '', /^ {6}allow \(preset\.[\w.-]+\) → deny \(user:no-generated\)$/);
    assert.match(lines[4] ?? '', /Generated code is built, not edited/);
  });

  test('a stricter preset, as JSON', async () => {
    const r = await runCli(['replay', '--workspace', w.ws, '--preset', 'strict', '--json'], { env: env() });
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout) as {
      preset: string;
      replayed: number;
      unchanged: number;
      chainIntact: boolean;
      changed: { seq: number; before: { decision: string; rule: string }; after: { decision: string; rule: string } }[];
      ruleChanged: unknown[];
    };
    assert.equal(result.preset, 'strict');
    assert.equal(result.replayed, 8);
    assert.equal(result.chainIntact, true);
    assert.ok(result.changed.length > 0);
    assert.equal(result.unchanged + result.changed.length + result.ruleChanged.length, 8);
    for (const c of result.changed) assert.notEqual(c.before.decision, c.after.decision);
  });

  test('agent text cannot drive the terminal: control characters are shown escaped', async () => {
    const r = await runCli(['replay', '--workspace', w.ws, '--policy', path.join(w.policies, 'no-echo.json')], { env: env() });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes('\u001b'));
    assert.match(r.stdout, /#8 .* exec {2}echo "\\u001b\[31mred\\u001b\[0m"\n {6}allow \([\w.-]+\) → deny \(user:no-echo\)/);
  });

  test('a workspace without a trail has nothing to replay', async () => {
    const r = await runCli(['replay', '--workspace', w.empty], { env: env() });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /No audit trail for .* yet: nothing to replay\./);
  });

  test('a bad candidate policy is a usage error naming the file', async () => {
    const r = await runCli(['replay', '--workspace', w.ws, '--policy', path.join(w.policies, 'bad.json')], { env: env() });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.json/);
  });
});

// Last: these tamper with the trail.
describe('a tampered trail', () => {
  test('verify exits 1 naming the segment, line, record and what is wrong', async () => {
    const file = trailFile();
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[2] = lines[2]?.replace('"decision":"deny"', '"decision":"allow"').replace('"decision":"ask"', '"decision":"allow"') ?? '';
    fs.writeFileSync(file, lines.join('\n'));
    const r = await runCli(['verify', '--workspace', w.ws], { env: env() });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, 'Trail broken at trail.jsonl line 3 (record 3): record 3 does not match its hash: it was edited after it was written.\n2 records before it verify.\n');
  });

  test('report still writes, shows the break, and notes it on stderr', async () => {
    const out = path.join(w.base, 'reports', 'broken.html');
    const r = await runCli(['report', '--workspace', w.ws, '-o', out], { env: env() });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /8 records, CHAIN BROKEN\.\n$/);
    assert.match(r.stderr, /^Trail broken at trail\.jsonl line 3/);
    assert.match(fs.readFileSync(out, 'utf8'), /Hash chain broken at trail\.jsonl line 3 \(record 3\)/);
  });

  test('replay warns, then replays what it can read', async () => {
    const r = await runCli(['replay', '--workspace', w.ws], { env: env() });
    assert.equal(r.code, 0);
    assert.match(r.stderr, /^airlock: Trail broken at trail\.jsonl line 3 .* Replaying the records that can be read\.\n$/);
    assert.match(r.stdout, /^Replayed 8 recorded actions/);
  });
});
