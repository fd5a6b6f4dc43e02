import * as path from 'node:path';
import { agentIds, type AgentId } from '../types';
import type { InstallFs } from './installFs';
import type { NodeProbe } from './nodeRuntime';
import { agentRegistry, entryTimeout } from '../registry';

/** Where the installer looks: the user's home folder and environment, and the filesystem to look in. */
export interface InstallContext {
  readonly home: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly fs: InstallFs;
  /** Runs an entry's Node to check it (the status then says when an entry would not start); none: not run. */
  readonly probeNode?: NodeProbe;
}

/**
 * The hook entry's timeout, in the agent's own unit: the agent's hook timeout that `airlock hook` assumes
 * (`hookTimeoutMs` in the agent registry), so the hook's own deny, 2 s earlier, always comes first.
 */
export const entryTimeouts = { vscode: entryTimeout('vscode'), claude: entryTimeout('claude'), gemini: entryTimeout('gemini'), codex: entryTimeout('codex') } as const;

interface AgentBase {
  readonly agent: AgentId;
  /** The agent's name for messages. */
  readonly name: string;
  /** The user-level file Airlock writes its hook into. */
  file(ctx: InstallContext): string;
  /** Folders and files whose presence shows the agent is used on this machine. */
  evidence(ctx: InstallContext): readonly string[];
  /** What the person still has to do, or should know, once the entry is written. */
  readonly notes: readonly string[];
}

/**
 * An agent whose hooks live in a JSON file: `hooks.<event>` lists entries, either the entries themselves (`flat`:
 * `{command, …}`) or matcher groups (`grouped`: `{matcher, hooks: [{type, command, …}]}`).
 */
export interface JsonAgent extends AgentBase {
  readonly format: 'json';
  readonly shape: 'flat' | 'grouped';
  /** The events Airlock's entry is added to, one entry each. */
  readonly events: readonly string[];
  /** Top-level properties of a file the installer creates, before `hooks`. */
  readonly skeleton: Readonly<Record<string, unknown>>;
  /** The entry for one event: an element of `hooks.<event>`. */
  entry(command: string): Record<string, unknown>;
  /** The file holds nothing but Airlock's hook, so removing the hook removes the file. */
  readonly ownFile: boolean;
}

/**
 * An agent whose hooks are executable files named after their events (Cline): one file per event, all in the
 * folder of `file` (the first event's), each running the same command.
 */
export interface ScriptAgent extends AgentBase {
  readonly format: 'script';
  readonly events: readonly string[];
  script(command: string): string;
}

/** Every hook script of a script agent, by event: the first is `file`. */
export const scriptFiles = (spec: ScriptAgent, ctx: InstallContext): { event: string; file: string }[] =>
  spec.events.map((event) => ({ event, file: path.join(path.dirname(spec.file(ctx)), event) }));

export type AgentSpec = JsonAgent | ScriptAgent;

/** The mark in a hook script Airlock wrote. */
export const scriptMarker = '# airlock-hook';

const under = (ctx: InstallContext, ...parts: string[]): string => path.join(ctx.home, ...parts);
/** A folder named by an environment variable (absolute only), else the default. */
const envDir = (ctx: InstallContext, name: string, fallback: string): string => {
  const v = ctx.env[name];
  return v && path.isAbsolute(v) ? v : fallback;
};
const claudeDir = (ctx: InstallContext): string => envDir(ctx, 'CLAUDE_CONFIG_DIR', under(ctx, '.claude'));
const codexDir = (ctx: InstallContext): string => envDir(ctx, 'CODEX_HOME', under(ctx, '.codex'));

export const agentSpecs: Readonly<Record<AgentId, AgentSpec>> = {
  vscode: {
    agent: 'vscode',
    name: agentRegistry.vscode.name,
    format: 'json',
    shape: 'flat',
    // A file of its own in the user's hook folder (`chat.hookFilesLocations` has `~/.copilot/hooks` by default).
    file: (ctx) => under(ctx, '.copilot', 'hooks', 'airlock.json'),
    evidence: (ctx) => [under(ctx, '.copilot'), under(ctx, '.vscode'), under(ctx, '.vscode-server'), under(ctx, '.vscode-insiders')],
    // PostToolUse hands the hook each tool's result (VS Code can only be told to warn the model about it).
    events: ['PreToolUse', ...agentRegistry.vscode.results.events],
    skeleton: {},
    // `cwd` relative to the workspace folder: VS Code then sends that folder in the payload.
    entry: (command) => ({ type: 'command', command, cwd: '.', timeout: entryTimeouts.vscode }),
    ownFile: true,
    notes: [
      'VS Code reads ~/.copilot/hooks while chat.useHooks is on (the default) and chat.hookFilesLocations lists it (the default in recent versions); "Chat: Diagnostics" shows the hooks it loaded.',
      'VS Code also runs the hooks in ~/.claude/settings.json (chat.useClaudeHooks): with the Claude Code hook installed too, Airlock is asked twice for each Copilot tool call.',
    ],
  },
  claude: {
    agent: 'claude',
    name: agentRegistry.claude.name,
    format: 'json',
    shape: 'grouped',
    file: (ctx) => path.join(claudeDir(ctx), 'settings.json'),
    evidence: (ctx) => [claudeDir(ctx), under(ctx, '.claude.json')],
    // PostToolUse hands the hook each tool's result, to be checked before the model reads it.
    events: ['PreToolUse', ...agentRegistry.claude.results.events],
    skeleton: {},
    entry: (command) => ({ matcher: '*', hooks: [{ type: 'command', command, timeout: entryTimeouts.claude }] }),
    ownFile: false,
    notes: ['Claude Code reads its hooks when a session starts: restart running sessions, and run /hooks to check the entry is loaded.'],
  },
  cursor: {
    agent: 'cursor',
    name: agentRegistry.cursor.name,
    format: 'json',
    shape: 'flat',
    file: (ctx) => under(ctx, '.cursor', 'hooks.json'),
    evidence: (ctx) => [under(ctx, '.cursor')],
    // postToolUse hands the hook each tool's result: an MCP tool's can be replaced, any other's only warned about.
    events: ['beforeShellExecution', 'beforeMCPExecution', 'beforeReadFile', 'preToolUse', ...agentRegistry.cursor.results.events],
    skeleton: { version: 1 },
    // No timeout (its unit is not documented consistently); `failClosed` blocks when the hook fails or times out.
    entry: (command) => ({ command, failClosed: true }),
    ownFile: false,
    notes: ['Restart Cursor; the Hooks tab of its settings shows what ran.'],
  },
  gemini: {
    agent: 'gemini',
    name: agentRegistry.gemini.name,
    format: 'json',
    shape: 'grouped',
    file: (ctx) => under(ctx, '.gemini', 'settings.json'),
    evidence: (ctx) => [under(ctx, '.gemini')],
    // AfterTool hands the hook each tool's result, to be checked before the model reads it.
    events: ['BeforeTool', ...agentRegistry.gemini.results.events],
    skeleton: {},
    entry: (command) => ({ matcher: '.*', hooks: [{ type: 'command', name: 'airlock', command, timeout: entryTimeouts.gemini }] }),
    ownFile: false,
    notes: ['Older Gemini CLI versions run hooks only when hooks are turned on in settings.json; /hooks in Gemini CLI lists the hooks it loaded.'],
  },
  cline: {
    agent: 'cline',
    name: agentRegistry.cline.name,
    format: 'script',
    file: (ctx) => under(ctx, 'Documents', 'Cline', 'Hooks', 'PreToolUse'),
    evidence: (ctx) => [under(ctx, 'Documents', 'Cline'), under(ctx, '.cline')],
    // Cline names its hook files by the older event names, in every version (the SDK's `tool_result` reads PostToolUse).
    events: ['PreToolUse', 'PostToolUse'],
    script: (command) => `#!/bin/sh\n${scriptMarker}: written by Airlock; 'airlock hooks remove' deletes it.\nexec ${command}\n`,
    notes: ["Cline runs hooks by default (the Cline CLI without any setting); if you turned them off in Cline's settings, turn them on again."],
  },
  codex: {
    agent: 'codex',
    name: agentRegistry.codex.name,
    format: 'json',
    shape: 'grouped',
    file: (ctx) => path.join(codexDir(ctx), 'hooks.json'),
    evidence: (ctx) => [codexDir(ctx)],
    events: ['PreToolUse', ...agentRegistry.codex.results.events],
    skeleton: {},
    entry: (command) => ({ matcher: '.*', hooks: [{ type: 'command', command, timeout: entryTimeouts.codex }] }),
    ownFile: false,
    notes: [
      'Codex runs a new or changed hook only after you review and trust it: run /hooks in Codex. Older versions also need [features] codex_hooks = true in config.toml.',
    ],
  },
};

/** Whether an agent appears to be used on this machine, and what shows it. */
export interface Detection {
  readonly agent: AgentId;
  readonly name: string;
  readonly present: boolean;
  /** The file Airlock would write its hook into. */
  readonly configFile: string;
  /** The folders and files found that show the agent is used. */
  readonly evidence: readonly string[];
}

export function detectAgent(agent: AgentId, ctx: InstallContext): Detection {
  const spec = agentSpecs[agent];
  const evidence = spec.evidence(ctx).filter((p) => ctx.fs.exists(p));
  if (agent === 'vscode' && ctx.env.TERM_PROGRAM === 'vscode') evidence.push('TERM_PROGRAM=vscode');
  return { agent, name: spec.name, present: evidence.length > 0, configFile: spec.file(ctx), evidence };
}

/** Every agent's detection, in the order of `agentIds`. */
export function detectAgents(ctx: InstallContext): Detection[] {
  return agentIds.map((agent) => detectAgent(agent, ctx));
}
