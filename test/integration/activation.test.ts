import assert from 'node:assert/strict';
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
