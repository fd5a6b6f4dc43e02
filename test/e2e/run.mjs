// Route B: end-to-end tests of the packaged extension, through the UI a user sees.
// Packs the .vsix (scripts/package.sh, or E2E_VSIX), installs it with code-server's own CLI into a temp
// extensions folder, serves a temp copy of demo/workspace with code-server, opens it in headless Chromium and
// runs the tests of test/e2e/*.e2e.mjs in order on that one page. Prints `✔`/`✖` lines and mocha's
// `N passing` / `M failing` summary (scripts/test.sh counts those); exits 0 when all pass, else 1.
// Screenshots: test-results/e2e/<test>.png for each failure, test-results/e2e/workbench-airlock.png as proof.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  cleanup,
  codeServerArgs,
  codeServerEnv,
  codeServerEntry,
  installVsix,
  launchChromium,
  node24,
  requireInstalled,
  root,
  spawnServer,
  stopServer,
  tempDir,
} from '../vscodeServer.mjs';
import { openWorkbench } from './workbench.mjs';

const testTimeoutMs = 45_000;
const resultsDir = join(root, 'test-results/e2e');
const proofScreenshot = join(resultsDir, 'workbench-airlock.png');

/**
 * User settings that keep the workbench quiet and deterministic: no welcome page or chat view over the editor,
 * and no extension-gallery or update lookups (this network is closed; such requests only add noise).
 */
const userSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
};

const ms = (since) => `${Math.round(performance.now() - since)}ms`;
const slug = (name) => name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();

async function loadTests() {
  const here = join(root, 'test/e2e');
  const files = readdirSync(here).filter((f) => f.endsWith('.e2e.mjs')).sort();
  // A file may export `order` (default 0): the approvals tests end by stopping the editor, so they run last.
  const modules = await Promise.all(files.map((f) => import(pathToFileURL(join(here, f)).href)));
  return modules.sort((a, b) => (a.order ?? 0) - (b.order ?? 0)).flatMap((m) => m.tests);
}

function packageVsix() {
  if (process.env.E2E_VSIX) {
    if (!existsSync(process.env.E2E_VSIX)) throw new Error(`E2E_VSIX=${process.env.E2E_VSIX} does not exist`);
    return process.env.E2E_VSIX;
  }
  // package.sh logs to stderr (shown as it runs) and prints only the .vsix path on stdout.
  const out = execFileSync('bash', [join(root, 'scripts/package.sh')], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const vsix = out.trim().split('\n').pop();
  if (!vsix || !existsSync(vsix)) throw new Error(`scripts/package.sh printed no .vsix path (got ${JSON.stringify(out)})`);
  return vsix;
}

/** dist/cli.js of the extension as code-server installed it. */
function installedCli(extensionsDir) {
  const folder = readdirSync(extensionsDir).find((f) => f.startsWith('airlock-dev.airlock-'));
  if (!folder) throw new Error(`the extension is not installed in ${extensionsDir}`);
  return join(extensionsDir, folder, 'dist', 'cli.js');
}

/**
 * Runs `airlock hook <agent>` as an agent would: the payload on stdin, its answer from stdout and the exit code.
 * HOME is a throwaway folder; AIRLOCK_HOME is the one the editor under test uses, so the hook finds its bridge.
 */
function spawnHook(cli, agent, payload, args, { airlockHome, workspace }) {
  const home = tempDir('e2e-hook-home');
  const child = spawn(process.execPath, [cli, 'hook', agent, ...args], {
    env: { PATH: process.env.PATH, HOME: home, AIRLOCK_HOME: airlockHome, CLAUDE_PROJECT_DIR: workspace },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const started = performance.now();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  child.stdin.end(JSON.stringify(payload));
  const done = new Promise((resolve) =>
    child.on('exit', (code) => {
      cleanup(home);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    }),
  );
  return { child, done };
}

function withTimeout(promise, timeoutMs, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${timeoutMs} ms`)), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function main() {
  const started = performance.now();
  requireInstalled();
  if (!existsSync(codeServerEntry)) throw new Error(`missing ${codeServerEntry}: run 'bash scripts/setup.sh' first`);
  const tests = await loadTests();
  if (tests.length === 0) throw new Error('no tests found in test/e2e/*.e2e.mjs');

  // Screenshots from an earlier run would pass for this one's.
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });

  const vsix = packageVsix();
  const dirs = {
    userDataDir: tempDir('e2e-user'),
    extensionsDir: tempDir('e2e-ext'),
    configFile: join(tempDir('e2e-config'), 'config.yaml'),
  };
  const configDir = join(dirs.configFile, '..');
  const workspace = tempDir('e2e-ws');
  // Airlock's own folder (bridge, store, trail) for this run only, never the real ~/.airlock.
  const airlockHome = tempDir('e2e-airlock');
  // The editor's home folder, where Protect Agents writes the agents' hook files.
  const editorHome = tempDir('e2e-home');
  let server;
  let browser;
  let aborting = false;
  // Ctrl+C or a CI timeout must not leave code-server or Chromium behind.
  const onSignal = async (sig) => {
    if (aborting) return;
    aborting = true;
    console.error(`\n${sig}: stopping code-server and Chromium`);
    await withTimeout(browser?.close() ?? Promise.resolve(), 10_000, 'closing Chromium').catch(() => {});
    if (server) await stopServer(server);
    cleanup(dirs.userDataDir, dirs.extensionsDir, configDir, workspace, airlockHome, editorHome);
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    // Without a config file of its own, code-server writes one with a password into ~/.config/code-server.
    writeFileSync(dirs.configFile, 'auth: none\ncert: false\n');
    mkdirSync(join(dirs.userDataDir, 'User'), { recursive: true });
    writeFileSync(join(dirs.userDataDir, 'User/settings.json'), JSON.stringify(userSettings, null, 2));
    cpSync(join(root, 'demo/workspace'), workspace, { recursive: true });

    // code-server's own CLI installs it, as a user would: this tests the artifact, .vscodeignore included.
    await installVsix(vsix, dirs);
    console.log(`installed ${vsix}`);

    server = spawnServer(node24, [...codeServerArgs(dirs), '--bind-addr', '127.0.0.1:0'], {
      pattern: /HTTP server listening on (http:\/\/\S+)/,
      env: { ...codeServerEnv(), AIRLOCK_HOME: airlockHome, HOME: editorHome },
    });
    const base = new URL(await server.url);
    const url = `${base.origin}/?folder=${encodeURIComponent(workspace)}`;
    console.log(`code-server at ${url}`);

    // Playwright's own signal handlers would exit the process before code-server and the temp dirs are gone.
    browser = await launchChromium({ handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await openWorkbench(page, url);
    console.log(`workbench ready after ${ms(started)}\n`);

    const context = {
      page,
      workspace,
      resultsDir,
      proofScreenshot: () => page.screenshot({ path: proofScreenshot, fullPage: true }),
      // The CLI inside the installed extension: the artifact a user's agent hooks run.
      spawnHook: (agent, payload, args = []) => spawnHook(installedCli(dirs.extensionsDir), agent, payload, args, { airlockHome, workspace }),
      // The installed CLI's path and the editor's Airlock folder, for tests that run other `airlock` commands.
      cli: () => installedCli(dirs.extensionsDir),
      airlockHome,
      editorHome,
      // Ends code-server and with it the extension host (for the "editor stopped mid-request" test, which runs last).
      stopEditor: () => stopServer(server),
    };
    const failures = [];
    for (const test of tests) {
      if (aborting) break;
      const t0 = performance.now();
      try {
        await withTimeout(test.run(context), testTimeoutMs, `'${test.name}'`);
        console.log(`  ✔ ${test.name} (${ms(t0)})`);
      } catch (err) {
        if (aborting) break;
        console.log(`  ✖ ${test.name} (${ms(t0)})`);
        const shot = join(resultsDir, `${slug(test.name)}.png`);
        await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
        failures.push({ test, err, shot });
      }
    }

    if (aborting) return 130;
    console.log(`\n  ${tests.length - failures.length} passing (${ms(started)})`);
    if (failures.length > 0) {
      console.log(`  ${failures.length} failing\n`);
      failures.forEach(({ test, err, shot }, i) => {
        console.log(`  ${i + 1}) ${test.name}:\n     ${String(err?.stack ?? err).replace(/\n/g, '\n     ')}`);
        console.log(`     screenshot: ${shot}\n`);
      });
      console.log(`── code-server output (last 40 lines)\n${server.output().split('\n').slice(-40).join('\n')}`);
      return 1;
    }
    if (existsSync(proofScreenshot)) console.log(`  screenshot: ${proofScreenshot}`);
    return 0;
  } catch (err) {
    if (aborting) return 130;
    // Setup failed before or between the tests: report it as a failing run, not a crash without a summary.
    console.error(String(err?.stack ?? err));
    if (server) console.error(`── code-server output\n${server.output().split('\n').slice(-40).join('\n')}`);
    console.log('\n  0 passing\n  1 failing');
    return 1;
  } finally {
    await withTimeout(browser?.close() ?? Promise.resolve(), 10_000, 'closing Chromium').catch(() => {});
    if (server) await stopServer(server);
    cleanup(dirs.userDataDir, dirs.extensionsDir, configDir, workspace, airlockHome, editorHome);
  }
}

process.exitCode = await main();
