import * as path from 'node:path';
import type { AgentId } from '../types';
import type { InstallContext } from './agents';
import { isAirlockCommand } from './command';
import { codexEventLabels, codexHookHash, readCodexConfig } from './codexTrust';
import { parseJsonText } from './jsonText';
import { isObject } from '../../values';

/**
 * Whether an agent will run a user-level hook entry it has, as far as its own files say. An entry in the right file
 * is not enough: agents skip hooks that a setting turns off (Claude Code's `disableAllHooks`, Gemini CLI's
 * `hooksConfig.enabled`), that a policy shadows (Claude Code's managed `allowManagedHooksOnly`), that the user has
 * not trusted yet (Codex), or in a folder they do not trust (Gemini CLI runs no settings hooks there at all).
 *
 * - `active`: nothing the agent's files say stops the entry;
 * - `not-yet-active`: the agent needs a step from the user first (`step` says which, in the agent's words);
 * - `disabled`: a setting turns it off (`by`: the file, `setting`: the key and value).
 */
export type Activation =
  | { readonly state: 'active' }
  | { readonly state: 'not-yet-active'; readonly step: string }
  | { readonly state: 'disabled'; readonly by: string; readonly setting: string };

/** What the check reads: the installer's context, and the workspace folder for per-folder rules. */
export interface ActivationContext extends InstallContext {
  readonly workspace?: string;
}

const active: Activation = { state: 'active' };

/** A JSON (or JSON with comments) settings file; undefined when absent or unreadable as an object. */
function readSettings(ctx: InstallContext, file: string): Record<string, unknown> | undefined {
  let text: string | undefined;
  try {
    text = ctx.fs.readText(file);
  } catch {
    return undefined;
  }
  if (text === undefined || text.trim() === '') return undefined;
  const parsed = parseJsonText(text);
  return parsed.ok && isObject(parsed.value) ? parsed.value : undefined;
}

const at = (o: Record<string, unknown> | undefined, ...keys: string[]): unknown =>
  keys.reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), o);

export function agentActivation(agent: AgentId, ctx: ActivationContext): Activation {
  switch (agent) {
    case 'claude':
      return claudeActivation(ctx);
    case 'gemini':
      return geminiActivation(ctx);
    case 'codex':
      return codexActivation(ctx);
    default:
      return active;
  }
}

/** Claude Code's managed-settings folder: the administrator's policy, above every user setting. */
export function claudeManagedDir(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return '/Library/Application Support/ClaudeCode';
  if (platform === 'win32') return 'C:\\Program Files\\ClaudeCode';
  return '/etc/claude-code';
}

/**
 * Claude Code (2.1.197): `disableAllHooks: true` in any settings file it reads (managed, user, the project's shared
 * and local files) runs no hooks; `allowManagedHooksOnly: true` in managed settings runs only the administrator's.
 */
function claudeActivation(ctx: ActivationContext): Activation {
  const managedDir = claudeManagedDir(ctx.platform);
  const pathApi = ctx.platform === 'win32' ? path.win32 : path.posix;
  const managed = [pathApi.join(managedDir, 'managed-settings.json')];
  try {
    const dropIns = pathApi.join(managedDir, 'managed-settings.d');
    for (const name of ctx.fs.list?.(dropIns) ?? []) if (name.endsWith('.json')) managed.push(pathApi.join(dropIns, name));
  } catch {
    // No drop-in folder.
  }
  for (const file of managed) {
    const s = readSettings(ctx, file);
    if (s?.allowManagedHooksOnly === true) return { state: 'disabled', by: file, setting: 'allowManagedHooksOnly: true (only the administrator\'s hooks run)' };
    if (s?.disableAllHooks === true) return { state: 'disabled', by: file, setting: 'disableAllHooks: true' };
  }
  const configDir = ctx.env.CLAUDE_CONFIG_DIR && path.isAbsolute(ctx.env.CLAUDE_CONFIG_DIR) ? ctx.env.CLAUDE_CONFIG_DIR : path.join(ctx.home, '.claude');
  const files = [path.join(configDir, 'settings.json')];
  if (ctx.workspace) files.push(path.join(ctx.workspace, '.claude', 'settings.json'), path.join(ctx.workspace, '.claude', 'settings.local.json'));
  for (const file of files) {
    if (readSettings(ctx, file)?.disableAllHooks === true) return { state: 'disabled', by: file, setting: 'disableAllHooks: true' };
  }
  return active;
}

/** Gemini CLI's system settings (administrator's), as it finds them. */
export function geminiSystemSettings(ctx: InstallContext): string[] {
  const env = (name: string): string | undefined => {
    const v = ctx.env[name];
    return v && path.isAbsolute(v) ? v : undefined;
  };
  const system =
    env('GEMINI_CLI_SYSTEM_SETTINGS_PATH') ??
    (ctx.platform === 'darwin' ? '/Library/Application Support/GeminiCli/settings.json' : ctx.platform === 'win32' ? 'C:\\ProgramData\\gemini-cli\\settings.json' : '/etc/gemini-cli/settings.json');
  const defaults = env('GEMINI_CLI_SYSTEM_DEFAULTS_PATH') ?? path.join(path.dirname(system), 'system-defaults.json');
  return [system, defaults];
}

/**
 * Gemini CLI (0.61): `hooksConfig.enabled: false` runs no hooks, `hooksConfig.disabled` lists hooks by name (Airlock's
 * entry is named `airlock`); and with folder trust on (the default), a folder not trusted in
 * `~/.gemini/trustedFolders.json` runs no settings hooks at all, the user's included.
 */
function geminiActivation(ctx: ActivationContext): Activation {
  const user = path.join(ctx.home, '.gemini', 'settings.json');
  const files = [...geminiSystemSettings(ctx), user, ...(ctx.workspace ? [path.join(ctx.workspace, '.gemini', 'settings.json')] : [])];
  let folderTrust = true;
  for (const file of files) {
    const s = readSettings(ctx, file);
    if (at(s, 'hooksConfig', 'enabled') === false) return { state: 'disabled', by: file, setting: 'hooksConfig.enabled: false' };
    const disabled = at(s, 'hooksConfig', 'disabled');
    if (Array.isArray(disabled) && disabled.includes('airlock')) return { state: 'disabled', by: file, setting: 'hooksConfig.disabled lists "airlock"' };
    const trust = at(s, 'security', 'folderTrust', 'enabled');
    if (typeof trust === 'boolean' && file !== files.at(-1)) folderTrust = trust;
  }
  if (!folderTrust || ctx.workspace === undefined) return active;
  const trustFile = ctx.env.GEMINI_CLI_TRUSTED_FOLDERS_PATH && path.isAbsolute(ctx.env.GEMINI_CLI_TRUSTED_FOLDERS_PATH) ? ctx.env.GEMINI_CLI_TRUSTED_FOLDERS_PATH : path.join(ctx.home, '.gemini', 'trustedFolders.json');
  const trusted = folderTrusted(readSettings(ctx, trustFile), ctx.workspace);
  if (trusted === true) return active;
  return {
    state: 'not-yet-active',
    step:
      trusted === false
        ? `Gemini CLI is told not to trust ${ctx.workspace} (${trustFile}), and runs no hooks there: trust the folder (/permissions in Gemini CLI)`
        : `Gemini CLI has not been told to trust ${ctx.workspace}, and runs no hooks in a folder it does not trust: open Gemini CLI there and trust the folder (or /permissions)`,
  };
}

/** Gemini CLI's trust of a folder: the longest rule that covers it (`TRUST_PARENT` covers its parent's tree). */
export function folderTrusted(rules: Record<string, unknown> | undefined, folder: string): boolean | undefined {
  let best = -1;
  let level: unknown;
  for (const [rule, value] of Object.entries(rules ?? {})) {
    const effective = value === 'TRUST_PARENT' ? path.dirname(rule) : rule;
    const rel = path.relative(path.resolve(effective), path.resolve(folder));
    const inside = rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
    if (inside && rule.length > best) {
      best = rule.length;
      level = value;
    }
  }
  if (level === 'DO_NOT_TRUST') return false;
  if (level === 'TRUST_FOLDER' || level === 'TRUST_PARENT') return true;
  return undefined;
}

/**
 * Codex (0.129 and later, checked with 0.171.0): `[features] hooks = false` runs no hooks; each of Airlock's entries
 * runs only once trusted in `/hooks` (a `[hooks.state."<key>"]` table in `config.toml` whose `trusted_hash` is the
 * entry's hash, see codexTrust.ts), and not when turned off there (`enabled = false`). An entry changed since it was
 * trusted (another Node, a moved extension) is skipped until trusted again.
 */
function codexActivation(ctx: ActivationContext): Activation {
  const configured = ctx.env.CODEX_HOME && path.isAbsolute(ctx.env.CODEX_HOME) ? ctx.env.CODEX_HOME : path.join(ctx.home, '.codex');
  // Codex keys trust by the real path of its folder.
  const codexHome = ctx.fs.realpath?.(configured) ?? configured;
  const configFile = path.join(codexHome, 'config.toml');
  let configText: string | undefined;
  try {
    configText = ctx.fs.readText(configFile);
  } catch {
    configText = undefined;
  }
  const config = readCodexConfig(configText ?? '');
  if (config.hooksFeature === false) return { state: 'disabled', by: configFile, setting: '[features] hooks = false' };
  const hooksFile = path.join(codexHome, 'hooks.json');
  const hooks = at(readSettings(ctx, hooksFile), 'hooks');
  const untrusted: string[] = [];
  const modified: string[] = [];
  let disabledBy: string | undefined;
  for (const [event, label] of Object.entries(codexEventLabels)) {
    const groups = isObject(hooks) ? hooks[event] : undefined;
    if (!Array.isArray(groups)) continue;
    groups.forEach((group: unknown, g) => {
      const handlers = isObject(group) && Array.isArray(group.hooks) ? group.hooks : [];
      handlers.forEach((handler: unknown, h) => {
        if (!isObject(handler) || typeof handler.command !== 'string' || !isAirlockCommand(handler.command)) return;
        const key = `${hooksFile}:${label}:${g}:${h}`;
        const state = config.hookStates.get(key);
        const matcher = isObject(group) && typeof group.matcher === 'string' ? group.matcher : undefined;
        const hash = codexHookHash(label, matcher, {
          command: handler.command,
          ...(typeof handler.timeout === 'number' ? { timeout: handler.timeout } : {}),
          ...(typeof handler.async === 'boolean' ? { async: handler.async } : {}),
          ...(typeof handler.statusMessage === 'string' ? { statusMessage: handler.statusMessage } : {}),
        });
        if (state?.enabled === false) disabledBy ??= key;
        else if (state?.trustedHash === undefined) untrusted.push(event);
        else if (state.trustedHash !== hash) modified.push(event);
      });
    });
  }
  if (disabledBy !== undefined) return { state: 'disabled', by: configFile, setting: `hooks.state."${disabledBy}".enabled = false (turned off in /hooks)` };
  if (modified.length > 0) {
    return { state: 'not-yet-active', step: `Airlock's ${modified.join(' and ')} entry changed since you trusted it, and Codex skips it until trusted again: run /hooks in Codex and trust it` };
  }
  if (untrusted.length > 0) {
    return { state: 'not-yet-active', step: `Codex runs a new hook only after you trust it, and skips it without a word until then: open Codex, run /hooks and trust Airlock's ${untrusted.join(' and ')} entries` };
  }
  return active;
}
