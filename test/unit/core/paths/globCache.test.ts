import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { compileGlob, type PathGlob } from '../../../../src/core/paths/glob';
import { FileGlobCache, globCacheFile } from '../../../../src/core/paths/globCache';
import { airlockPathsIn } from '../../../../src/core/airlockPaths';
import { privateCacheDir } from '../../../../src/core/privateDir';

let base = '';
before(() => {
  base = mkdtempSync(join(tmpdir(), 'airlock-globcache-'));
});
after(() => rmSync(base, { recursive: true, force: true }));

const patterns = ['**/.env*', '~/.ssh/**', '/etc/**', 'src/**/*.{ts,tsx}', '**/[Ss]ecrets/**', 'build', '**/*.pem', '.git/hooks/*'];
const candidates = ['/home/u/.ssh/id_rsa', '/etc/passwd', 'src/a/b.ts', 'src/a/b.js', 'x/.env.local', 'deep/Secrets/k', 'build/out.js', 'a.pem', '.git/hooks/pre-commit', 'README.md'];

function compiled(pattern: string, cache?: FileGlobCache): PathGlob {
  const r = compileGlob(pattern, { home: '/home/u', platform: 'posix', nocase: true, ...(cache ? { cache } : {}) });
  assert.ok(r.ok, pattern);
  return r.value;
}

const answers = (glob: PathGlob) => candidates.map((c) => glob.match(c));

describe('compiled globs kept between processes', () => {
  test('a glob read back from the cache matches exactly as one compiled afresh', () => {
    const file = join(base, 'same', 'globs.json');
    const first = new FileGlobCache(file);
    const fresh = patterns.map((p) => answers(compiled(p, first)));
    first.save();
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, unknown> };
    assert.equal(Object.keys(stored.entries).length, patterns.length);
    // A second process: every glob comes from the file, none is compiled (nothing new to write).
    const second = new FileGlobCache(file);
    assert.deepEqual(patterns.map((p) => answers(compiled(p, second))), fresh);
    assert.deepEqual(patterns.map((p) => answers(compiled(p))), fresh);
  });

  test('a damaged, foreign or malformed cache is not used: the globs are compiled and match as always', () => {
    const expected = patterns.map((p) => answers(compiled(p)));
    const bad = [
      '{ not json',
      JSON.stringify({ version: 'another-version', entries: { 'i/etc/**': ['^.*$', '', '^.*$', ''] } }),
      // A well-formed entry whose expression does not compile, and one of the wrong shape.
      JSON.stringify({ version: 'airlock-globs-1/minimatch-10.2.6', entries: { 'i/etc/**': ['(', 'i', '(', 'i'], 'i**/*.pem': [1, 2] } }),
    ];
    bad.forEach((text, i) => {
      const file = join(base, `bad-${i}`, 'globs.json');
      mkdirSync(join(base, `bad-${i}`), { recursive: true });
      writeFileSync(file, text);
      const cache = new FileGlobCache(file);
      assert.deepEqual(patterns.map((p) => answers(compiled(p, cache))), expected, text);
    });
  });

  test('the cache is named for the glob compiler it was made with: upgrading minimatch makes the old cache unused', () => {
    const installed = (JSON.parse(readFileSync(join(__dirname, '../../../../../node_modules/minimatch/package.json'), 'utf8')) as { version: string }).version;
    const file = join(base, 'version', 'globs.json');
    const cache = new FileGlobCache(file);
    compiled('/etc/**', cache);
    cache.save();
    const version = (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    assert.ok(version.endsWith(`/minimatch-${installed}`), `the cache's version (${version}) names minimatch ${installed}: bump it in globCache.ts`);
  });

  test('the cache lives only in a folder the user alone can write', () => {
    const home = join(base, 'airlock-home');
    const dir = privateCacheDir(airlockPathsIn(home).cache('globs'));
    assert.equal(dir, join(home, 'cache', 'globs'));
    assert.equal(globCacheFile(dir), join(home, 'cache', 'globs', 'globs.json'));
    chmodSync(dir, 0o777);
    assert.equal(privateCacheDir(airlockPathsIn(home).cache('globs')), undefined, 'a folder others can write is refused');
  });
});
