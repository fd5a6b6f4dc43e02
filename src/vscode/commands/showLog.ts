import * as vscode from 'vscode';
import { CommandId } from '../../shared/commandIds';

export function registerShowLog(log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.ShowLog, () => log.show(true));
}
