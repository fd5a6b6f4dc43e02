// `npm run test:electron`: the integration suite (test/integration) in a downloaded desktop VS Code, through
// @vscode/test-electron. For machines that can reach Microsoft's download servers (a developer laptop); on
// machines that reach only the npm and Debian registries use `npm run test:integration` (route A, the same suite
// in the VS Code server from code-server). See /work/shared/TESTING-VSCODE.md.
// Environment: VSCODE_VERSION ('stable', 'insiders' or e.g. '1.101.0'; default: the newest release that
// package.json's engines.vscode accepts), VSCODE_TEST_TIMEOUT_MS (download idle timeout, default 15000).
// On Linux without a display, run it under a virtual one: `xvfb-run -a npm run test:electron`.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// A CommonJS package: import the whole module object rather than trusting named-export detection.
import testElectron from '@vscode/test-electron';

const { downloadAndUnzipVSCode, runTests } = testElectron;

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const extensionTestsPath = join(root, 'out/test/integration/index.js');
const cachePath = join(root, '.vscode-test');

async function main() {
  // The npm script builds dist/ only; the suite's bundle comes from `--tests` (about a second).
  execFileSync(process.execPath, [join(root, 'esbuild.js'), '--tests'], { cwd: root, stdio: 'inherit' });
  if (!existsSync(extensionTestsPath)) throw new Error(`the build did not produce ${extensionTestsPath}`);

  const version = process.env.VSCODE_VERSION || undefined;
  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({
      version,
      cachePath,
      extensionDevelopmentPath: root,
      timeout: Number(process.env.VSCODE_TEST_TIMEOUT_MS) || 15_000,
    });
  } catch (err) {
    console.error(
      [
        `error: could not download VS Code ${version ?? '(newest release matching engines.vscode)'} into ${cachePath}:`,
        `  ${err?.message ?? err}`,
        '@vscode/test-electron downloads a desktop VS Code from Microsoft, which this machine',
        "cannot reach (no internet, or a proxy blocks it). Here, run the same suite with 'npm run test:integration'",
        '(route A: the VS Code server from code-server, installed from npm by scripts/setup.sh).',
      ].join('\n'),
    );
    return 1;
  }

  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.error("warning: no DISPLAY: desktop VS Code may fail to start; use 'xvfb-run -a npm run test:electron'");
  }

  // A throwaway copy of the demo workspace, as route A uses, so the suite cannot change the checked-in one.
  const workspace = mkdtempSync(join(tmpdir(), 'airlock-electron-ws-'));
  cpSync(join(root, 'demo/workspace'), workspace, { recursive: true });
  try {
    // runTests resolves with 0 and rejects (TestRunFailedError) when the suite's run() rejects.
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath,
      launchArgs: [
        workspace,
        // Only Airlock (the development extension) loads; no other installed extension interferes.
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
    return 0;
  } catch (err) {
    console.error(`error: the integration suite failed in desktop VS Code: ${err?.message ?? err}`);
    return 1;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

process.exitCode = await main().catch((err) => {
  console.error(String(err?.stack ?? err));
  return 1;
});
