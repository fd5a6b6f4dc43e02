import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/shared/commandIds';
import { airlock } from './extension';

suite('guard state', () => {
  teardown(async () => {
    await vscode.commands.executeCommand(CommandId.ResumeGuard);
  });

  test('Pause Guard pauses and Resume Guard arms again', async () => {
    const { guard } = await airlock();
    await vscode.commands.executeCommand(CommandId.ResumeGuard);
    assert.equal(guard.mode, 'armed');
    await vscode.commands.executeCommand(CommandId.PauseGuard);
    assert.equal(guard.mode, 'paused');
    await vscode.commands.executeCommand(CommandId.ResumeGuard);
    assert.equal(guard.mode, 'armed');
  });

  test('Toggle Guard flips the state and fires a change event', async () => {
    const { guard } = await airlock();
    const seen: string[] = [];
    const sub = guard.onDidChange((mode) => seen.push(mode));
    try {
      await vscode.commands.executeCommand(CommandId.ToggleGuard);
      await vscode.commands.executeCommand(CommandId.ToggleGuard);
    } finally {
      sub.dispose();
    }
    assert.deepEqual(seen, ['paused', 'armed']);
  });

  test('Show Log runs without error', async () => {
    await vscode.commands.executeCommand(CommandId.ShowLog);
  });
});
