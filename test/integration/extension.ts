import * as vscode from 'vscode';
import type { AirlockApi } from '../../src/vscode/extension';

export const extensionId = 'airlock-dev.airlock';

/** Activates Airlock (as onStartupFinished would) and returns its API. */
export async function airlock(): Promise<AirlockApi> {
  const ext = vscode.extensions.getExtension<AirlockApi>(extensionId);
  if (!ext) throw new Error(`extension ${extensionId} is not installed in this host`);
  return ext.activate();
}
