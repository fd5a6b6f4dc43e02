import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { analyzeCommand } from '../../../../src/core/shell/analyze';
import { previewEffects, type GitRunner } from '../../../../src/core/shell/effects';
import { loadShellParser, type ShellParser } from '../../../../src/core/shell/parse';

// Only command strings are analysed here; nothing is ever run except read-only git through the runner and the
// git setup of the temporary repositories below.
let parser: ShellParser;
const temps: string[] = [];

before(async () => {
  parser = await loadShellParser();
});
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-shell-')));
  temps.push(dir);
  return dir;
}

function write(root: string, rel: string, content = 'x'): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), content);
}

const gitEnv = (home: string): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' });

/** Real git, read-only in use: the analysis only ever passes status/clean -n/log/stash list/rev-parse. */
function runner(home: string): GitRunner {
  return (args, cwd) => {
    try {
      return execFileSync('git', args, { cwd, env: gitEnv(home), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return undefined;
    }
  };
}

function setupGit(repo: string, home: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'init.defaultBranch=main', ...args], { cwd: repo, env: gitEnv(home), stdio: 'ignore' });
}

const preview = (line: string, cwd: string, home: string, git?: GitRunner, cap?: number) =>
  previewEffects(analyzeCommand(line, { cwd, home }, parser), { fs, ...(git ? { git } : {}), ...(cap ? { cap } : {}) });

describe('effect preview on the real file system', () => {
  test('globs are expanded and recursive targets counted', () => {
    const root = tempDir();
    write(root, 'build/a.js');
    write(root, 'build/sub/b.js');
    write(root, 'build/sub/c.js');
    write(root, 'x.log');
    write(root, 'y.log');
    write(root, '.hidden.log');
    write(root, 'keep.txt');
    const e = preview('rm -rf build *.log missing', root, root);
    assert.deepEqual(e.paths, [path.join(root, 'build'), path.join(root, 'x.log'), path.join(root, 'y.log')]);
    assert.equal(e.fileCount, 5);
    assert.equal(e.truncated, undefined);
  });

  test('the count is capped and says so', () => {
    const root = tempDir();
    for (let i = 0; i < 30; i++) write(root, `big/f${i}.txt`);
    const e = preview('rm -r big', root, root, undefined, 10);
    assert.equal(e.truncated, true);
    assert.ok((e.fileCount ?? 0) <= 10);
  });

  test('cd in the line and truncating redirections are followed', () => {
    const root = tempDir();
    write(root, 'app/data/one');
    write(root, 'app/log.txt');
    const e = preview('cd app && rm -r data && echo > log.txt > new.txt', root, root);
    assert.deepEqual(e.paths, [path.join(root, 'app/data'), path.join(root, 'app/log.txt')]);
    assert.equal(e.fileCount, 2);
  });

  test('symlinks are not followed', () => {
    const root = tempDir();
    const outside = tempDir();
    write(outside, 'precious/a');
    write(outside, 'precious/b');
    fs.symlinkSync(path.join(outside, 'precious'), path.join(root, 'link'));
    const e = preview('rm -rf link', root, root);
    assert.deepEqual(e.paths, [path.join(root, 'link')]);
    assert.equal(e.fileCount, 1);
  });

  test('unknown targets are named in the notes, with no guess', () => {
    const root = tempDir();
    const e = preview('rm -rf "$TARGET"', root, root);
    assert.equal(e.paths, undefined);
    assert.match(e.notes?.[0] ?? '', /\$TARGET, which is only known when it runs/);
  });

  test('a pattern that matches nothing says so', () => {
    const root = tempDir();
    const e = preview('rm *.tmp', root, root);
    assert.match(e.notes?.[0] ?? '', /matches nothing/);
  });

  test('read-only lines have no effects', () => {
    const root = tempDir();
    write(root, 'a.txt');
    assert.deepEqual(preview('cat a.txt && ls', root, root), {});
  });
});

describe('git effect preview with a real repository', () => {
  let repo: string;
  let home: string;
  let git: GitRunner;

  before(() => {
    home = tempDir();
    repo = tempDir();
    git = runner(home);
    write(repo, 'src/app.ts', 'v1');
    write(repo, 'README.md', 'v1');
    setupGit(repo, home, 'init', '-q');
    setupGit(repo, home, 'add', '.');
    setupGit(repo, home, 'commit', '-q', '-m', 'one');
    write(repo, 'src/app.ts', 'v2');
    setupGit(repo, home, 'stash', 'push', '-q', '-m', 'saved work');
    write(repo, 'src/app.ts', 'v3 uncommitted');
    write(repo, 'notes/draft.md', 'untracked');
    write(repo, 'scratch.txt', 'untracked');
  });

  test('git reset --hard lists the uncommitted changes that would be lost', () => {
    const e = preview('git reset --hard', repo, home, git);
    assert.ok(e.notes?.some((n) => /uncommitted changes to 1 file/.test(n)), JSON.stringify(e.notes));
    assert.ok(e.notes?.some((n) => n.includes('src/app.ts')));
    assert.deepEqual(e.paths, [path.join(repo, 'src/app.ts')]);
  });

  test('git checkout -- <path> only lists that path', () => {
    assert.ok(preview('git checkout -- README.md', repo, home, git).notes?.some((n) => /no uncommitted changes/.test(n)));
    assert.ok(preview('git restore src', repo, home, git).notes?.some((n) => n.includes('src/app.ts')));
  });

  test('git clean -fd lists what git clean -n would remove', () => {
    const e = preview('git clean -fd', repo, home, git);
    assert.ok(e.notes?.some((n) => /would remove 2 item/.test(n)), JSON.stringify(e.notes));
    assert.deepEqual([...(e.paths ?? [])].sort(), [path.join(repo, 'notes'), path.join(repo, 'scratch.txt')].sort());
    assert.ok(fs.existsSync(path.join(repo, 'scratch.txt')), 'the preview never deletes');
  });

  test('git stash drop names the stash', () => {
    assert.ok(preview('git stash drop', repo, home, git).notes?.some((n) => n.includes('saved work')));
  });

  test('git -C from another folder', () => {
    const e = preview(`git -C ${repo} reset --hard`, home, home, git);
    assert.ok(e.notes?.some((n) => n.includes('src/app.ts')), JSON.stringify(e.notes));
  });
});
