// What every real-agent test needs: a throwaway home with a workspace, files to keep, and Airlock's hook installed
// for the agent by `airlock hooks install`; the trail the hook writes; a child process run to its end.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cli = join(root, 'dist', 'cli.js');
export const agentsCache = join(root, '.cache', 'agents', 'node_modules');

/** A folder for one test file's homes, removed by `dispose`. */
export function homes(name) {
  const base = realpathSync(mkdtempSync(join(tmpdir(), `airlock-agents-${name}-`)));
  let counter = 0;
  return {
    /** A fresh home: `settings` are written to the agent's settings file before the hook is installed. */
    world(agent, settings) {
      const home = join(base, `home${counter++}`);
      // Everything destructive in these tests targets this folder: make sure it is the throwaway one.
      assert.ok(home.startsWith(realpathSync(tmpdir()) + sep) && home.includes('airlock-agents-'), home);
      const ws = join(home, 'project');
      mkdirSync(join(ws, 'src'), { recursive: true });
      mkdirSync(join(home, 'notes'), { recursive: true });
      writeFileSync(join(home, '.bashrc'), '# rc\n');
      writeFileSync(join(home, 'notes', 'keep.txt'), 'keep\n');
      writeFileSync(join(ws, 'src', 'app.js'), 'console.log("app");\n');
      if (settings) {
        mkdirSync(dirname(join(home, settings.file)), { recursive: true });
        writeFileSync(join(home, settings.file), JSON.stringify(settings.value, null, 2));
      }
      const install = spawnSync(process.execPath, [cli, 'hooks', 'install', agent, '--yes'], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home } });
      assert.equal(install.status, 0, install.stderr);
      return { home, ws };
    },
    dispose: () => {
      // The hook servers the agents' hook calls started (one per home) go with their homes.
      for (const home of readdirSync(base)) stopHookServer(join(base, home));
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/** Stops the hook server a home's hook calls started, if one runs. */
export function stopHookServer(home) {
  try {
    const { pid } = JSON.parse(readFileSync(join(home, '.airlock', 'bridge', 'hook-server.json'), 'utf8'));
    process.kill(pid, 'SIGTERM');
  } catch {
    // none runs
  }
}

/** Airlock's trail records (the hook decided alone: no editor runs in these tests). */
export function trail({ home }) {
  const dir = join(home, '.airlock', 'trail');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((d) => readFileSync(join(dir, d, 'trail.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)));
}

/** Runs a program to its end (killed after two minutes); returns its exit code and output. */
export async function run(program, args, options) {
  const child = spawn(program, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const code = await new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  return { code, stdout, stderr };
}

/** `airlock restore` of one path from a snapshot, as a person would run it. */
export function restore({ home, ws }, snapshot, path) {
  return spawnSync(process.execPath, [cli, 'restore', '--workspace', ws, '--snapshot', snapshot, '--path', path], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home } });
}

/** The version an agent's CLI prints, for the test output. */
export function versionOf(program, home) {
  return spawnSync(program, ['--version'], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home } }).stdout.trim();
}
