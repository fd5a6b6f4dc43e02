import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { airlockPathsFor, airlockPathsIn, airlockPathsOfEnv, type AirlockPaths } from '../../../src/core/airlockPaths';
import { trailDir } from '../../../src/core/audit/trail';
import { bridgeDir, discoveryFile } from '../../../src/core/bridge/discovery';
import { userPolicyPath } from '../../../src/core/policy/load';
import { storeRootFor } from '../../../src/core/snapshots/settings';
import { workspaceId } from '../../../src/core/workspaceId';

const home = path.resolve('/home/someone');
const elsewhere = path.resolve('/var/airlock-elsewhere');
const id = workspaceId(path.resolve('/work/project'));

/** Every path the value names, by what it is. */
const named = (p: AirlockPaths): Record<string, string> => ({
  userPolicy: p.userPolicy,
  store: p.store,
  snapshotSettings: p.snapshotSettings,
  bridge: p.bridge,
  hooksSeen: p.hooksSeen,
  trail: p.trail(id),
  bridgeDiscovery: p.bridgeDiscovery(id),
  codeCache: p.cache('code'),
  nodeCache: p.cache('node'),
  globsCache: p.cache('globs'),
});

describe('airlockPathsFor', () => {
  const rows: [string, NodeJS.ProcessEnv, string][] = [
    ['no AIRLOCK_HOME: ~/.airlock', {}, path.join(home, '.airlock')],
    ['an absolute AIRLOCK_HOME wins', { AIRLOCK_HOME: elsewhere }, elsewhere],
    ['a relative AIRLOCK_HOME is ignored', { AIRLOCK_HOME: 'airlock-here' }, path.join(home, '.airlock')],
    ['an empty AIRLOCK_HOME is ignored', { AIRLOCK_HOME: '' }, path.join(home, '.airlock')],
  ];
  for (const [name, env, root] of rows) {
    test(name, () => assert.equal(airlockPathsFor(env, home).root, root));
  }
});

describe('airlockPathsOfEnv (the CLI)', () => {
  const rows: [string, NodeJS.ProcessEnv, string | undefined][] = [
    ['HOME absolute', { HOME: home }, path.join(home, '.airlock')],
    ['an absolute AIRLOCK_HOME wins over HOME', { HOME: home, AIRLOCK_HOME: elsewhere }, elsewhere],
    ['an absolute AIRLOCK_HOME needs no HOME', { AIRLOCK_HOME: elsewhere }, elsewhere],
    ['a relative AIRLOCK_HOME is ignored', { HOME: home, AIRLOCK_HOME: 'airlock-here' }, path.join(home, '.airlock')],
    ['no HOME and no AIRLOCK_HOME: unknown', {}, undefined],
    ['a relative HOME: unknown', { HOME: 'someone' }, undefined],
    ['a relative HOME and a relative AIRLOCK_HOME: unknown', { HOME: 'someone', AIRLOCK_HOME: 'airlock-here' }, undefined],
  ];
  for (const [name, env, root] of rows) {
    test(name, () => assert.equal(airlockPathsOfEnv(env)?.root, root));
  }
});

describe('the files in the folder', () => {
  const p = airlockPathsFor({ AIRLOCK_HOME: elsewhere }, home);

  test('every named path lies inside the root', () => {
    for (const [what, file] of Object.entries(named(p))) {
      const rel = path.relative(p.root, file);
      assert.ok(rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel), `${what}: ${file} is not inside ${p.root}`);
    }
  });

  test('the names are the ones earlier versions wrote, so existing data is found', () => {
    assert.deepEqual(named(p), {
      userPolicy: path.join(elsewhere, 'policy.json'),
      store: path.join(elsewhere, 'store'),
      snapshotSettings: path.join(elsewhere, 'snapshots.json'),
      bridge: path.join(elsewhere, 'bridge'),
      hooksSeen: path.join(elsewhere, 'hooks-seen.json'),
      trail: path.join(elsewhere, 'trail', id),
      bridgeDiscovery: path.join(elsewhere, 'bridge', `${id}.json`),
      codeCache: path.join(elsewhere, 'cache', 'code'),
      nodeCache: path.join(elsewhere, 'cache', 'node'),
      globsCache: path.join(elsewhere, 'cache', 'globs'),
    });
  });

  test("the modules' own helpers name the same files", () => {
    const root = path.resolve('/tmp/airlock-paths-test');
    const workspace = path.resolve('/tmp/airlock-paths-test-workspace-that-does-not-exist');
    const q = airlockPathsIn(root);
    assert.equal(userPolicyPath(root), q.userPolicy);
    assert.equal(storeRootFor(root), q.store);
    assert.equal(bridgeDir(root), q.bridge);
    assert.equal(discoveryFile(root, workspace), q.bridgeDiscovery(workspaceId(workspace)));
    assert.equal(trailDir(root, workspace), q.trail(workspaceId(workspace)));
  });
});
