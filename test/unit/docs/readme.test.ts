import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { floorPathRules, presetPathRules } from '../../../src/core/policy/builtin';
import { outputRows } from '../../../src/core/policy/output';
import { presets } from '../../../src/core/policy/types';
import { analyzeCommand } from '../../../src/core/shell/analyze';
import { summarizeShell } from '../../../src/core/policy/shellDecisions';
import { catalog } from '../../../src/core/shell/catalog';
import { loadShellParser } from '../../../src/core/shell/parse';
import { CommandId } from '../../../src/shared/commandIds';
import { runCli } from '../cli/runCli';

const root = join(__dirname, '../../../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: {
    commands: { command: string; title: string; category: string }[];
    configuration: { properties: Record<string, { default: unknown; scope: string }> };
  };
};

/** The cells of the README table row whose first cell mentions `key`. */
function row(key: string): string[] | undefined {
  const line = readme.split('\n').find((l) => l.startsWith('|') && (l.split('|')[1] ?? '').includes(key));
  return line?.split('|').slice(1, -1).map((c) => c.trim());
}

test('the README opens with exactly the two quick-start commands', () => {
  const block = /## Quick start\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const commands = block.split('\n').filter(Boolean).map((l) => l.split('#')[0]?.trim());
  assert.deepEqual(commands, ['npm start', 'npm test']);
});

test('every command is documented with its title and id', () => {
  for (const c of manifest.contributes.commands) {
    const cells = row(`\`${c.category}: ${c.title}\` (\`${c.command}\`)`);
    assert.ok(cells, `README has no row for ${c.command}`);
  }
  assert.equal(manifest.contributes.commands.length, Object.keys(CommandId).length);
});

test('every setting is documented with its default and scope', () => {
  for (const [key, spec] of Object.entries(manifest.contributes.configuration.properties)) {
    const cells = row(`\`${key}\``);
    assert.ok(cells, `README has no row for ${key}`);
    assert.equal(cells[1], `\`${JSON.stringify(spec.default).replace(/^"|"$/g, '')}\``, `${key} default`);
    assert.equal(cells[2], spec.scope, `${key} scope`);
  }
});

test('the default-protections tables match the built-in rules', () => {
  for (const rule of floorPathRules) {
    const cells = row(`\`${rule.id}\``);
    assert.ok(cells, `README has no row for ${rule.id}`);
    assert.equal(cells.at(-1), 'deny');
  }
  for (const rule of presetPathRules) {
    const cells = row(`\`${rule.id}\``);
    assert.ok(cells, `README has no row for ${rule.id}`);
    assert.deepEqual(cells.slice(2), presets.map((p) => rule.decisions[p]), `${rule.id} decisions`);
  }
});

test('the README lists every program the shell catalog describes, by every name', () => {
  const section = readme.slice(readme.indexOf('### Tools described as data'), readme.indexOf('### Examples (balanced preset)'));
  const missing = catalog.flatMap((e) => e.names.filter((n) => !section.includes(`\`${n}\``)));
  assert.deepEqual(missing, []);
});

test('the README shell examples get the documented decision and rule (balanced)', async () => {
  const section = readme.slice(readme.indexOf('### Examples (balanced preset)'), readme.indexOf('### What the approval prompt shows'));
  const rows = section.split('\n').filter((l) => l.startsWith('| `'));
  assert.ok(rows.length >= 15, 'the examples table is missing');
  const parser = await loadShellParser();
  let checked = 0;
  for (const line of rows) {
    const cells = line.replace(/\\\|/g, '\uE000').split('|').slice(1, -1).map((c) => c.trim().replace(/\uE000/g, '|'));
    const [commandsCell = '', decisionCell = '', rulesCell = ''] = cells;
    const decision = decisionCell.split(' ')[0];
    const rules = [...rulesCell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    for (const [, command] of commandsCell.matchAll(/`([^`]+)`/g)) {
      if (command === undefined || command.includes('…') || command.includes('...')) continue;
      const analysis = analyzeCommand(command, { cwd: '/work/project', home: '/home/dev', env: { HOME: '/home/dev' } }, parser);
      const summary = summarizeShell(analysis, 'balanced');
      assert.equal(summary.decision, decision, `${command}: ${summary.rule} ${summary.reason}`);
      assert.ok(rules.includes(summary.rule), `${command}: got ${summary.rule}, README says ${rules.join(', ')}`);
      checked++;
    }
  }
  assert.ok(checked >= 30, `only ${checked} examples checked`);
});

test('the README airlock check session gives the documented verdicts', async () => {
  const section = readme.slice(readme.indexOf('$ cat actions.jsonl'), readme.indexOf('`--explain` writes'));
  const input = section.split('$ airlock check')[0]!.split('\n').slice(1).filter((l) => l && !l.startsWith('```')).join('\n');
  const expected = section
    .split('\n')
    .filter((l) => l.startsWith('{"decision"'))
    .map((l) => /"decision":"(\w+)","rule":"([^"]+)"/.exec(l)!.slice(1, 3));
  const base = mkdtempSync(join(tmpdir(), 'airlock-readme-'));
  try {
    const ws = join(base, 'workspace');
    cpSync(join(root, 'demo/workspace'), ws, { recursive: true });
    mkdirSync(join(base, 'home'));
    const r = await runCli(['check', '--workspace', ws], { stdin: `${input}\n`, env: { HOME: join(base, 'home') } });
    assert.equal(r.code, 0, r.stderr);
    const got = r.stdout.trim().split('\n').map((l) => {
      const v = JSON.parse(l) as { decision: string; rule: string };
      return [v.decision, v.rule];
    });
    assert.deepEqual(got, expected);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('the README table of output rules is the code\'s, preset by preset', () => {
  for (const [rule, r] of Object.entries(outputRows)) {
    const cells = row(`\`${rule}\``);
    assert.ok(cells, `README has no row for ${rule}`);
    assert.deepEqual(cells?.slice(1), presets.map((p) => r.decisions[p]), rule);
  }
});
