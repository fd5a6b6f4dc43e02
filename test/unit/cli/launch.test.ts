// dist/cli.js, the `airlock` command: it turns on Node's compile cache in the user's own Airlock folder, then
// loads dist/airlock.js, where each command's code is set up only when that command runs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

const dist = join(__dirname, '../../../../dist');
const cliJs = join(dist, 'cli.js');
let base = '';

before(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'airlock-launch-')));
});
after(() => rmSync(base, { recursive: true, force: true }));

function airlock(args: string[], env: Record<string, string> = {}, preload?: string, input = ''): { status: number | null; stdout: string; stderr: string } {
  const home = join(base, 'home');
  mkdirSync(home, { recursive: true });
  const r = spawnSync(process.execPath, [...(preload ? ['-r', preload] : []), cliJs, ...args], {
    env: { PATH: process.env.PATH, HOME: home, AIRLOCK_HOME: join(base, 'airlock'), ...env },
    encoding: 'utf8',
    input,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const cacheDir = (): string => join(base, 'airlock', 'cache', 'node');
const cachedFiles = (): string[] => (existsSync(cacheDir()) ? readdirSync(cacheDir(), { recursive: true }).map(String).filter((f) => statSync(join(cacheDir(), f)).isFile()) : []);
const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
const hasCompileCache = major > 22 || (major === 22 && minor >= 1);

describe('the airlock command (dist/cli.js)', () => {
  test('NODE_DISABLE_COMPILE_CACHE keeps it from writing any cache', () => {
    rmSync(join(base, 'airlock'), { recursive: true, force: true });
    const r = airlock(['--version'], { NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
    assert.deepEqual(cachedFiles(), []);
  });

  test('keeps compiled code in <airlockHome>/cache/node, a folder only the user can open', { skip: !hasCompileCache && 'Node < 22.1 has no compile cache' }, () => {
    rmSync(join(base, 'airlock'), { recursive: true, force: true });
    assert.equal(airlock(['--version']).status, 0);
    assert.ok(cachedFiles().length > 0, 'the bundle was cached');
    assert.equal(statSync(cacheDir()).mode & 0o777, 0o700);
    const again = airlock(['--version']);
    assert.equal(again.status, 0);
    assert.equal(again.stderr, '');
  });

  test('without a compile cache, keeps a V8 code cache of its own, made after the command ran', { skip: hasCompileCache && 'Node keeps the compiled code in its compile cache' }, () => {
    rmSync(join(base, 'airlock'), { recursive: true, force: true });
    const codeDir = join(base, 'airlock', 'cache', 'code');
    const ws = join(base, 'ws-code-cache');
    mkdirSync(ws, { recursive: true });
    writeFileSync(join(ws, 'a.ts'), 'export {};\n');
    assert.equal(airlock(['snapshot', '--workspace', ws]).status, 0);
    const caches = readdirSync(codeDir).filter((n) => n.endsWith('.v8'));
    assert.equal(caches.length, 1);
    // `airlock snapshot` runs from its own bundle; its cache is named by it, and by the loader (apart from the hook's).
    assert.match(caches[0]!, /^snapshot\.js\.cli-/);
    assert.equal(statSync(codeDir).mode & 0o777, 0o700);
    assert.deepEqual(JSON.parse(readFileSync(join(codeDir, `${caches[0]!}.work`), 'utf8')), ['snapshot']);
    const again = airlock(['snapshot', '--workspace', ws]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /Nothing changed/);
    assert.deepEqual(readdirSync(codeDir).filter((n) => n.endsWith('.v8')), caches);
  });

  test('a cache folder others can write to is not used', { skip: !hasCompileCache && 'Node < 22.1 has no compile cache' }, () => {
    rmSync(join(base, 'airlock'), { recursive: true, force: true });
    mkdirSync(cacheDir(), { recursive: true });
    chmodSync(cacheDir(), 0o777);
    assert.equal(airlock(['--version']).status, 0);
    assert.deepEqual(cachedFiles(), []);
  });

  test('a snapshot does not load the policy engine nor what only it needs (DNS, child processes, line reading)', () => {
    const ws = join(base, 'ws');
    mkdirSync(join(ws, 'src'), { recursive: true });
    writeFileSync(join(ws, 'src', 'a.ts'), 'export {};\n');
    const preload = join(base, 'modules.js');
    writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(join(base, 'modules.json'))}, JSON.stringify(process.moduleLoadList)));\n`);
    const r = airlock(['snapshot', '--workspace', ws, '--json'], {}, preload);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { files: number }).files, 1);
    // (not `net`: Node itself loads it for stdout when stdout is a pipe, as it is here and under an agent)
    const heavy = ['NativeModule dns/promises', 'NativeModule child_process', 'NativeModule readline'];
    const loaded = (): string[] => JSON.parse(readFileSync(join(base, 'modules.json'), 'utf8')) as string[];
    for (const m of heavy) assert.ok(!loaded().includes(m), `${m} is not loaded`);
    // Deciding a path needs neither the network guard (DNS) nor git (child processes).
    const read = airlock(['check', '--workspace', ws], {}, preload, `${JSON.stringify({ kind: 'read', path: 'src/a.ts' })}\n`);
    assert.equal(read.status, 0, read.stderr);
    assert.match(read.stdout, /"allow"/);
    for (const m of heavy.slice(0, 2)) assert.ok(!loaded().includes(m), `${m} is not loaded to decide a read`);
    // The same probe sees them when an action needs them: a fetch (DNS), a destructive git command (its preview).
    const lines = [{ kind: 'fetch', url: 'http://localhost:9/' }, { kind: 'exec', command: 'git clean -fdx' }].map((a) => JSON.stringify(a)).join('\n');
    const check = airlock(['check', '--workspace', ws], {}, preload, `${lines}\n`);
    assert.equal(check.status, 0, check.stderr);
    assert.equal(check.stdout.trim().split('\n').length, 2, check.stdout);
    for (const m of heavy) assert.ok(loaded().includes(m), `${m} is loaded by check`);
  });

  test('a snapshot that finds nothing changed loads neither compression, worker threads, timing nor V8 tools', () => {
    const ws = join(base, 'ws-unchanged');
    mkdirSync(join(ws, 'src'), { recursive: true });
    writeFileSync(join(ws, 'src', 'a.ts'), `export const text = ${JSON.stringify('x'.repeat(4096))};\n`);
    const preload = join(base, 'modules-unchanged.js');
    const list = join(base, 'modules-unchanged.json');
    writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(process.moduleLoadList)));\n`);
    const first = airlock(['snapshot', '--workspace', ws, '--json'], {}, preload);
    assert.equal(first.status, 0, first.stderr);
    const loaded = (): string[] => JSON.parse(readFileSync(list, 'utf8')) as string[];
    assert.ok(loaded().includes('NativeModule zlib'), 'the first checkpoint deflates the file');
    const again = airlock(['snapshot', '--workspace', ws, '--json'], {}, preload);
    assert.equal(again.status, 0, again.stderr);
    assert.equal((JSON.parse(again.stdout) as { unchanged: boolean }).unchanged, true);
    for (const m of ['NativeModule zlib', 'NativeModule worker_threads', 'NativeModule perf_hooks', 'NativeModule v8']) {
      assert.ok(!loaded().includes(m), `${m} is not loaded`);
    }
  });

  test('required by another script it hands over the commands and runs nothing', () => {
    const r = spawnSync(process.execPath, ['-e', `const c = require(${JSON.stringify(cliJs)}); console.log(typeof c.run, typeof c.engineDeps, typeof c.engineDeps().decideAlone)`], {
      env: { PATH: process.env.PATH, HOME: join(base, 'home'), AIRLOCK_HOME: join(base, 'airlock') },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'function function function\n');
  });
});
