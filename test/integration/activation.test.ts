import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CommandId } from '../../src/shared/commandIds';
import { airlock, extensionId } from './extension';

suite('activation', () => {
  test('Airlock activates in a real extension host', async () => {
    const api = await airlock();
    assert.ok(vscode.extensions.getExtension(extensionId)?.isActive);
    assert.ok(api.guard.mode === 'armed' || api.guard.mode === 'paused');
  });

  test("`airlock` is on the integrated terminal's PATH: the command file runs this extension's CLI", async () => {
    const api = await airlock();
    assert.ok(api.cli, 'no airlock command file was written');
    const version = execFileSync(api.cli, ['--version'], { encoding: 'utf8' }).trim();
    const manifest = JSON.parse(readFileSync(join(vscode.extensions.getExtension(extensionId)?.extensionPath ?? '', 'package.json'), 'utf8')) as { version: string };
    assert.equal(version, manifest.version);
    assert.match(readFileSync(api.cli, 'utf8'), /dist\/cli\.js" "\$@"|dist\/cli\.js' "\$@"/);
  });

  test('every command in CommandId and package.json is registered', async () => {
    await airlock();
    const registered = new Set(await vscode.commands.getCommands(true));
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext);
    const manifest = JSON.parse(readFileSync(join(ext.extensionPath, 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string }[] };
    };
    for (const id of [...Object.values(CommandId), ...manifest.contributes.commands.map((c) => c.command)]) {
      assert.ok(registered.has(id), `${id} is not registered`);
    }
  });

  test('the extension runs in the Node extension host, not a web worker', () => {
    assert.equal(typeof process.versions.node, 'string');
    assert.equal(vscode.extensions.getExtension(extensionId)?.extensionKind, vscode.ExtensionKind.Workspace);
  });
});
