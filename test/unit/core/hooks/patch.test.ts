import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { multiEditPaths, patchTargets, type PatchTarget } from '../../../../src/core/hooks/patch';

const cases: { name: string; text: string; want: PatchTarget[] | { error: RegExp } }[] = [
  {
    name: 'apply_patch: add, update, move, delete',
    text: [
      '*** Begin Patch',
      '*** Add File: a.txt',
      '+hello',
      '*** Update File: b.txt',
      '@@ def f():',
      '-x',
      '+y',
      '*** Update File: c.txt',
      '*** Move to: d/c.txt',
      '@@',
      ' keep',
      '*** Delete File: e.txt',
      '*** End Patch',
    ].join('\n'),
    want: [
      { kind: 'write', path: 'a.txt' },
      { kind: 'write', path: 'b.txt' },
      { kind: 'write', path: 'c.txt' },
      { kind: 'rename', path: 'c.txt', to: 'd/c.txt' },
      { kind: 'write', path: 'd/c.txt' },
      { kind: 'delete', path: 'e.txt' },
    ],
  },
  {
    name: 'apply_patch: headers with surrounding whitespace and CRLF still count',
    text: '*** Begin Patch\r\n   *** Delete File: /etc/passwd  \r\n*** End Patch\r\n',
    want: [{ kind: 'delete', path: '/etc/passwd' }],
  },
  {
    name: 'apply_patch: a removed line reading "--- x" is content, not a diff header',
    text: ['*** Begin Patch', '*** Update File: q.sql', '@@', '--- comment', '+++ other', '*** End Patch'].join('\n'),
    want: [{ kind: 'write', path: 'q.sql' }],
  },
  {
    name: 'git diff: modify, add, delete, rename',
    text: [
      'diff --git a/src/x.ts b/src/x.ts',
      'index 1111111..2222222 100644',
      '--- a/src/x.ts',
      '+++ b/src/x.ts',
      '@@ -1,3 +1,3 @@',
      ' a',
      '--- this removed line starts with two dashes',
      '+++ and this added one with two pluses',
      ' c',
      'diff --git a/new.ts b/new.ts',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/new.ts',
      '@@ -0,0 +1 @@',
      '+x',
      'diff --git a/old.ts b/old.ts',
      'deleted file mode 100644',
      '--- a/old.ts',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-x',
      'diff --git a/from.ts b/to.ts',
      'similarity index 100%',
      'rename from from.ts',
      'rename to to.ts',
    ].join('\n'),
    want: [
      { kind: 'write', path: 'src/x.ts' },
      { kind: 'write', path: 'new.ts' },
      { kind: 'delete', path: 'old.ts' },
      { kind: 'rename', path: 'from.ts', to: 'to.ts' },
    ],
  },
  {
    name: 'plain diff -u with timestamps and a changed name',
    text: ['--- lib/a.c\t2026-01-01 00:00:00.000000000 +0000', '+++ lib/b.c\t2026-01-02 00:00:00.000000000 +0000', '@@ -1 +1 @@', '-a', '+b'].join('\n'),
    want: [
      { kind: 'rename', path: 'lib/a.c', to: 'lib/b.c' },
      { kind: 'write', path: 'lib/b.c' },
    ],
  },
  {
    name: 'git quotes unusual names',
    text: ['--- "a/sp ace\\"q.txt"', '+++ "b/sp ace\\"q.txt"', '@@ -1 +1 @@', '-a', '+b'].join('\n'),
    want: [{ kind: 'write', path: 'sp ace"q.txt' }],
  },
  {
    name: 'a hunk shorter than its header says ends at the next header',
    text: ['--- a/one', '+++ b/one', '@@ -1,5 +1,5 @@', '-x', '+y', '--- a/two', '+++ b/two', '@@ -1 +1 @@', '-p', '+q'].join('\n'),
    want: [
      { kind: 'write', path: 'one' },
      { kind: 'write', path: 'two' },
    ],
  },
  { name: 'no headers at all', text: 'just some text\n+ and a plus', want: { error: /no apply_patch or unified-diff file headers/ } },
  { name: 'an envelope without files', text: '*** Begin Patch\n*** End Patch', want: { error: /names no file/ } },
  { name: 'a header without a path', text: '*** Begin Patch\n*** Add File:\n*** End Patch', want: { error: /has no path/ } },
  { name: 'a move without an update', text: '*** Begin Patch\n*** Move to: x\n*** End Patch', want: { error: /follows no/ } },
  { name: '/dev/null on both sides', text: '--- /dev/null\n+++ /dev/null', want: { error: /dev\/null to \/dev\/null/ } },
];

describe('patchTargets', () => {
  for (const c of cases) {
    test(c.name, () => {
      const r = patchTargets(c.text);
      if (Array.isArray(c.want)) {
        assert.ok(r.ok, r.ok ? '' : r.error);
        assert.deepEqual(r.value, c.want);
      } else {
        assert.equal(r.ok, false);
        if (!r.ok) assert.match(r.error, c.want.error);
      }
    });
  }

  test('never throws, and finds every file an apply_patch envelope names', () => {
    const name = fc.stringMatching(/^[a-z0-9_./-]{1,20}$/).filter((s) => s.trim() === s);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('Add File', 'Update File', 'Delete File'), name, fc.array(fc.string(), { maxLength: 3 })), {
          minLength: 1,
          maxLength: 6,
        }),
        (entries) => {
          const body = entries.flatMap(([op, p, lines]) => [`*** ${op}: ${p}`, ...lines.map((l) => `+${l.replace(/[\r\n]/g, '')}`)]);
          const r = patchTargets(['*** Begin Patch', ...body, '*** End Patch'].join('\n'));
          assert.ok(r.ok);
          const paths = new Set(r.value.map((t) => t.path));
          for (const [, p] of entries) assert.ok(paths.has(p), p);
        },
      ),
    );
    fc.assert(fc.property(fc.string(), (text) => void patchTargets(text)));
  });
});

describe('multiEditPaths', () => {
  test('collects each edit\'s own file, once', () => {
    const edits = [{ filePath: 'a.ts' }, { filePath: 'b.ts' }, { filePath: 'a.ts' }, { oldString: 'no file' }, 'junk'];
    assert.deepEqual(multiEditPaths(edits, ['filePath', 'path']), ['a.ts', 'b.ts']);
    assert.deepEqual(multiEditPaths('not a list', ['filePath']), []);
  });
});
