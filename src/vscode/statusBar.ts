import * as vscode from 'vscode';
import { CommandId } from '../shared/commandIds';
import { Disposable } from './disposable';
import type { GuardMode, GuardState } from './guardState';

/** The status-bar item that shows whether the guard is armed and toggles it on click. */
export class GuardStatusBar extends Disposable {
  private readonly item = this.register(
    vscode.window.createStatusBarItem('airlock.guard', vscode.StatusBarAlignment.Left, 100),
  );

  constructor(state: GuardState) {
    super();
    this.item.name = 'Airlock Guard';
    this.item.command = CommandId.ToggleGuard;
    this.render(state.mode);
    this.register(state.onDidChange((mode) => this.render(mode)));
    this.item.show();
  }

  private render(mode: GuardMode): void {
    if (mode === 'armed') {
      this.item.text = '$(shield) Airlock: Armed';
      this.item.tooltip = 'Airlock is guarding agent actions. Click to pause.';
      this.item.backgroundColor = undefined;
    } else {
      this.item.text = '$(debug-pause) Airlock: Paused';
      this.item.tooltip = 'Airlock is paused: agent hooks get only the built-in floor, nothing is asked. Click to resume.';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    }
    this.item.accessibilityInformation = { label: `Airlock guard ${mode}` };
  }
}
