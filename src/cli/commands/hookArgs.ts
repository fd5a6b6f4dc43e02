import { parseArgs } from 'node:util';
import { agentRegistry } from '../../core/hooks/registry';
import { agentIds, isAgentId, type AgentId } from '../../core/hooks/types';

/**
 * The hook's command line, read in one place: by `runHook`, and by the small client in dist/hook.js, which needs
 * the agent and the deadline before it hands the call to the hook server.
 */
export const hookOptions = {
  workspace: { type: 'string', multiple: true },
  policy: { type: 'string' },
  preset: { type: 'string' },
  'timeout-ms': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Each agent's own hook timeout (VS Code, Cursor and Cline: 30 s; Claude Code, Gemini CLI: 60 s; Codex: 600 s, of
 * which Airlock uses 60). The hook answers 2 s before it by default, so its deny always beats the agent's own
 * timeout, which most agents treat as "allow". A person answering a prompt in the editor uses that time.
 */
export const agentTimeoutMs: Readonly<Record<AgentId, number>> = Object.fromEntries(agentIds.map((id) => [id, agentRegistry[id].hookTimeoutMs])) as Record<AgentId, number>;
const timeoutMarginMs = 2_000;
export const defaultTimeoutFor = (agent: AgentId): number => agentTimeoutMs[agent] - timeoutMarginMs;
/** Payloads larger than this are refused unread (a patch of several megabytes is still far below). */
export const maxPayloadBytes = 16 * 1024 * 1024;

export type Flags =
  | { ok: true; timeoutMs: number | undefined; workspace?: string[]; engine: { policy?: string; preset?: string } }
  | { ok: false; error: string };

export interface HookArgs {
  readonly help: boolean;
  /** The agent named first; undefined when none or an unknown one is. */
  readonly agent: AgentId | undefined;
  /** The first positional argument as given. */
  readonly named: string | undefined;
  readonly flags: Flags;
}

export function parseHookArgs(args: readonly string[]): HookArgs {
  const { values, positionals } = parseArgs({ args: [...args], options: hookOptions, strict: false, allowPositionals: true });
  const named = positionals[0];
  return { help: values.help === true, named, agent: named !== undefined && isAgentId(named) ? named : undefined, flags: checkFlags(values, positionals) };
}

/** The time a hook for this command line has to answer: `--timeout-ms`, else the agent's default. */
export const hookTimeoutMs = (args: HookArgs & { agent: AgentId }): number => (args.flags.ok ? args.flags.timeoutMs : undefined) ?? defaultTimeoutFor(args.agent);

function checkFlags(values: Record<string, string | boolean | (string | boolean)[] | undefined>, positionals: string[]): Flags {
  const known = new Set(Object.keys(hookOptions));
  const unknown = Object.keys(values).filter((k) => !known.has(k));
  if (unknown.length > 0) return { ok: false, error: `unknown option --${unknown[0] ?? ''}` };
  if (positionals.length > 1) return { ok: false, error: `unexpected argument '${positionals[1] ?? ''}'` };
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  let timeoutMs: number | undefined;
  const t = values['timeout-ms'];
  if (t !== undefined) {
    if (typeof t !== 'string' || !/^\d+$/.test(t) || Number(t) < 1 || Number(t) > 600_000) {
      return { ok: false, error: '--timeout-ms must be a whole number of milliseconds from 1 to 600000' };
    }
    timeoutMs = Number(t);
  }
  const workspace = values.workspace;
  if (workspace !== undefined && (!Array.isArray(workspace) || workspace.some((w) => typeof w !== 'string' || w === ''))) {
    return { ok: false, error: '--workspace needs a folder' };
  }
  for (const key of ['policy', 'preset'] as const) {
    if (values[key] !== undefined && typeof values[key] !== 'string') return { ok: false, error: `--${key} needs a value` };
  }
  const policy = text(values.policy);
  const preset = text(values.preset);
  return {
    ok: true,
    timeoutMs,
    ...(workspace ? { workspace: workspace as string[] } : {}),
    engine: { ...(policy !== undefined ? { policy } : {}), ...(preset !== undefined ? { preset } : {}) },
  };
}
