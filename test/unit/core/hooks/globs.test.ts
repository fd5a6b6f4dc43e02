import assert from 'node:assert/strict';
import { test } from 'node:test';
import { globSearchRoot } from '../../../../src/core/hooks/globs';

test('a glob search reads the folder its pattern starts from', () => {
  for (const [pattern, dir, root] of [
    ['**/*.js', undefined, '.'],
    ['src/**/*.js', undefined, 'src'],
    ['*.txt', '/ws/src', '/ws/src'],
    ['../notes/*.txt', undefined, '../notes'],
    ['../notes/*.txt', '/ws', '/notes'],
    ['/home/dev/notes/*.txt', '/ws/src', '/home/dev/notes'],
    ['/home/dev/.ssh/id_*', undefined, '/home/dev/.ssh'],
    ['/home/dev/notes/keep.txt', undefined, '/home/dev/notes/keep.txt'],
    ['/*', undefined, '/'],
    ['{src,test}/*.ts', '/ws', '/ws'],
  ] as const) {
    assert.equal(globSearchRoot(pattern, dir), root, `${pattern} in ${String(dir)}`);
  }
});
