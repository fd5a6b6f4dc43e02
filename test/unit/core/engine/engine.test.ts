import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Engine } from '../../../../src/core/engine/engine';
import { formatExplanation } from '../../../../src/core/engine/explainText';
import { loadShellParser } from '../../../../src/core/shell/parse';
import { virtualProbe } from '../paths/virtualProbe';
import { engineCases, virtualPlaces, virtualTree } from './fixtures';
import { buildDiskWorld, Engines, fillAction, removeDiskWorld, resolver, type Places } from './world';

let disk: Places | undefined;
let engines: Engines;

before(async () => {
  disk = buildDiskWorld();
  engines = new Engines(disk, await loadShellParser());
});

after(() => removeDiskWorld(disk));

const label = (c: (typeof engineCases)[number]) => `${c.world}/${c.config}${c.preset ? `/${c.preset}` : ''}: ${c.name}`;

describe('engine table', () => {
  test('the table is large and its names are unique', () => {
    assert.ok(engineCases.length >= 150, `only ${engineCases.length} cases`);
    const names = engineCases.map(label);
    assert.equal(new Set(names).size, names.length, 'duplicate case names');
  });

  for (const c of engineCases) {
    test(`${label(c)} -> ${c.expected.decision} ${c.expected.rule}`, async () => {
      const engine = engines.get(c.world, c.config, c.preset);
      const verdict = await engine.decide(fillAction(c.action, engines.places(c.world)));
      const got = { decision: verdict.decision, rule: verdict.rule, ...(c.expected.layer ? { layer: verdict.layer } : {}) };
      assert.deepEqual(got, c.expected, verdict.reason);
      assert.ok(verdict.reason.length > 0);
    });
  }
});

describe('engine explanations', () => {
  const action = (fields: Record<string, unknown>) => fillAction(fields as never, engines.places('virtual'));

  test('a rename is judged at both ends, the strictest winning', async () => {
    const e = await engines.get('virtual', 'plain').explain(action({ kind: 'rename', path: 'src/a.ts', to: '/etc/a.ts' }));
    assert.equal(e.subjects.length, 2);
    assert.deepEqual(e.subjects.map((s) => s.verdict.rule), ['preset.recursive-delete', 'floor.system-write']);
    assert.equal(e.verdict.rule, 'floor.system-write');
  });

  test('a backslash path is judged literally and with slashes', async () => {
    const e = await engines.get('virtual', 'plain').explain(action({ kind: 'write', path: '..\\..\\..\\etc\\passwd' }));
    assert.equal(e.subjects.length, 2);
    assert.deepEqual(e.subjects.map((s) => s.verdict.decision), ['allow', 'deny']);
    assert.equal(e.verdict.rule, 'floor.system-write');
  });

  test('explain lists every match per layer and the winner of each', async () => {
    const e = await engines.get('virtual', 'workspace').explain(action({ kind: 'read', path: 'secrets/README.md' }));
    const [subject] = e.subjects;
    assert.ok(subject);
    assert.deepEqual(subject.layers.map((l) => l.layer), ['floor', 'preset', 'user', 'workspace']);
    const ws = subject.layers.find((l) => l.layer === 'workspace');
    assert.deepEqual(ws?.matches.map((m) => m.rule.id).sort(), ['workspace:ws-secrets', 'workspace:ws-secrets-readme']);
    assert.equal(ws?.winner?.rule.id, 'workspace:ws-secrets-readme');
    assert.equal(subject.layers.find((l) => l.layer === 'preset')?.winner?.rule.id, 'preset.workspace-read');
    assert.equal(e.verdict.rule, 'preset.workspace-read');
    assert.match(e.precedence, /floor denies first/);
  });

  test('the text explanation names the winning rule and every layer', async () => {
    const e = await engines.get('virtual', 'layered').explain(action({ kind: 'write', path: 'src/generated/api.ts' }));
    const text = formatExplanation(e);
    assert.match(text, /^DENY by workspace:ws-deny-generated \(workspace\): /);
    assert.match(text, /ask\s+user:ask-generated \[specificity \d+\]\s+← wins this layer/);
    assert.match(text, /floor: no rule matched/);
    assert.match(text, /How layers combine: /);
  });

  test('a verdict names the path it judged', async () => {
    const v = await engines.get('virtual', 'plain').decide(action({ kind: 'read', path: '.env' }));
    assert.equal(v.reason, `Reading a secret file (environment, key or credentials file): ${virtualPlaces.ws}/.env.`);
    assert.equal(v.risk, 'high');
  });

  test('an action missing its target is an internal deny, never a throw', async () => {
    const v = await engines.get('virtual', 'plain').decide(action({ kind: 'read' }));
    assert.deepEqual([v.decision, v.rule, v.layer], ['deny', 'internal.error', 'internal']);
  });

  test('without a shell parser every command is asked', async () => {
    const engine = new Engine({
      roots: [virtualPlaces.ws],
      home: virtualPlaces.home,
      platform: 'posix',
      workspaceTrusted: true,
      probe: virtualProbe(virtualTree),
      resolver,
      airlockHome: `${virtualPlaces.home}/.airlock`,
    });
    const v = await engine.decide(action({ kind: 'exec', command: 'ls' }));
    assert.deepEqual([v.decision, v.rule], ['ask', 'internal.no-shell-parser']);
  });
});
