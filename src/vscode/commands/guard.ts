import * as vscode from 'vscode';
import { CommandId } from '../../shared/commandIds';
import type { GuardState } from '../guardState';

/** Pause, resume and toggle: the three commands over the guard state. */
export function registerGuardCommands(state: GuardState): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandId.PauseGuard, () => state.set('paused')),
    vscode.commands.registerCommand(CommandId.ResumeGuard, () => state.set('armed')),
    vscode.commands.registerCommand(CommandId.ToggleGuard, () =>
      state.set(state.mode === 'armed' ? 'paused' : 'armed'),
    ),
  ];
}
