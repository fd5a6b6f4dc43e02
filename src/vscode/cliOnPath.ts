import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../core/values';

/** The command file a shell runs for `airlock`: this extension's CLI, started by the given Node. */
export function shimText(platform: NodeJS.Platform, cli: string, node: string | undefined, electron: string): { name: string; text: string } {
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  if (platform === 'win32') {
    const run = node !== undefined ? `"${node}" "${cli}" %*` : `set ELECTRON_RUN_AS_NODE=1\r\n"${electron}" "${cli}" %*`;
    return { name: 'airlock.cmd', text: `@echo off\r\nrem written by the Airlock extension; it is rewritten at each start\r\n${run}\r\n` };
  }
  // Without a Node of its own, the editor's runtime runs the CLI as Node does.
  const run = node !== undefined ? `exec ${quote(node)} ${quote(cli)} "$@"` : `ELECTRON_RUN_AS_NODE=1 exec ${quote(electron)} ${quote(cli)} "$@"`;
  return { name: 'airlock', text: `#!/bin/sh\n# written by the Airlock extension; it is rewritten at each start\n${run}\n` };
}

/**
 * Puts `airlock` on the PATH of VS Code's integrated terminals: a small command file in the extension's storage that
 * runs this extension's CLI, and that folder prepended to PATH through the terminal environment collection (new
 * terminals get it; VS Code offers to relaunch open ones). The docs' `airlock check …` then works as written.
 */
export function putCliOnPath(context: vscode.ExtensionContext, node: string | undefined, log: vscode.LogOutputChannel): string | undefined {
  try {
    const dir = path.join(context.globalStorageUri.fsPath, 'bin');
    fs.mkdirSync(dir, { recursive: true });
    const { name, text } = shimText(process.platform, path.join(context.extensionPath, 'dist', 'cli.js'), node, process.execPath);
    const file = path.join(dir, name);
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text, { mode: 0o755 });
    fs.chmodSync(file, 0o755);
    const env = context.environmentVariableCollection;
    env.description = 'Puts the `airlock` command on the PATH of the integrated terminal.';
    env.prepend('PATH', `${dir}${path.delimiter}`);
    return file;
  } catch (e) {
    log.warn(`Could not put airlock on the terminal's PATH: ${errorMessage(e)}`);
    return undefined;
  }
}
