import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CommandId } from '../../../src/shared/commandIds';

interface Contributed {
  command: string;
  title: string;
  category?: string;
}

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8')) as {
  contributes: { commands: Contributed[]; menus?: Record<string, { command: string }[]> };
};

test('package.json contributes exactly the commands in CommandId', () => {
  const contributed = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(contributed, Object.values(CommandId).sort());
});

test('every contributed command has the Airlock category and a title', () => {
  for (const c of manifest.contributes.commands) {
    assert.equal(c.category, 'Airlock', `${c.command} has no Airlock category`);
    assert.ok(c.title.length > 0, `${c.command} has no title`);
  }
});

test('menus refer only to known commands', () => {
  const known = new Set<string>(Object.values(CommandId));
  for (const [menu, items] of Object.entries(manifest.contributes.menus ?? {})) {
    for (const item of items) assert.ok(known.has(item.command), `${menu} names unknown ${item.command}`);
  }
});
