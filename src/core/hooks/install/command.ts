import { agentIds, type AgentId } from '../types';
import { isAbsoluteOnAnyPlatform } from './nodeRuntime';

/** What a hook entry runs: Node and the extension's `dist/hook.js`. */
export interface HookCommandOptions {
  /** Absolute path of `dist/hook.js`. */
  readonly script: string;
  /** The Node executable; default `node` (found on the agent's PATH). */
  readonly node?: string;
}

/**
 * The command line an agent's hook entry runs: `node "<script>" <agent>`. The script path is always quoted; on
 * Windows it is written with forward slashes, which cmd, PowerShell and Git Bash all pass to Node unchanged.
 */
export function hookCommand(agent: AgentId, hook: HookCommandOptions, platform: NodeJS.Platform): string {
  const node = hook.node ?? 'node';
  const bare = /^[A-Za-z0-9_./+-]+$/.test(node);
  return `${bare ? node : quote(node, platform)} ${quote(hook.script, platform)} ${agent}`;
}

function quote(arg: string, platform: NodeJS.Platform): string {
  // Windows paths cannot hold `"`; in a POSIX shell's double quotes, `"`, `\`, `$` and `` ` `` need a backslash.
  return platform === 'win32' ? `"${arg.replaceAll('\\', '/')}"` : `"${arg.replace(/["\\$`]/g, '\\$&')}"`;
}

const agentAlternatives = agentIds.join('|');
/**
 * Airlock's hook, however it is started: `…/dist/hook.js" <agent>` (what the installer writes),
 * `…/dist/cli.js" hook <agent>`, or `airlock hook <agent>` (the hand-written entries of docs/hooks.md). Any agent
 * name counts, so an entry for another agent's format in this file is still recognised as Airlock's.
 */
const airlockHook = new RegExp(
  `(?:dist[/\\\\]hook\\.js["']?\\s+|(?:dist[/\\\\]cli\\.js["']?|(?:^|[\\s"'/\\\\])airlock(?:\\.cmd|\\.exe)?["']?)\\s+hook\\s+)(?:${agentAlternatives})(?=\\s|$)`,
);

/** Whether a hook entry's command runs Airlock's hook: the mark by which the installer knows its own entries. */
export function isAirlockCommand(command: unknown): command is string {
  return typeof command === 'string' && airlockHook.test(command);
}

/** The `hook.js` or `cli.js` file a command runs, when it names one by an absolute path. */
export function scriptOf(command: string): string | undefined {
  const m = /"((?:\\"|[^"])*?(?:hook|cli)\.js)"|'([^']*(?:hook|cli)\.js)'|(?:^|\s)([^\s"']*(?:hook|cli)\.js)(?=\s|$)/.exec(command);
  // Inside double quotes a POSIX shell drops the backslash before `"`, `\`, `$` and `` ` ``; Windows paths keep theirs.
  const quoted = m?.[1];
  const raw = quoted !== undefined ? (quoted.startsWith('/') ? quoted.replace(/\\(["\\$`])/g, '$1') : quoted) : (m?.[2] ?? m?.[3]);
  return raw !== undefined && isAbsoluteOnAnyPlatform(raw) ? raw : undefined;
}
