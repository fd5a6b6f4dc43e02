import * as vscode from 'vscode';
import { presets, type Preset } from '../core/policy/types';

/** Airlock's settings, read in one place; mirrors `contributes.configuration` in package.json. */
export interface AirlockConfig {
  /** `airlock.preset`. In an untrusted workspace VS Code ignores workspace values (restrictedConfigurations). */
  readonly preset: Preset;
  /** `airlock.userPolicy`, unparsed: the policy service validates it. */
  readonly userPolicy: unknown;
}

export const configSection = 'airlock';

export function readConfig(): AirlockConfig {
  const c = vscode.workspace.getConfiguration(configSection);
  const preset = c.get<string>('preset');
  return {
    preset: presets.includes(preset as Preset) ? (preset as Preset) : 'balanced',
    // Application scope: only the user's own settings can hold it, never a workspace's.
    userPolicy: c.inspect('userPolicy')?.globalValue ?? {},
  };
}
