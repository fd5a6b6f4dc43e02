import { agentIds, type AgentId } from '../types';
import { agentSpecs, detectAgent, scriptFiles, type InstallContext, type JsonAgent, type ScriptAgent } from './agents';
import { isAirlockCommand, scriptOf, type HookCommandOptions } from './command';
import { classify, isOurScript, planInstall } from './plan';
import { parseJsonText } from './jsonText';
import { startProblem, usesPathLookup } from './nodeRuntime';
import * as path from 'node:path';
import { readSeen, type AgentSeen, type SeenCalls } from '../seen';
import { agentActivation } from './activation';
import { errorMessage, isObject } from '../../values';

/**
 * `protecting`: Airlock's hook is in place, nothing in the agent's files stops it, and the agent has called it since
 * the file was last written (the proof that it runs it); `installed`: the same, but no call has been seen yet;
 * `not-yet-active`: in place, but the agent needs a step from the user before it runs it (Codex's hook trust, a
 * folder Gemini CLI does not trust); `disabled`: a setting of the agent turns it off or shadows it; `silent`: it
 * was protecting, but the agent has been at work since its last call without calling it; `would-not-start`: the
 * agent cannot start it (its script or Node is gone, or that Node does not run or is too old), and most agents then
 * let the tool run; `outdated`: it needs `install` again (an event lacks it, it is listed twice, it finds `node` on
 * the agent's PATH, or it differs from what `install` would write now); `missing`: no Airlock entry; `error`: the
 * file cannot be read or is not valid JSON.
 */
export type HookState = 'protecting' | 'installed' | 'not-yet-active' | 'disabled' | 'silent' | 'would-not-start' | 'outdated' | 'missing' | 'error';

/** The states in which the agent runs Airlock's hook as far as Airlock can tell. */
export const protectingStates: readonly HookState[] = ['protecting', 'installed'];

export interface AgentHookStatus {
  readonly agent: AgentId;
  readonly name: string;
  /** The agent appears to be used on this machine. */
  readonly detected: boolean;
  readonly evidence: readonly string[];
  readonly file: string;
  readonly state: HookState;
  /** Airlock's hook is installed, current and not stopped by anything the agent's files say. */
  readonly protected: boolean;
  /** The commands of Airlock's entries found in the file. */
  readonly commands: readonly string[];
  /** Why the state is not `protecting` or `installed`: what is wrong, or the step the user must take. */
  readonly problem?: string;
  /** The agent's latest hook call Airlock noted, with its version where known. */
  readonly lastCall?: AgentSeen;
}

/** What status reads beyond the hook files: Airlock's folder (the agents' calls) and a workspace (per-folder trust). */
export interface StatusContext extends InstallContext {
  readonly airlockHome?: string;
  readonly workspace?: string;
}

/**
 * Every agent's state. With `hook` (the running extension's own `dist/hook.js`), an entry that runs another
 * script, Node or timeout counts as outdated; without it, only the checks that need no reference.
 */
export function hookStatus(ctx: StatusContext, hook?: HookCommandOptions): AgentHookStatus[] {
  const seen = ctx.airlockHome !== undefined ? readSeen(ctx.airlockHome) : {};
  return agentIds.map((agent) => agentStatus(agent, ctx, hook, seen));
}

export function agentStatus(agent: AgentId, ctx: StatusContext, hook?: HookCommandOptions, seen: SeenCalls = ctx.airlockHome !== undefined ? readSeen(ctx.airlockHome) : {}): AgentHookStatus {
  const spec = agentSpecs[agent];
  const d = detectAgent(agent, ctx);
  const lastCall = seen[agent];
  const base = { agent, name: spec.name, detected: d.present, evidence: d.evidence, file: d.configFile, ...(lastCall ? { lastCall } : {}) };
  const result = (state: HookState, commands: readonly string[], problem?: string): AgentHookStatus => ({
    ...base,
    state,
    protected: protectingStates.includes(state),
    commands,
    ...(problem !== undefined ? { problem } : {}),
  });

  let text: string | undefined;
  try {
    text = ctx.fs.readText(d.configFile);
  } catch (e) {
    return result('error', [], `${d.configFile} cannot be read: ${errorMessage(e)}`);
  }
  if (text === undefined) return result('missing', []);

  let commands: string[];
  let gap: string | undefined;
  if (spec.format === 'script') {
    if (!isOurScript(text)) return result('missing', []);
    const found = scriptCommands(spec, ctx);
    commands = found.commands;
    gap = found.gap;
  } else {
    if (text.trim() === '') return result('missing', []);
    const parsed = parseJsonText(text);
    if (!parsed.ok) return result('error', [], `${d.configFile} is not valid JSON: ${parsed.error}`);
    const found = jsonCommands(spec, parsed.value);
    commands = found.commands;
    gap = found.gap;
  }
  if (commands.length === 0) return result('missing', []);
  for (const c of commands) {
    const script = scriptOf(c);
    if (script !== undefined && !ctx.fs.exists(script)) return result('would-not-start', commands, `its hook script ${script} no longer exists`);
    const problem = startProblem(c, (f) => ctx.fs.exists(f), ctx.probeNode);
    if (problem !== undefined) return result('would-not-start', commands, problem);
  }
  if (gap !== undefined) return result('outdated', commands, gap);
  if (hook !== undefined) {
    const plans = planInstall(agent, hook, ctx);
    if (!plans.ok) return result('error', commands, plans.error);
    if (plans.value.some((p) => p.changed)) return result('outdated', commands, 'the entry differs from what install writes now (another script, Node or timeout)');
  }
  if (ctx.probeNode !== undefined && commands.some(usesPathLookup)) {
    return result('outdated', commands, "it starts `node` from the agent's PATH, which an agent started from a desktop launcher may not have; install again to write an absolute Node");
  }
  const activation = agentActivation(agent, ctx);
  if (activation.state === 'disabled') return result('disabled', commands, `${spec.name} runs no hook here: ${activation.setting} in ${activation.by}`);
  if (activation.state === 'not-yet-active') return result('not-yet-active', commands, activation.step);
  // A call since the file was last written shows the agent runs this entry.
  const written = ctx.fs.mtime?.(d.configFile);
  if (lastCall === undefined || (written !== undefined && Date.parse(lastCall.last) < written - 1000)) return result('installed', commands);
  const busy = lastActivity(agent, ctx);
  if (busy !== undefined && busy > Date.parse(lastCall.last) + silenceMarginMs) {
    return result('silent', commands, `${spec.name} was at work at ${new Date(busy).toISOString()} (its session files changed) but has not called Airlock's hook since ${lastCall.last}`);
  }
  return result('protecting', commands);
}

/** Activity this long after the last noted call, without a call, is flagged (calls are noted every few minutes). */
const silenceMarginMs = 15 * 60_000;

/** Where each agent keeps its sessions: a file there changes whenever it works. */
function activityDir(agent: AgentId, ctx: InstallContext): string | undefined {
  const env = (name: string): string | undefined => {
    const v = ctx.env[name];
    return v && path.isAbsolute(v) ? v : undefined;
  };
  switch (agent) {
    case 'claude':
      return path.join(env('CLAUDE_CONFIG_DIR') ?? path.join(ctx.home, '.claude'), 'projects');
    case 'gemini':
      return path.join(ctx.home, '.gemini', 'tmp');
    case 'codex':
      return path.join(env('CODEX_HOME') ?? path.join(ctx.home, '.codex'), 'sessions');
    default:
      return undefined;
  }
}

/** The newest modification time of a session file of the agent, looking a few levels down and at a bounded number of entries. */
function lastActivity(agent: AgentId, ctx: InstallContext): number | undefined {
  const dir = activityDir(agent, ctx);
  if (dir === undefined || !ctx.fs.list || !ctx.fs.mtime) return undefined;
  let newest: number | undefined;
  let budget = 5000;
  const walk = (d: string, depth: number): void => {
    for (const name of ctx.fs.list?.(d) ?? []) {
      if (--budget < 0) return;
      const p = path.join(d, name);
      if (/\.(jsonl?|md)$/.test(name)) {
        const t = ctx.fs.mtime?.(p);
        if (t !== undefined && (newest === undefined || t > newest)) newest = t;
      } else if (depth < 4) {
        walk(p, depth + 1);
      }
    }
  };
  walk(dir, 0);
  return newest;
}

/** Airlock's commands in a script agent's hook scripts, and the first event whose script is missing or not Airlock's. */
function scriptCommands(spec: ScriptAgent, ctx: InstallContext): { commands: string[]; gap?: string } {
  const commands: string[] = [];
  let gap: string | undefined;
  for (const { event, file } of scriptFiles(spec, ctx)) {
    let text: string | undefined;
    try {
      text = ctx.fs.readText(file);
    } catch (e) {
      gap ??= `${file} cannot be read: ${errorMessage(e)}`;
      continue;
    }
    if (text === undefined) gap ??= `the ${event} hook script ${file} is missing`;
    else if (!isOurScript(text)) gap ??= `the ${event} hook script ${file} is not Airlock's`;
    else commands.push(...text.split(/\r?\n/).filter((l) => isAirlockCommand(l)).map((l) => l.replace(/^exec\s+/, '')));
  }
  return gap !== undefined ? { commands: [...new Set(commands)], gap } : { commands: [...new Set(commands)] };
}

/** Airlock's commands in a parsed hook file, and the first event that lacks its entry or has it twice. */
function jsonCommands(spec: JsonAgent, root: unknown): { commands: string[]; gap?: string } {
  const hooks = isObject(root) && isObject(root.hooks) ? root.hooks : {};
  const commands: string[] = [];
  let gap: string | undefined;
  for (const [event, list] of Object.entries(hooks)) {
    if (!Array.isArray(list)) continue;
    let count = 0;
    for (const element of list) {
      const k = classify(spec, element);
      if (k.kind === 'foreign' || !isObject(element)) continue;
      const handlers = spec.shape === 'flat' ? [element] : k.handlers.map((j) => (element.hooks as unknown[])[j]);
      for (const h of handlers) {
        if (isObject(h) && typeof h.command === 'string') commands.push(h.command);
        count++;
      }
    }
    if (count > 1 && spec.events.includes(event)) gap ??= `hooks.${event} runs Airlock ${count} times`;
  }
  if (commands.length > 0) {
    for (const event of spec.events) {
      const list = hooks[event];
      const has = Array.isArray(list) && list.some((element) => classify(spec, element).kind !== 'foreign');
      if (!has) gap ??= `hooks.${event} has no Airlock entry`;
    }
  }
  return gap !== undefined ? { commands: [...new Set(commands)], gap } : { commands: [...new Set(commands)] };
}


/** One line for an agent in Protect Agents: what its hook state means for the user, and the step where one is needed. */
export function describeState(s: AgentHookStatus | undefined, present: boolean): string {
  switch (s?.state) {
    case 'protecting':
      return `protecting${s.lastCall?.version ? ` (${s.lastCall.version})` : ''}, last call ${s.lastCall?.last ?? ''}`;
    case 'installed':
      return 'installed, no call seen yet';
    case 'not-yet-active':
      return `installed, not yet active: ${s.problem ?? ''}`;
    case 'disabled':
      return `installed, but off: ${s.problem ?? ''}`;
    case 'silent':
      return `not calling Airlock: ${s.problem ?? ''}`;
    case 'would-not-start':
      return `hook would not start: ${s.problem ?? ''}`;
    case 'outdated':
      return `hook outdated: ${s.problem ?? ''}`;
    default:
      return present ? 'detected' : 'not detected';
  }
}
