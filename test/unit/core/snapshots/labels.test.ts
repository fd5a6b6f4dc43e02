import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { changesLabel } from '../../../../src/core/snapshots/labels';

const root = join('/work', 'ws');

describe('a checkpoint taken for changes names them', () => {
  test('the changed files, relative to the workspace, sorted, at most three and how many more', () => {
    assert.equal(changesLabel(root, [join(root, 'src', 'b.ts'), join(root, 'README.md')]), 'file changes: README.md, src/b.ts');
    const many = ['e.ts', 'a.ts', 'c.ts', 'b.ts', 'd.ts'].map((f) => join(root, 'src', f));
    assert.equal(changesLabel(root, many), 'file changes: src/a.ts, src/b.ts, src/c.ts and 2 more');
  });

  test('a path seen twice counts once; paths outside the workspace and the folder itself are not named', () => {
    assert.equal(changesLabel(root, [join(root, 'a.ts'), join(root, 'a.ts'), root, join('/work', 'other', 'x.ts')]), 'file changes: a.ts');
  });

  test('unknown changes (the watcher lost track) or none named: the plain label', () => {
    assert.equal(changesLabel(root, undefined), 'file changes');
    assert.equal(changesLabel(root, []), 'file changes');
  });
});
