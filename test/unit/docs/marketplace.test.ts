import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '../../../..');
const page = readFileSync(join(root, 'docs/marketplace.md'), 'utf8');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  icon: string;
  contributes: { commands: { title: string }[]; configuration: { properties: Record<string, unknown> } };
};

test('the marketplace page is written for users: no contributor commands, every command and setting named', () => {
  assert.doesNotMatch(page, /npm (start|test)|scripts\/|\.ci\/|test tier/);
  for (const c of manifest.contributes.commands) {
    const words = c.title.replace(/…$/, '');
    assert.ok(page.includes(words), `the marketplace page does not name "${c.title}"`);
  }
  for (const setting of Object.keys(manifest.contributes.configuration.properties)) assert.ok(page.includes(`\`${setting}\``), setting);
});

test('the page links only to files in the package or to absolute URLs, and the pictures exist', () => {
  const links = [...page.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1] ?? '');
  assert.ok(links.length > 0);
  for (const link of links) {
    if (/^https:\/\//.test(link)) continue;
    assert.ok(link.startsWith('media/') && existsSync(join(root, link)), `${link} is neither in the package nor absolute`);
  }
  const packed = readFileSync(join(root, 'scripts/package.sh'), 'utf8');
  assert.match(packed, /--readme-path docs\/marketplace\.md/);
});

test('the extension has a 128×128 PNG icon', () => {
  const png = readFileSync(join(root, manifest.icon));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.equal(png.readUInt32BE(16), 128);
  assert.equal(png.readUInt32BE(20), 128);
});
