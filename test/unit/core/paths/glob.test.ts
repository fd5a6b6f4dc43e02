import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bestGlobMatch, bestSetMatch, compileGlob, globMatch, globSet, type PathGlob } from '../../../../src/core/paths/glob';
import * as places from '../../../../src/core/paths/places';
import type { ResolvedPath } from '../../../../src/core/paths/resolve';

const options = { home: '/home/dev', platform: 'posix', nocase: false } as const;

function glob(source: string, nocase = false): PathGlob {
  const r = compileGlob(source, { ...options, nocase });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** A resolved path inside /home/dev/proj (or outside when `relative` is undefined). */
function resolved(real: string, relative: string | undefined, lexical = real, lexicalRelative = relative): ResolvedPath {
  return {
    input: lexical,
    lexical,
    real,
    ...(relative !== undefined ? { root: '/home/dev/proj', relative } : {}),
    ...(lexicalRelative !== undefined ? { lexicalRelative } : {}),
    escapes: false,
  };
}

describe('compileGlob refuses what it cannot mean', () => {
  const rows: readonly (readonly [string, RegExp])[] = [
    ['', /empty/],
    ['   ', /empty/],
    ['src/\0', /NUL/],
    ['~bob/.ssh', /another user's home/],
    ['../secrets', /contains '\.\.'/],
    ['src/../../etc', /contains '\.\.'/],
    ['/etc/../root', /contains '\.\.'/],
    ['src/[abc', /'\[' without '\]'/],
    ['src/{a,b', /'\{' without '\}'/],
    ['src/a}', /'\}' without '\{'/],
    ['[', /'\[' without '\]'/],
    // A backslash is a separator in policy globs, so it cannot escape a bracket.
    ['src/\\[x', /'\[' without '\]'/],
  ];
  for (const [source, expected] of rows) {
    test(JSON.stringify(source), () => {
      const r = compileGlob(source, options);
      assert.ok(!r.ok && expected.test(r.error), JSON.stringify(r));
    });
  }
});

describe('compileGlob anchors', () => {
  const rows: readonly (readonly [string, 'workspace' | 'absolute'])[] = [
    ['src/**', 'workspace'],
    ['./src', 'workspace'],
    ['src/', 'workspace'],
    ['**/.env', 'workspace'],
    ['/etc/**', 'absolute'],
    ['~', 'absolute'],
    ['~/.ssh/id_*', 'absolute'],
    ['C:/Windows', 'absolute'],
    ['[abc]/x', 'workspace'],
    ['{a,b}/x', 'workspace'],
  ];
  for (const [source, anchor] of rows) {
    test(`${source} is ${anchor}`, () => assert.equal(glob(source).anchor, anchor));
  }
});

describe('glob matching', () => {
  const rows: readonly (readonly [string, string, boolean, boolean])[] = [
    // [pattern, candidate, nocase, matches]
    ['src', 'src', false, true],
    ['src', 'src/a.ts', false, true],
    ['src', 'src/deep/a.ts', false, true],
    ['src', 'srcx', false, false],
    ['src', 'lib/src', false, false],
    ['./src/', 'src/a.ts', false, true],
    ['src/**', 'src/a/b', false, true],
    ['src/*.ts', 'src/a.ts', false, true],
    ['src/*.ts', 'src/a/b.ts', false, false],
    ['src/*.ts', 'src/a.js', false, false],
    ['**/.env', '.env', false, true],
    ['**/.env', 'a/b/.env', false, true],
    ['**/.env', '.envx', false, false],
    ['**/.env', '.ENV', false, false],
    ['**/.env', '.ENV', true, true],
    ['*', '.hidden', false, true],
    ['secrets.{yml,json}', 'secrets.json', false, true],
    ['[abc].ts', 'b.ts', false, true],
    ['[abc].ts', 'd.ts', false, false],
    ['~/.ssh/id_*', '/home/dev/.ssh/id_rsa', false, true],
    ['~/.ssh/id_*', '/home/dev/.ssh/config', false, false],
    ['~', '/home/dev/anything', false, true],
    ['/etc', '/etc/passwd', false, true],
    ['/etc', '/etcetera', false, false],
    ['!src', '!src', false, true],
    ['#notes', '#notes', false, true],
  ];
  for (const [pattern, candidate, nocase, expected] of rows) {
    test(`${pattern} ${expected ? 'matches' : 'does not match'} ${candidate}${nocase ? ' (nocase)' : ''}`, () => {
      assert.equal(glob(pattern, nocase).match(candidate) !== undefined, expected);
    });
  }
});

describe('specificity: the more specific pattern scores higher', () => {
  const rows: readonly (readonly [string, string, string])[] = [
    // [candidate, more specific, less specific]
    ['vendor/README.md', 'vendor/README.md', 'vendor/**'],
    ['vendor/patches/x', 'vendor/patches/**', 'vendor/**'],
    ['vendor/patches/x', 'vendor/patches', 'vendor'],
    ['.git/hooks/pre-commit', '**/.git/hooks', '**/.git'],
    ['src/a.ts', 'src/a.ts', 'src/*.ts'],
    ['src/a.ts', 'src/*.ts', '**/*.ts'],
    ['docs/guide.md', 'docs', '**'],
  ];
  for (const [candidate, more, less] of rows) {
    test(`${more} > ${less} on ${candidate}`, () => {
      const a = glob(more).match(candidate);
      const b = glob(less).match(candidate);
      assert.ok(a !== undefined && b !== undefined && a > b, `${a} vs ${b}`);
    });
  }
});

describe('globMatch: which names of a path count', () => {
  // A file reached through a link has two names; protections (lexicalToo) hold for both.
  const linked = resolved('/home/dev/proj/tasks-src.json', 'tasks-src.json', '/home/dev/proj/.vscode/tasks.json', '.vscode/tasks.json');
  const escaping = resolved('/outside/x', undefined, '/home/dev/proj/secret/x', 'secret/x');
  const rows: readonly (readonly [string, string, ResolvedPath, boolean, boolean])[] = [
    ['workspace glob, written name, protective', '**/.vscode/tasks.json', linked, true, true],
    ['workspace glob, written name, allow', '**/.vscode/tasks.json', linked, false, false],
    ['workspace glob, real name', 'tasks-src.json', linked, false, true],
    ['workspace glob on a path that leads out, protective', 'secret/**', escaping, true, true],
    ['workspace glob on a path that leads out, allow', 'secret/**', escaping, false, false],
    ['absolute glob, written name, protective', '/home/dev/proj/secret/**', escaping, true, true],
    ['absolute glob, written name, allow', '/home/dev/proj/secret/**', escaping, false, false],
    ['absolute glob, real name', '/outside/**', escaping, false, true],
    ['the root itself is "."', '.', resolved('/home/dev/proj', ''), false, true],
  ];
  for (const [name, pattern, p, lexicalToo, expected] of rows) {
    test(name, () => assert.equal(globMatch(glob(pattern), p, lexicalToo) !== undefined, expected));
  }
});

describe('glob sets agree with glob-by-glob matching', () => {
  const lists = {
    systemFolders: places.systemFolders,
    workspaceSecrets: places.workspaceSecrets,
    executionConfig: places.executionConfig,
    credentialStores: places.credentialStores,
    homeConfig: places.homeConfig,
    mixed: ['src/**', '/etc/**', '~/.ssh/**'],
  };
  const paths: readonly ResolvedPath[] = [
    resolved('/home/dev/proj/.env', '.env'),
    resolved('/home/dev/proj/SRC/x', 'SRC/x'),
    resolved('/home/dev/proj/.VSCode/settings.json', '.VSCode/settings.json'),
    resolved('/home/dev/proj/real.json', 'real.json', '/home/dev/proj/.github/workflows/ci.yml', '.github/workflows/ci.yml'),
    resolved('/etc/passwd', undefined),
    resolved('/outside/x', undefined, '/etc/x'),
    resolved('/home/dev/.ssh/id_rsa', undefined),
    resolved('/home/dev/.bashrc', undefined),
    resolved('/home/dev/notes.txt', undefined),
  ];
  for (const [name, sources] of Object.entries(lists)) {
    for (const nocase of [true, false]) {
      test(`${name}${nocase ? ' (nocase)' : ''}`, () => {
        const globs = sources.map((s) => glob(s, nocase));
        const set = globSet(globs);
        for (const p of paths) {
          for (const lexicalToo of [true, false]) {
            assert.equal(bestSetMatch(set, p, lexicalToo), bestGlobMatch(globs, p, lexicalToo), `${p.lexical} lexicalToo=${lexicalToo}`);
          }
        }
      });
    }
  }
});

test('every built-in place compiles on both platforms', () => {
  const all = [
    ...places.systemFolders,
    ...places.systemExceptions,
    ...places.tempFolders,
    ...places.streamDevices,
    ...places.homeConfig,
    ...places.credentialStores,
    ...places.workspaceSecrets,
    ...places.workspaceSecretTemplates,
    ...places.executionConfig,
    ...places.vcsInternals,
  ];
  for (const platform of ['posix', 'win32'] as const) {
    for (const source of all) assert.ok(compileGlob(source, { home: '/home/dev', platform, nocase: true }).ok, source);
  }
});
