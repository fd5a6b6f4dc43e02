import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAction } from '../../../src/core/actionParse';
import type { Action, ActionSource } from '../../../src/core/actions';

const source: ActionSource = { agent: 'cli', channel: 'check' };

describe('parseAction: valid actions', () => {
  const rows: readonly (readonly [string, unknown, Action])[] = [
    ['read', { kind: 'read', path: 'src/a.ts' }, { kind: 'read', path: 'src/a.ts', source }],
    ['write with cwd', { kind: 'write', path: 'a', cwd: '/w' }, { kind: 'write', path: 'a', cwd: '/w', source }],
    ['recursive delete', { kind: 'delete', path: 'build', recursive: true }, { kind: 'delete', path: 'build', recursive: true, source }],
    ['delete, recursive false', { kind: 'delete', path: 'a', recursive: false }, { kind: 'delete', path: 'a', recursive: false, source }],
    ['rename', { kind: 'rename', path: 'a', to: 'b' }, { kind: 'rename', path: 'a', to: 'b', source }],
    ['exec', { kind: 'exec', command: 'npm test', cwd: '/w' }, { kind: 'exec', command: 'npm test', cwd: '/w', source }],
    ['fetch', { kind: 'fetch', url: 'https://example.com/' }, { kind: 'fetch', url: 'https://example.com/', source }],
    ['fetch of a bare host', { kind: 'fetch', url: 'example.com' }, { kind: 'fetch', url: 'example.com', source }],
    [
      'its own source',
      { kind: 'read', path: 'a', source: { agent: 'claude', channel: 'hook', session: 's1' } },
      { kind: 'read', path: 'a', source: { agent: 'claude', channel: 'hook', session: 's1' } },
    ],
    ['a source without session', { kind: 'read', path: 'a', source: { agent: 'x', channel: 'y' } }, { kind: 'read', path: 'a', source: { agent: 'x', channel: 'y' } }],
    ['extra fields of other kinds are kept', { kind: 'read', path: 'a', command: 'x' }, { kind: 'read', path: 'a', command: 'x', source }],
    ['a path with a NUL byte is for the engine to refuse', { kind: 'read', path: 'a\0' }, { kind: 'read', path: 'a\0', source }],
  ];
  for (const [name, input, expected] of rows) {
    test(name, () => assert.deepEqual(parseAction(input, source), { ok: true, value: expected }));
  }
});

describe('parseAction: invalid actions say which field is wrong', () => {
  const rows: readonly (readonly [string, unknown, RegExp])[] = [
    ['null', null, /must be a JSON object/],
    ['a list', [], /must be a JSON object/],
    ['a string', 'read a', /must be a JSON object/],
    ['a number', 3, /must be a JSON object/],
    ['unknown field', { kind: 'read', path: 'a', bogus: 1 }, /^unknown field "bogus"$/],
    ['unknown field named like a prototype key', JSON.parse('{"kind":"read","path":"a","__proto__":{}}'), /^unknown field "__proto__"$/],
    ['missing kind', { path: 'a' }, /"kind" must be one of read, write, delete, rename, exec, fetch/],
    ['unknown kind', { kind: 'copy', path: 'a' }, /"kind" must be one of/],
    ['kind in capitals', { kind: 'READ', path: 'a' }, /"kind" must be one of/],
    ['read without path', { kind: 'read' }, /^a read action needs a non-empty "path"$/],
    ['write with empty path', { kind: 'write', path: '' }, /^a write action needs a non-empty "path"$/],
    ['delete without path', { kind: 'delete' }, /^a delete action needs a non-empty "path"$/],
    ['rename without to', { kind: 'rename', path: 'a' }, /^a rename action needs a non-empty "to"$/],
    ['exec without command', { kind: 'exec' }, /^an? exec action needs a non-empty "command"$/],
    ['fetch without url', { kind: 'fetch' }, /^a fetch action needs a non-empty "url"$/],
    ['path not a string', { kind: 'read', path: 5 }, /^"path" must be a string$/],
    ['to not a string', { kind: 'rename', path: 'a', to: ['b'] }, /^"to" must be a string$/],
    ['cwd not a string', { kind: 'read', path: 'a', cwd: null }, /^"cwd" must be a string$/],
    ['url not a string', { kind: 'fetch', url: { href: 'x' } }, /^"url" must be a string$/],
    ['recursive not a boolean', { kind: 'delete', path: 'a', recursive: 'yes' }, /^"recursive" must be true or false$/],
    ['source not an object', { kind: 'read', path: 'a', source: 'me' }, /"source" must be an object/],
    ['source without channel', { kind: 'read', path: 'a', source: { agent: 'x' } }, /"source" must be an object with string "agent" and "channel"/],
    ['source session not a string', { kind: 'read', path: 'a', source: { agent: 'x', channel: 'y', session: 1 } }, /"source.session" must be a string/],
  ];
  for (const [name, input, expected] of rows) {
    test(name, () => {
      const r = parseAction(input, source);
      assert.ok(!r.ok, 'expected an error');
      assert.match(r.error, expected);
    });
  }
});
