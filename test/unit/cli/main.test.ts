import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from './runCli';

const root = join(__dirname, '../../../..');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

const cases: { args: string[]; code: number; stdout?: RegExp; stderr?: RegExp }[] = [
  { args: ['--version'], code: 0, stdout: new RegExp(`^${version.replace(/\./g, '\\.')}\\n$`) },
  { args: ['-v'], code: 0, stdout: /^\d+\.\d+\.\d+\n$/ },
  { args: ['--help'], code: 0, stdout: /^Usage: airlock <command>/ },
  { args: [], code: 0, stdout: /^Usage: airlock <command>/ },
  { args: ['--bogus'], code: 2, stderr: /^airlock: Unknown option '--bogus'[^\n]*\n$/ },
  { args: ['frobnicate'], code: 2, stderr: /^airlock: unknown command 'frobnicate' \(see 'airlock --help'\)\n$/ },
  { args: ['toString'], code: 2, stderr: /^airlock: unknown command 'toString'/ },
  { args: ['--version', 'extra'], code: 2, stderr: /^airlock: [^\n]+\n$/ },
];

for (const c of cases) {
  test(`airlock ${c.args.join(' ') || '(no arguments)'} exits ${c.code}`, async () => {
    const r = await runCli(c.args);
    assert.equal(r.code, c.code, r.stderr);
    if (c.stdout) assert.match(r.stdout, c.stdout);
    if (c.stderr) {
      assert.match(r.stderr, c.stderr);
      assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, 'errors are one line');
      assert.equal(r.stdout, '');
    }
  });
}

test('the built dist/cli.js runs as an executable with a shebang and has no vscode import', () => {
  const cli = join(root, 'dist/cli.js');
  const text = readFileSync(cli, 'utf8');
  assert.ok(text.startsWith('#!/usr/bin/env node\n'));
  assert.doesNotMatch(text, /require\(["']vscode["']\)/);
  const ok = spawnSync(cli, ['--version'], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout, `${version}\n`);
  const bad = spawnSync(cli, ['--nope'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^airlock: Unknown option '--nope'/);
});

test('package.json bin points at dist/cli.js', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  assert.deepEqual(manifest.bin, { airlock: 'dist/cli.js' });
});
