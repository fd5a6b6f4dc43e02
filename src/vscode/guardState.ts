import * as vscode from 'vscode';
import { Disposable } from './disposable';

export type GuardMode = 'armed' | 'paused';

const storageKey = 'airlock.guardMode';
const contextKey = 'airlock.paused';

/** Whether Airlock is guarding this workspace; kept in workspace state so it survives a window reload. */
export class GuardState extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<GuardMode>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    void vscode.commands.executeCommand('setContext', contextKey, this.mode === 'paused');
  }

  get mode(): GuardMode {
    return this.memento.get<string>(storageKey) === 'paused' ? 'paused' : 'armed';
  }

  async set(mode: GuardMode): Promise<void> {
    if (mode === this.mode) return;
    await this.memento.update(storageKey, mode);
    await vscode.commands.executeCommand('setContext', contextKey, mode === 'paused');
    this.log.info(mode === 'paused' ? 'Guard paused by the user' : 'Guard armed');
    this.changed.fire(mode);
  }
}
