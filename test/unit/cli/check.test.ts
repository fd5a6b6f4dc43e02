import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { malformedPolicies } from '../core/policy/fixtures';
import { runCli } from './runCli';

const repo = path.join(__dirname, '../../../..');

/** A fresh temporary world: a fake home, workspaces, and policy files. Only its own folder is ever written. */
interface World {
  readonly base: string;
  readonly home: string;
  readonly ws: string;
  readonly wsRules: string;
  readonly wsBad: string;
  readonly homeBad: string;
  readonly altAirlock: string;
  readonly policies: string;
}

let w: World;

function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

before(() => {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-')));
  w = {
    base,
    home: path.join(base, 'home'),
    ws: path.join(base, 'ws'),
    wsRules: path.join(base, 'ws-rules'),
    wsBad: path.join(base, 'ws-bad'),
    homeBad: path.join(base, 'home-bad'),
    altAirlock: path.join(base, 'alt-airlock'),
    policies: path.join(base, 'policies'),
  };
  fs.mkdirSync(w.home);
  writeFile(path.join(w.ws, 'src/a.ts'), 'export {};\n');
  writeFile(path.join(w.ws, '.env'), 'TOKEN=x\n');
  writeFile(path.join(w.wsRules, '.airlock/policy.json'), JSON.stringify({ rules: [{ id: 'ws-secrets', paths: ['secrets/**'], decision: 'deny' }] }));
  writeFile(path.join(w.wsBad, '.airlock/policy.json'), JSON.stringify({ rules: [{ id: 'x', hosts: ['10.0.0.0/33'], decision: 'deny' }] }));
  writeFile(path.join(w.homeBad, '.airlock/policy.json'), '{"rules": [{"id": "x", "decision": "allow", "paths": ["src/[abc"]}]}');
  writeFile(path.join(w.altAirlock, 'policy.json'), JSON.stringify({ rules: [{ id: 'no-src-reads', paths: ['src/**'], kinds: ['read'], decision: 'deny' }] }));
  writeFile(path.join(w.policies, 'allow-env.json'), JSON.stringify({ rules: [{ id: 'allow-dotenv', paths: ['.env'], kinds: ['read'], decision: 'allow' }] }));
  fs.mkdirSync(path.join(w.policies, 'a-folder.json'));
  malformedPolicies.forEach((p, i) => writeFile(path.join(w.policies, `bad-${i}.json`), p.text));
});

after(() => fs.rmSync(w.base, { recursive: true, force: true }));

const env = (): NodeJS.ProcessEnv => ({ HOME: w.home });
const jsonLines = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const verdictOf = (v: Record<string, unknown>) => ({ decision: v.decision, rule: v.rule });

describe('airlock check: the stream', () => {
  test('one verdict per line, in order; blank lines skipped; bad lines denied and the stream goes on', async () => {
    const input = [
      '{"kind":"read","path":"src/a.ts"}',
      '',
      '{"kind":"write","path":"/etc/passwd"}',
      'not json at all',
      '   ',
      '{"kind":"read","path":"src/a.ts","bogus":1}',
      '{"kind":"rename","path":"src/a.ts","to":".git/hooks/pre-commit"}',
      '{"kind":"delete"}',
      '[1,2]',
      '{"kind":"fetch","url":"http://127.0.0.1:3000/"}',
      '{"kind":"read","path":".env"}',
    ].join('\n');
    const r = await runCli(['check', '--workspace', w.ws], { stdin: input, env: env() });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const out = jsonLines(r.stdout);
    assert.deepEqual(out.map(verdictOf), [
      { decision: 'allow', rule: 'preset.workspace-read' },
      { decision: 'deny', rule: 'floor.system-write' },
      { decision: 'deny', rule: 'input.parse-error' },
      { decision: 'deny', rule: 'input.parse-error' },
      { decision: 'ask', rule: 'preset.execution-config' },
      { decision: 'deny', rule: 'input.parse-error' },
      { decision: 'deny', rule: 'input.parse-error' },
      { decision: 'ask', rule: 'preset.network-loopback' },
      { decision: 'ask', rule: 'preset.secret-read' },
    ]);
    assert.match(String(out[2]?.reason), /not valid JSON/);
    assert.match(String(out[3]?.reason), /unknown field "bogus"/);
    assert.match(String(out[5]?.reason), /a delete action needs a non-empty "path"/);
    assert.equal(out[2]?.layer, 'input');
  });

  test('no input, no output, exit 0', async () => {
    const r = await runCli(['check', '--workspace', w.ws], { stdin: '', env: env() });
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, '', '']);
  });

  test('CRLF line endings are read as lines', async () => {
    const r = await runCli(['check', '--workspace', w.ws], { stdin: '{"kind":"read","path":"src/a.ts"}\r\n{"kind":"read","path":".env"}\r\n', env: env() });
    assert.deepEqual(jsonLines(r.stdout).map((v) => v.rule), ['preset.workspace-read', 'preset.secret-read']);
  });
});

describe('airlock check: presets and policies', () => {
  const rows: readonly { name: string; args: () => string[]; env?: () => NodeJS.ProcessEnv; line: () => string; rule: string; decision: string }[] = [
    { name: 'default preset is balanced', args: () => [], line: () => '{"kind":"read","path":".env"}', decision: 'ask', rule: 'preset.secret-read' },
    { name: '--preset strict', args: () => ['--preset', 'strict'], line: () => '{"kind":"read","path":".env"}', decision: 'deny', rule: 'preset.secret-read' },
    { name: '--preset permissive', args: () => ['--preset', 'permissive'], line: () => '{"kind":"read","path":".env"}', decision: 'allow', rule: 'preset.secret-read' },
    {
      name: '--policy user rule',
      args: () => ['--policy', path.join(w.policies, 'allow-env.json')],
      line: () => '{"kind":"read","path":".env"}',
      decision: 'allow',
      rule: 'user:allow-dotenv',
    },
    {
      name: "a second workspace folder's policy applies",
      args: () => ['--workspace', w.wsRules],
      line: () => JSON.stringify({ kind: 'read', path: path.join(w.wsRules, 'secrets/key.txt') }),
      decision: 'deny',
      rule: 'workspace:ws-secrets',
    },
    {
      name: 'a path in the second workspace folder is inside',
      args: () => ['--workspace', w.wsRules],
      line: () => JSON.stringify({ kind: 'write', path: path.join(w.wsRules, 'src/x.ts') }),
      decision: 'allow',
      rule: 'preset.workspace-write',
    },
    {
      name: 'AIRLOCK_HOME holds the user policy',
      args: () => [],
      env: () => ({ HOME: w.home, AIRLOCK_HOME: w.altAirlock }),
      line: () => '{"kind":"read","path":"src/a.ts"}',
      decision: 'deny',
      rule: 'user:no-src-reads',
    },
    {
      name: 'the Airlock home is on the floor',
      args: () => [],
      line: () => JSON.stringify({ kind: 'write', path: path.join(w.home, '.airlock/policy.json') }),
      decision: 'deny',
      rule: 'floor.airlock-store',
    },
  ];
  for (const row of rows) {
    test(row.name, async () => {
      const r = await runCli(['check', '--workspace', w.ws, ...row.args()], { stdin: row.line(), env: row.env?.() ?? env() });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(jsonLines(r.stdout).map(verdictOf), [{ decision: row.decision, rule: row.rule }]);
    });
  }
});

describe('airlock check --explain', () => {
  test('lists the matches of every layer and the winner of each', async () => {
    const r = await runCli(['check', '--workspace', w.ws, '--explain'], { stdin: '{"kind":"read","path":".env"}\nnope\n', env: env() });
    assert.equal(r.code, 0, r.stderr);
    const [first, second] = jsonLines(r.stdout) as {
      verdict: { rule: string };
      subjects: { layers: { layer: string; winner?: string; matches: { rule: string; decision: string; specificity: number; origin: string }[] }[] }[];
      precedence?: string;
    }[];
    assert.ok(first && second);
    assert.equal(first.verdict.rule, 'preset.secret-read');
    const layers = first.subjects[0]?.layers ?? [];
    assert.deepEqual(layers.map((l) => l.layer), ['floor', 'preset', 'user', 'workspace']);
    const preset = layers.find((l) => l.layer === 'preset');
    assert.equal(preset?.winner, 'preset.secret-read');
    assert.deepEqual(preset?.matches.map((m) => m.rule).sort(), ['preset.secret-read', 'preset.workspace-read']);
    assert.ok(preset?.matches.every((m) => m.origin === 'built-in' && typeof m.specificity === 'number'));
    assert.match(first.precedence ?? '', /floor denies first/);
    assert.equal(second.verdict.rule, 'input.parse-error');
    assert.deepEqual(second.subjects, []);
  });
});

describe('airlock explain', () => {
  test('prints the winning rule and every layer in words', async () => {
    const r = await runCli(['explain', '--workspace', w.ws, '{"kind":"write","path":".vscode/tasks.json"}'], { env: env() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ASK by preset\.execution-config \(preset\): Changing a file that can make tools or agents run code/);
    assert.match(r.stdout, /ask\s+preset\.execution-config \[specificity \d+\]\s+← wins this layer/);
    assert.match(r.stdout, /allow preset\.workspace-write/);
    assert.match(r.stdout, /floor: no rule matched/);
    assert.match(r.stdout, /How layers combine: /);
  });

  const bad: readonly (readonly [string, () => string[], RegExp])[] = [
    ['no action', () => ['explain', '--workspace', w.ws], /explain takes exactly one action as JSON/],
    ['two actions', () => ['explain', '--workspace', w.ws, '{}', '{}'], /explain takes exactly one action as JSON/],
    ['not JSON', () => ['explain', '--workspace', w.ws, '{kind:read}'], /the action is not valid JSON/],
    ['an unknown field', () => ['explain', '--workspace', w.ws, '{"kind":"read","path":"a","x":1}'], /the action is invalid: unknown field "x"/],
    ['no workspace', () => ['explain', '{"kind":"read","path":"a"}'], /--workspace DIR is required/],
  ];
  for (const [name, args, stderr] of bad) {
    test(`${name}: exit 2`, async () => {
      const r = await runCli(args(), { env: env() });
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, stderr);
      assert.equal(r.stderr.split('\n').filter(Boolean).length, 1);
    });
  }
});

describe('airlock check: bad arguments exit 2 with one line on stderr', () => {
  const rows: readonly (readonly [string, () => string[], () => NodeJS.ProcessEnv, RegExp])[] = [
    ['missing --workspace', () => ['check'], env, /^airlock: --workspace DIR is required\n$/],
    ['--workspace without a value', () => ['check', '--workspace'], env, /^airlock: .*--workspace/],
    ['bad --preset', () => ['check', '--workspace', w.ws, '--preset', 'lax'], env, /^airlock: --preset must be one of strict, balanced, permissive\n$/],
    ['unknown flag', () => ['check', '--workspace', w.ws, '--bogus'], env, /^airlock: Unknown option '--bogus'/],
    ['a stray argument', () => ['check', '--workspace', w.ws, 'extra'], env, /^airlock: .*extra/],
    ['unreadable --policy (missing)', () => ['check', '--workspace', w.ws, '--policy', path.join(w.policies, 'missing.json')], env, /^airlock: policy error: .*missing\.json: file not found\n$/],
    ['unreadable --policy (a folder)', () => ['check', '--workspace', w.ws, '--policy', path.join(w.policies, 'a-folder.json')], env, /^airlock: policy error: .*a-folder\.json: cannot be read \(EISDIR\)\n$/],
    ['no HOME', () => ['check', '--workspace', w.ws], () => ({}), /^airlock: HOME must be set to an absolute path\n$/],
    ['a relative HOME', () => ['check', '--workspace', w.ws], () => ({ HOME: 'home' }), /^airlock: HOME must be set to an absolute path\n$/],
  ];
  for (const [name, args, environment, stderr] of rows) {
    test(name, async () => {
      const r = await runCli(args(), { stdin: '{"kind":"read","path":"src/a.ts"}\n', env: environment() });
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, stderr);
      assert.equal(r.stderr.split('\n').filter(Boolean).length, 1);
    });
  }
});

describe('airlock check: a malformed policy is exit 2 naming the file and the field', () => {
  malformedPolicies.forEach((p, i) => {
    test(p.name, async () => {
      const file = path.join(w.policies, `bad-${i}.json`);
      const r = await runCli(['check', '--workspace', w.ws, '--policy', file], { stdin: '{"kind":"read","path":"src/a.ts"}\n', env: env() });
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      const expected = `airlock: policy error: ${file}${p.field ? ` (${p.field})` : ''}: `;
      assert.ok(r.stderr.startsWith(expected), `${r.stderr} does not start with ${expected}`);
      assert.equal(r.stderr.split('\n').filter(Boolean).length, 1);
    });
  });

  test("a workspace folder's malformed policy", async () => {
    const r = await runCli(['check', '--workspace', w.ws, '--workspace', w.wsBad], { stdin: '', env: env() });
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`^airlock: policy error: ${escape(path.join(w.wsBad, '.airlock/policy.json'))} \\(rules\\[0\\]\\.hosts\\[0\\]\\): .*/33`));
  });

  test('the default user policy in ~/.airlock, malformed', async () => {
    const r = await runCli(['check', '--workspace', w.ws], { stdin: '', env: { HOME: w.homeBad } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`^airlock: policy error: ${escape(path.join(w.homeBad, '.airlock/policy.json'))} \\(rules\\[0\\]\\.paths\\[0\\]\\): `));
  });
});

describe('the built dist/cli.js', () => {
  const cli = path.join(repo, 'dist/cli.js');
  const run = (args: string[], input: string, home: string) =>
    spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', env: { HOME: home, PATH: process.env.PATH ?? '' }, timeout: 30_000 });

  test('answers every line in order with HOME in a temporary folder', () => {
    const input = '{"kind":"read","path":"src/a.ts"}\n\n{"kind":"delete","path":"/","recursive":true}\nbroken\n{"kind":"read","path":"~/.ssh/id_rsa"}\n';
    const r = run(['check', '--workspace', w.ws], input, w.home);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(jsonLines(r.stdout).map(verdictOf), [
      { decision: 'allow', rule: 'preset.workspace-read' },
      { decision: 'deny', rule: 'floor.root-or-home' },
      { decision: 'deny', rule: 'input.parse-error' },
      { decision: 'deny', rule: 'preset.credential-read' },
    ]);
  });

  test('exits 2 on a malformed user policy in the temporary home', () => {
    const r = run(['check', '--workspace', w.ws], '', w.homeBad);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^airlock: policy error: .*home-bad\/\.airlock\/policy\.json \(rules\[0\]\.paths\[0\]\): [^\n]*\n$/);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
