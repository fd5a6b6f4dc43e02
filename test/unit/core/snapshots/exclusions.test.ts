import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkPattern, compileExclusions, defaultExclusions, effectivePatterns } from '../../../../src/core/snapshots/exclusions';
import { defaultSnapshotSettings, parseSize, parseSnapshotSettings } from '../../../../src/core/snapshots/settings';

describe('exclusions', () => {
  const ex = compileExclusions([...defaultExclusions, '*.log', 'data/', 'docs/generated/**', 'tmp-*/', 'secret.key']);
  // [relative path, is a folder, excluded]
  const rows: readonly [string, boolean, boolean][] = [
    ['node_modules', true, true],
    ['packages/app/node_modules', true, true],
    ['node_modules', false, false],
    ['.git', true, true],
    ['sub/repo/.git', true, true],
    ['.gitignore', false, false],
    ['.env', false, false],
    ['.env.local', false, false],
    ['dist', true, true],
    ['build', false, false],
    ['src/build.ts', false, false],
    ['target', true, true],
    ['app.log', false, true],
    ['deep/nested/run.log', false, true],
    ['data', true, true],
    ['src/data', true, true],
    ['data', false, false],
    ['docs/generated/api.md', false, true],
    ['docs/generated', true, true],
    ['other/docs/generated/api.md', false, false],
    ['tmp-1', true, true],
    ['tmp-1', false, false],
    ['secret.key', false, true],
    ['config/secret.key', false, true],
    ['src/index.ts', false, false],
  ];
  for (const [rel, isDir, excluded] of rows) {
    test(`${isDir ? 'folder' : 'file'} ${rel} is ${excluded ? '' : 'not '}excluded`, () => {
      assert.equal(ex.excludes(rel, rel.split('/').pop()!, isDir), excluded);
    });
  }

  test('include lifts defaults; exclude adds', () => {
    const p = effectivePatterns(['*.tmp'], ['dist', 'build/']);
    assert.ok(!p.includes('dist/') && !p.includes('build/') && p.includes('out/') && p.includes('*.tmp'));
  });

  const bad: readonly [unknown, RegExp][] = [
    ['', /empty/],
    ['/etc/passwd', /absolute/],
    ['../outside', /'\.\.'/],
    ['!keep.me', /negates/],
    ['a\0b', /NUL/],
    [42, /empty/],
  ];
  for (const [p, error] of bad) {
    test(`pattern ${JSON.stringify(p)} is refused`, () => {
      const r = checkPattern(p);
      assert.equal(r.ok, false);
      assert.match(r.ok ? '' : r.error, error);
    });
  }
});

describe('snapshot settings', () => {
  test('nothing means the defaults', () => assert.deepEqual(parseSnapshotSettings(undefined), { ok: true, value: defaultSnapshotSettings }));

  test('every field', () => {
    const r = parseSnapshotSettings({ exclude: ['*.log'], include: ['build/'], maxFileSize: '8MB', retention: { maxBytes: '2GiB', maxAgeDays: 7 } });
    assert.deepEqual(r, { ok: true, value: { exclude: ['*.log'], include: ['build/'], maxFileSize: 8 * 2 ** 20, retention: { maxBytes: 2 * 2 ** 30, maxAgeDays: 7 } } });
  });

  const bad: readonly [unknown, RegExp][] = [
    [[], /JSON object/],
    [{ excludes: [] }, /unknown snapshot setting 'excludes'/],
    [{ exclude: 'node_modules' }, /'exclude' must be a list/],
    [{ exclude: ['/abs'] }, /'exclude': .*absolute/],
    [{ maxFileSize: 'huge' }, /'maxFileSize': 'huge' is not a size/],
    [{ maxFileSize: '3GB' }, /at most 2 GiB/],
    [{ retention: { maxAgeDays: 0 } }, /positive number/],
    [{ retention: { keep: 3 } }, /unknown retention setting 'keep'/],
  ];
  for (const [v, error] of bad) {
    test(`${JSON.stringify(v)} is refused`, () => {
      const r = parseSnapshotSettings(v);
      assert.equal(r.ok, false);
      assert.match(r.ok ? '' : r.error, error);
    });
  }

  const sizes: readonly [unknown, number | undefined][] = [
    [1024, 1024],
    ['1024', 1024],
    ['512K', 512 * 1024],
    ['20 MB', 20 * 2 ** 20],
    ['1.5GiB', 1.5 * 2 ** 30],
    ['5g', 5 * 2 ** 30],
    ['-1', undefined],
    ['ten', undefined],
    [-5, undefined],
  ];
  for (const [v, n] of sizes) {
    test(`size ${JSON.stringify(v)}`, () => {
      const r = parseSize(v);
      assert.deepEqual(r.ok ? r.value : undefined, n);
    });
  }
});
