// What a decision made for another process (the hook server deciding a hook call) takes from that process's
// environment rather than its own: git previews run with it, and its temporary folder is the one the engine knows.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { tempDirOf } from '../../../../src/core/engine/create';
import { gitRunnerWith, nodeGitRunner } from '../../../../src/core/engine/nodeDeps';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'airlock-process-env-')));
after(() => rmSync(base, { recursive: true, force: true }));

describe("the calling process's environment", () => {
  test('git previews run with it: a GIT_DIR there is the one git uses', () => {
    const repo = join(base, 'repo');
    const env = { PATH: process.env.PATH ?? '', HOME: base, GIT_CONFIG_NOSYSTEM: '1' };
    assert.equal(spawnSync('git', ['init', '-q', repo], { env }).status, 0);
    writeFileSync(join(repo, 'a.txt'), 'a\n');
    const mine = nodeGitRunner(['status', '--porcelain'], repo);
    assert.match(mine ?? '', /\?\? a\.txt/);
    // The same command for a process whose GIT_DIR names no repository: git fails there, so the preview is absent.
    assert.equal(gitRunnerWith({ ...env, GIT_DIR: join(base, 'no-such-repo') })(['status', '--porcelain'], repo), undefined);
    assert.match(gitRunnerWith(env)(['status', '--porcelain'], repo) ?? '', /\?\? a\.txt/);
  });

  test('its temporary folder: TMPDIR, then TMP and TEMP, else /tmp; a trailing slash dropped', () => {
    assert.equal(tempDirOf({ TMPDIR: '/var/folders/x/T/' }), '/var/folders/x/T');
    assert.equal(tempDirOf({ TMP: '/scratch' }), '/scratch');
    assert.equal(tempDirOf({ TEMP: '/scratch2', TMP: '/scratch1' }), '/scratch1');
    assert.equal(tempDirOf({}), '/tmp');
    assert.equal(tempDirOf({ TMPDIR: '/' }), '/');
  });
});
