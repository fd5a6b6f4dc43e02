import { agentIds, type AgentId } from '../types';
import { agentSpecs, detectAgent, type InstallContext, type JsonAgent } from './agents';
import { isAirlockCommand, scriptOf, type HookCommandOptions } from './command';
import { classify, isOurScript, planInstall } from './plan';
import { parseJsonText } from './jsonText';
import { startProblem, usesPathLookup } from './nodeRuntime';

/**
 * `installed`: Airlock's hook is in place for every event it needs; `would-not-start`: it is there, but the agent
 * cannot start it (its script or its Node is gone, or that Node does not run or is too old), and most agents then
 * let the tool run; `outdated`: it is there but needs `install` again (an event lacks it, it is listed twice, it
 * finds `node` on the agent's PATH, or it differs from what `install` would write now); `missing`: no Airlock
 * entry; `error`: the file cannot be read or is not valid JSON.
 */
export type HookState = 'installed' | 'would-not-start' | 'outdated' | 'missing' | 'error';

export interface AgentHookStatus {
  readonly agent: AgentId;
  readonly name: string;
  /** The agent appears to be used on this machine. */
  readonly detected: boolean;
  readonly evidence: readonly string[];
  readonly file: string;
  readonly state: HookState;
  /** Airlock's hook is installed and current: the agent is protected. */
  readonly protected: boolean;
  /** The commands of Airlock's entries found in the file. */
  readonly commands: readonly string[];
  /** Why the state is `would-not-start`, `outdated` or `error`. */
  readonly problem?: string;
}

/**
 * Every agent's state. With `hook` (the running extension's own `dist/hook.js`), an entry that runs another
 * script, Node or timeout counts as outdated; without it, only the checks that need no reference.
 */
export function hookStatus(ctx: InstallContext, hook?: HookCommandOptions): AgentHookStatus[] {
  return agentIds.map((agent) => agentStatus(agent, ctx, hook));
}

export function agentStatus(agent: AgentId, ctx: InstallContext, hook?: HookCommandOptions): AgentHookStatus {
  const spec = agentSpecs[agent];
  const d = detectAgent(agent, ctx);
  const base = { agent, name: spec.name, detected: d.present, evidence: d.evidence, file: d.configFile };
  const result = (state: HookState, commands: readonly string[], problem?: string): AgentHookStatus => ({
    ...base,
    state,
    protected: state === 'installed',
    commands,
    ...(problem !== undefined ? { problem } : {}),
  });

  let text: string | undefined;
  try {
    text = ctx.fs.readText(d.configFile);
  } catch (e) {
    return result('error', [], `${d.configFile} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (text === undefined) return result('missing', []);

  let commands: string[];
  let gap: string | undefined;
  if (spec.format === 'script') {
    if (!isOurScript(text)) return result('missing', []);
    commands = text.split(/\r?\n/).filter((l) => isAirlockCommand(l)).map((l) => l.replace(/^exec\s+/, ''));
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
    const plan = planInstall(agent, hook, ctx);
    if (!plan.ok) return result('error', commands, plan.error);
    if (plan.value.changed) return result('outdated', commands, 'the entry differs from what install writes now (another script, Node or timeout)');
  }
  if (ctx.probeNode !== undefined && commands.some(usesPathLookup)) {
    return result('outdated', commands, "it starts `node` from the agent's PATH, which an agent started from a desktop launcher may not have; install again to write an absolute Node");
  }
  return result('installed', commands);
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

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
