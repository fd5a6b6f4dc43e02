import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { floorPathRules, presetPathRules } from '../../../src/core/policy/builtin';
import { presets } from '../../../src/core/policy/types';
import { CommandId } from '../../../src/shared/commandIds';

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
