import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Action } from '../../../../src/core/actions';
import { approvalKey, literalPatternWord, narrowAllowRule } from '../../../../src/core/approvals/approvals';
import { parseCommandPattern } from '../../../../src/core/shell/commandPattern';

const source = { agent: 'claude', channel: 'hook' };
const a = (x: Omit<Action, 'source'>): Action => ({ ...x, source });

test('session approvals are keyed by kind and exact target', () => {
  const rows: [Action, Action, boolean][] = [
    [a({ kind: 'read', path: '.env' }), a({ kind: 'read', path: '.env' }), true],
    [a({ kind: 'read', path: '.env' }), a({ kind: 'read', path: '.env.local' }), false],
    [a({ kind: 'read', path: '.env' }), a({ kind: 'write', path: '.env' }), false],
    [a({ kind: 'delete', path: 'build' }), a({ kind: 'delete', path: 'build', recursive: true }), false],
    [a({ kind: 'exec', command: 'rm -rf build', cwd: '/a' }), a({ kind: 'exec', command: 'rm -rf build', cwd: '/b' }), false],
    [a({ kind: 'exec', command: 'rm -rf build' }), a({ kind: 'exec', command: 'rm -rf build ' }), false],
    [a({ kind: 'rename', path: 'a', to: 'b' }), a({ kind: 'rename', path: 'a', to: 'c' }), false],
    [a({ kind: 'fetch', url: 'http://127.0.0.1:3000/' }), a({ kind: 'fetch', url: 'http://127.0.0.1:3000/' }), true],
  ];
  for (const [x, y, same] of rows) assert.equal(approvalKey(x) === approvalKey(y), same, `${approvalKey(x)} vs ${approvalKey(y)}`);
});

test('literal pattern words quote what a pattern would read as a glob or a separator', () => {
  const rows: [string, string][] = [
    ['build', 'build'],
    ['-rf', '-rf'],
    ['*.log', "'*.log'"],
    ['a b', "'a b'"],
    ["it's", `"it's"`],
    ['', "''"],
  ];
  for (const [word, quoted] of rows) assert.equal(literalPatternWord(word), quoted);
});

test('always rules are as narrow as the target', () => {
  assert.deepEqual(narrowAllowRule(a({ kind: 'read', path: '.env' }), { paths: ['/ws/.env'] }), {
    id: narrowAllowRule(a({ kind: 'read', path: '.env' }), { paths: ['/ws/.env'] })?.id,
    kinds: ['read'],
    paths: ['/ws/.env'],
    decision: 'allow',
    reason: 'Always allowed by you from an approval prompt.',
  });
  assert.deepEqual(narrowAllowRule(a({ kind: 'fetch', url: 'http://localhost:3000/x' }), { host: 'localhost:3000' })?.hosts, ['localhost:3000']);
  assert.deepEqual(narrowAllowRule(a({ kind: 'exec', command: 'rm -rf "my build"' }), { commands: [['rm', '-rf', 'my build']] })?.commands, [
    "rm -rf 'my build'",
  ]);
  // A path that would read as a glob cannot be made exact: no always rule is offered.
  assert.equal(narrowAllowRule(a({ kind: 'write', path: 'x[1].ts' }), { paths: ['/ws/x[1].ts'] }), undefined);
  assert.equal(narrowAllowRule(a({ kind: 'exec', command: 'x' }), { commands: [['echo', `a'b"c`]] }), undefined);
});

test('every command pattern an always rule writes parses', () => {
  const rule = narrowAllowRule(a({ kind: 'exec', command: 'x' }), { commands: [['git', 'push', '--force', 'origin', 'feature/a b']] });
  for (const c of rule?.commands ?? []) assert.ok(parseCommandPattern(c).ok, c);
});
