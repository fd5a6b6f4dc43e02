import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { nodeProbe } from '../../../../src/core/paths/nodeProbe';
import {
  expandHome,
  isInside,
  realPath,
  resolvePath,
  validatePathText,
  type PathContext,
  type PathProbe,
  type Platform,
  type ResolvedPath,
} from '../../../../src/core/paths/resolve';
import { virtualProbe } from './virtualProbe';

const probe = virtualProbe({
  entries: ['/home/dev/proj/src/a.ts', '/home/dev/proj/.git/hooks', '/home/dev/lib2/b.ts', '/outside/deep/dir/f.txt', '/etc/passwd'],
  links: {
    '/home/dev/proj/out': '/outside/deep/dir',
    '/home/dev/proj/rel': '../../../outside/deep/dir',
    '/home/dev/proj/chain': 'out',
    '/home/dev/proj/dangling': '/outside/new/file.txt',
    '/home/dev/proj/dotdot-target': 'out/../new.txt',
    '/home/dev/proj/loop': 'loop',
    '/home/dev/proj/hooks': '.git/hooks',
    '/home/dev/proj/..evil': '/outside',
    '/home/dev/proj-link': '/home/dev/proj',
  },
});
const ctx: PathContext = { platform: 'posix', home: '/home/dev', roots: ['/home/dev/proj', '/home/dev/lib2'], probe };

describe('validatePathText', () => {
  const rows: readonly (readonly [string, Platform, RegExp | 'ok'])[] = [
    ['src/a.ts', 'posix', 'ok'],
    ['', 'posix', /empty/],
    ['a\0b', 'posix', /NUL/],
    ['\0', 'posix', /NUL/],
    ['x'.repeat(4097), 'posix', /longer than 4096/],
    ['x'.repeat(4096), 'posix', 'ok'],
    ['C:\\Windows', 'posix', /Windows drive path/],
    ['c:/Users', 'posix', /Windows drive path/],
    ['Z:', 'posix', /Windows drive path/],
    ['\\\\server\\share', 'posix', /UNC path/],
    ['C:foo', 'posix', 'ok'],
    ['//server/share', 'posix', 'ok'],
    ['a\\b', 'posix', 'ok'],
    ['C:\\Windows', 'win32', 'ok'],
    ['a|b', 'win32', /characters Windows does not allow/],
    ['a?b', 'win32', /characters Windows does not allow/],
    ['\\\\?\\C:\\x', 'win32', 'ok'],
  ];
  for (const [text, platform, expected] of rows) {
    test(`${JSON.stringify(text.length > 40 ? `${text.slice(0, 20)}…(${text.length})` : text)} on ${platform}`, () => {
      const r = validatePathText(text, platform);
      if (expected === 'ok') assert.deepEqual(r, { ok: true, value: text });
      else assert.ok(!r.ok && expected.test(r.error), JSON.stringify(r));
    });
  }
});

describe('expandHome', () => {
  const rows: readonly (readonly [string, Platform, string | RegExp])[] = [
    ['~', 'posix', '/home/dev'],
    ['~/', 'posix', '/home/dev'],
    ['~/.ssh/id_rsa', 'posix', '/home/dev/.ssh/id_rsa'],
    ['~root/.ssh', 'posix', /another user's home/],
    ['~dev', 'posix', /another user's home/],
    ['~+/x', 'posix', /another user's home/],
    ['a/~/b', 'posix', 'a/~/b'],
    ['~\\x', 'posix', '~\\x'],
    ['~\\x', 'win32', '\\home\\dev\\x'],
  ];
  for (const [text, platform, expected] of rows) {
    test(`${text} on ${platform}`, () => {
      const r = expandHome(text, '/home/dev', platform);
      if (typeof expected === 'string') assert.deepEqual(r, { ok: true, value: expected });
      else assert.ok(!r.ok && expected.test(r.error));
    });
  }
});

describe('isInside', () => {
  const rows: readonly (readonly [string, string, Platform, boolean])[] = [
    ['/a/b', '/a', 'posix', true],
    ['/a', '/a', 'posix', true],
    ['/ab', '/a', 'posix', false],
    ['/a/..b', '/a', 'posix', true],
    ['/a/../b', '/a', 'posix', false],
    ['/', '/a', 'posix', false],
    ['/a/b', '/', 'posix', true],
    ['/A/b', '/a', 'posix', false],
    ['C:\\A\\b', 'c:\\a', 'win32', true],
    ['C:\\ab', 'C:\\a', 'win32', false],
    ['D:\\a', 'C:\\a', 'win32', false],
    ['C:\\a\\..b', 'C:\\a', 'win32', true],
  ];
  for (const [p, root, platform, expected] of rows) {
    test(`${p} in ${root} (${platform}) is ${expected}`, () => assert.equal(isInside(p, root, platform), expected));
  }
});

type Expect = Partial<Pick<ResolvedPath, 'lexical' | 'real' | 'root' | 'relative' | 'lexicalRelative' | 'escapes'>>;

describe('resolvePath (in-memory filesystem)', () => {
  const rows: readonly (readonly [string, string, { cwd?: string; mode?: 'entry' }, Expect | RegExp])[] = [
    ['relative to the first root', 'src/a.ts', {}, { real: '/home/dev/proj/src/a.ts', root: '/home/dev/proj', relative: 'src/a.ts', escapes: false }],
    ['a new file', 'src/new/x.ts', {}, { real: '/home/dev/proj/src/new/x.ts', relative: 'src/new/x.ts' }],
    ['the root itself', '.', {}, { real: '/home/dev/proj', relative: '', lexicalRelative: '' }],
    ['the second root', '/home/dev/lib2/b.ts', {}, { root: '/home/dev/lib2', relative: 'b.ts' }],
    ['.. into the second root', '../lib2/b.ts', {}, { root: '/home/dev/lib2', relative: 'b.ts' }],
    ['relative to a cwd', 'b.ts', { cwd: '/home/dev/lib2' }, { real: '/home/dev/lib2/b.ts' }],
    ['relative to a relative cwd', 'a.ts', { cwd: 'src' }, { real: '/home/dev/proj/src/a.ts' }],
    ['~ expansion', '~/notes', {}, { real: '/home/dev/notes', root: undefined, escapes: false }],
    ['~user refused', '~bob/x', {}, /another user's home/],
    ['NUL refused', 'a\0', {}, /NUL/],
    ['a drive path refused', 'C:\\x', {}, /Windows drive/],
    ['.. through missing folders', 'src/nope/../../../../etc/passwd', {}, { real: '/home/etc/passwd', root: undefined, escapes: false }],
    ['.. past the filesystem root', 'src/nope/../../../../../../../etc/passwd', {}, { real: '/etc/passwd' }],
    ['a/b/c/../../../..', 'a/b/c/../../../..', {}, { real: '/home/dev', root: undefined }],
    ['a name starting with ..', '..x/y', {}, { real: '/home/dev/proj/..x/y', relative: '..x/y' }],
    ['a link out', 'out/f.txt', {}, { real: '/outside/deep/dir/f.txt', root: undefined, lexicalRelative: 'out/f.txt', escapes: true }],
    ['a relative link out', 'rel/new.txt', {}, { real: '/outside/deep/dir/new.txt', escapes: true }],
    ['a chain of links', 'chain/f.txt', {}, { real: '/outside/deep/dir/f.txt', escapes: true }],
    ['a dangling link is followed', 'dangling', {}, { real: '/outside/new/file.txt', escapes: true }],
    ['a dangling link with .. in its target', 'dotdot-target', {}, { real: '/outside/deep/new.txt', escapes: true }],
    ['.. after a link climbs from its target', 'out/../x', {}, { lexical: '/home/dev/proj/x', real: '/outside/deep/x', escapes: true }],
    ['.. twice after a link', 'out/../../y', {}, { lexical: '/home/dev/y', real: '/outside/y', escapes: false }],
    ['.. after a link and back in', 'out/../../../home/dev/proj/src/a.ts', {}, { real: '/home/dev/proj/src/a.ts', relative: 'src/a.ts' }],
    ['a link named ..evil', '..evil/x', {}, { real: '/outside/x', escapes: true }],
    ['an inside link keeps both names', 'hooks/pre-commit', {}, { real: '/home/dev/proj/.git/hooks/pre-commit', relative: '.git/hooks/pre-commit', lexicalRelative: 'hooks/pre-commit', escapes: false }],
    ['a root written by another name', '/home/dev/proj-link/src/a.ts', {}, { real: '/home/dev/proj/src/a.ts', relative: 'src/a.ts', escapes: false }],
    ['a link out written through an alias of the root is judged where it lands', '/home/dev/proj-link/out/f.txt', {}, { real: '/outside/deep/dir/f.txt', escapes: false }],
    ['a link loop ends', 'loop/x', {}, { real: '/home/dev/proj/loop/x', relative: 'loop/x' }],
    ['entry: a link itself', 'out', { mode: 'entry' }, { real: '/home/dev/proj/out', relative: 'out', escapes: false }],
    ['entry: a dangling link itself', 'dangling', { mode: 'entry' }, { real: '/home/dev/proj/dangling', escapes: false }],
    ['entry: link/ is its target', 'out/', { mode: 'entry' }, { real: '/outside/deep/dir', escapes: true }],
    ['entry: link/. is its target', 'out/.', { mode: 'entry' }, { real: '/outside/deep/dir', escapes: true }],
    ['entry: a file through a link', 'out/f.txt', { mode: 'entry' }, { real: '/outside/deep/dir/f.txt', escapes: true }],
    ['entry: a name after link/..', 'out/../x', { mode: 'entry' }, { real: '/outside/deep/x', escapes: true }],
    ['entry: the filesystem root', '/', { mode: 'entry' }, { real: '/', root: undefined }],
    ['entry: ..', '..', { mode: 'entry' }, { real: '/home/dev' }],
  ];
  for (const [name, text, opts, expected] of rows) {
    test(name, () => {
      const r = resolvePath(text, ctx, opts.cwd, opts.mode);
      if (expected instanceof RegExp) {
        assert.ok(!r.ok && expected.test(r.error), JSON.stringify(r));
        return;
      }
      assert.ok(r.ok, r.ok ? '' : r.error);
      const got = Object.fromEntries(Object.keys(expected).map((k) => [k, r.value[k as keyof ResolvedPath]]));
      assert.deepEqual(got, expected);
    });
  }

  test('nested roots: the innermost root contains the path', () => {
    const r = resolvePath('packages/inner/x.ts', { ...ctx, roots: ['/home/dev/proj', '/home/dev/proj/packages/inner'] });
    assert.ok(r.ok);
    assert.deepEqual([r.value.root, r.value.relative], ['/home/dev/proj/packages/inner', 'x.ts']);
  });

  test('without roots a relative path resolves against home', () => {
    const r = resolvePath('x', { ...ctx, roots: [] });
    assert.ok(r.ok);
    assert.deepEqual([r.value.real, r.value.root], ['/home/dev/x', undefined]);
  });

  test('realPath of a path without .. is the real prefix plus the rest', () => {
    assert.equal(realPath('/home/dev/proj/out/a/b', ctx), '/outside/deep/dir/a/b');
    assert.equal(realPath('/home/dev/proj/out/a/../b', ctx), '/outside/deep/dir/b');
  });
});

describe('resolvePath on Windows (no filesystem)', () => {
  const none: PathProbe = { realpath: () => undefined, readlink: () => undefined };
  const win: PathContext = { platform: 'win32', home: 'C:\\Users\\dev', roots: ['C:\\Users\\dev\\proj'], probe: none };
  const rows: readonly (readonly [string, Expect | RegExp])[] = [
    ['src\\a.ts', { real: 'C:\\Users\\dev\\proj\\src\\a.ts', relative: 'src/a.ts' }],
    ['c:\\users\\DEV\\proj\\x', { root: 'C:\\Users\\dev\\proj', relative: 'x' }],
    ['src\\..\\..\\x', { real: 'C:\\Users\\dev\\x', root: undefined }],
    ['~\\x', { real: 'C:\\Users\\dev\\x' }],
    ['a|b', /characters Windows does not allow/],
  ];
  for (const [text, expected] of rows) {
    test(text, () => {
      const r = resolvePath(text, win);
      if (expected instanceof RegExp) {
        assert.ok(!r.ok && expected.test(r.error));
        return;
      }
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.deepEqual(Object.fromEntries(Object.keys(expected).map((k) => [k, r.value[k as keyof ResolvedPath]])), expected);
    });
  }
});

describe('resolvePath on disk', () => {
  let base = '';
  let disk: PathContext;
  before(() => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-')));
    for (const d of ['home', 'ws/src', 'outside/dir']) fs.mkdirSync(path.join(base, d), { recursive: true });
    fs.writeFileSync(path.join(base, 'ws/src/a.ts'), '');
    fs.symlinkSync(path.join(base, 'outside/dir'), path.join(base, 'ws/out'));
    fs.symlinkSync(path.join(base, 'outside/not-yet'), path.join(base, 'ws/dangling'));
    fs.symlinkSync('out/../later.txt', path.join(base, 'ws/dotdot'));
    disk = { platform: 'posix', home: path.join(base, 'home'), roots: [path.join(base, 'ws')], probe: nodeProbe };
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  const rows: readonly (readonly [string, 'follow' | 'entry', string, boolean])[] = [
    ['src/a.ts', 'follow', 'ws/src/a.ts', false],
    ['out/x', 'follow', 'outside/dir/x', true],
    ['out/../x', 'follow', 'outside/x', true],
    ['dangling', 'follow', 'outside/not-yet', true],
    ['dangling/deeper/file', 'follow', 'outside/not-yet/deeper/file', true],
    ['dotdot', 'follow', 'outside/later.txt', true],
    ['out', 'entry', 'ws/out', false],
    ['out/', 'entry', 'outside/dir', true],
    ['dangling', 'entry', 'ws/dangling', false],
  ];
  for (const [text, mode, real, escapes] of rows) {
    test(`${text} (${mode})`, () => {
      const r = resolvePath(text, disk, undefined, mode);
      assert.ok(r.ok);
      assert.deepEqual([r.value.real, r.value.escapes], [path.join(base, real), escapes]);
    });
  }
});
