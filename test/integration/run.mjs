// Route A: runs test/integration (bundled to out/test/integration/index.js) inside a real VS Code extension host.
// A VS Code server is started with the smoke-test driver; headless Chromium opens the workbench with an
// extension-development payload; the workbench calls codeAutomationExit(code) when the suite's run() settles.
import { cpSync, createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import {
  cleanup,
  ensureDir,
  launchChromium,
  requireInstalled,
  root,
  startDevServer,
  tempDir,
} from '../vscodeServer.mjs';

const suiteTimeoutMs = 240_000;
const testsEntry = join(root, 'out/test/integration/index.js');

async function main() {
  requireInstalled();
  if (!existsSync(testsEntry) || !existsSync(join(root, 'dist/extension.js'))) {
    throw new Error("build first: 'node esbuild.js --tests'");
  }
  const dataDir = tempDir('itest-data');
  const logsDir = tempDir('itest-logs');
  const workspace = tempDir('itest-ws');
  const airlockHome = tempDir('itest-airlock');
  const home = tempDir('itest-home');
  cpSync(join(root, 'demo/workspace'), workspace, { recursive: true });

  const server = startDevServer({ dataDir, logsDir, airlockHome, home });
  let browser;
  try {
    const url = new URL(await server.url);
    const authority = url.host;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${root}`],
      ['extensionTestsPath', `vscode-remote://${authority}${testsEntry}`],
      ['skipWelcome', 'true'],
    ];
    const target = `${url.origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

    browser = await launchChromium();
    const page = await browser.newPage();
    const exitCode = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
    });
    // The workbench forwards its console here, printf-style: mocha's report (indented lines) goes to the terminal,
    // everything goes to test-results/integration-workbench.log.
    const workbenchLog = createWriteStream(join(ensureDir(join(root, 'test-results')), 'integration-workbench.log'));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = format(...(Array.isArray(args) ? args : [args])).replace(/%c/g, '');
      workbenchLog.write(`[${type}] ${line}\n`);
      if (line === '' || /^\s/.test(line)) process.stdout.write(`${line}\n`);
    });
    await page.goto(target);
    let timer;
    const code = await Promise.race([
      exitCode,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the suite did not finish within ${suiteTimeoutMs} ms`)), suiteTimeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    if (code !== 0) printExtensionHostLog(logsDir);
    return code;
  } catch (err) {
    console.error(String(err?.stack ?? err));
    printExtensionHostLog(logsDir);
    return 1;
  } finally {
    await browser?.close().catch(() => {});
    server.stop();
    cleanup(dataDir, logsDir, workspace, airlockHome, home);
  }
}

function printExtensionHostLog(logsDir) {
  const find = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? find(join(dir, e.name)) : e.name === 'remoteexthost.log' ? [join(dir, e.name)] : [],
    );
  for (const log of existsSync(logsDir) ? find(logsDir) : []) {
    console.error(`── ${log}\n${readFileSync(log, 'utf8').split('\n').slice(-60).join('\n')}`);
  }
}

process.exitCode = await main();
