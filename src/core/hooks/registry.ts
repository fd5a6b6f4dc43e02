import type { AgentId } from './types';

/** What Airlock knows of an agent, in one place: the adapters, the installer, the prompts and the hook read it. */
export interface AgentFacts {
  readonly id: AgentId;
  /** The agent's name, spelled one way everywhere: prompts, `hooks status`, messages to the model. */
  readonly name: string;
  /**
   * The timeout Airlock gives the hook entries it writes (the agent's own default where it is not longer); the hook
   * answers 2 s before it, so its deny comes before the agent's timeout, which most agents treat as "allow".
   */
  readonly hookTimeoutMs: number;
  /** The unit of the agent's `timeout` setting on a hook entry. */
  readonly timeoutUnit: 's' | 'ms';
  /** Where its list of tools was read from (named in an unknown tool's verdict, so a stale list shows). */
  readonly toolListReadFrom: string;
  /**
   * What its post-tool hooks let Airlock do with a tool's result: the events, as payloads name them, that hand the
   * result over, and the most Airlock can do with a flagged one. docs/hooks.md has the evidence per agent.
   */
  readonly results: ResultFacts;
}

/**
 * `replace`: the model reads the result with what the policy denies cut out; `withhold`: the model reads Airlock's
 * reason instead of the result; `stop`: the agent stops the task before the model reads the result (Cline has
 * nothing narrower); `warn`: the result stands and the model is told what it holds.
 */
export type ResultPower = 'replace' | 'withhold' | 'stop' | 'warn';

export interface ResultFacts {
  readonly events: readonly string[];
  readonly power: ResultPower;
}

export const agentRegistry: Readonly<Record<AgentId, AgentFacts>> = {
  vscode: { id: 'vscode', name: 'VS Code / GitHub Copilot', hookTimeoutMs: 30_000, timeoutUnit: 's', toolListReadFrom: 'VS Code Copilot Chat (source of 2026-03)', results: { events: ['PostToolUse'], power: 'warn' } },
  claude: { id: 'claude', name: 'Claude Code', hookTimeoutMs: 60_000, timeoutUnit: 's', toolListReadFrom: 'Claude Code 2.1.197', results: { events: ['PostToolUse', 'PostToolUseFailure'], power: 'replace' } },
  cursor: { id: 'cursor', name: 'Cursor', hookTimeoutMs: 30_000, timeoutUnit: 's', toolListReadFrom: 'the Cursor hooks docs (2026)', results: { events: ['postToolUse'], power: 'replace' } },
  gemini: { id: 'gemini', name: 'Gemini CLI', hookTimeoutMs: 60_000, timeoutUnit: 'ms', toolListReadFrom: 'Gemini CLI 0.61.0', results: { events: ['AfterTool'], power: 'withhold' } },
  cline: { id: 'cline', name: 'Cline', hookTimeoutMs: 30_000, timeoutUnit: 's', toolListReadFrom: 'the Cline CLI 3.0.65 and Cline 3.36 (its docs and source)', results: { events: ['PostToolUse', 'tool_result'], power: 'stop' } },
  codex: { id: 'codex', name: 'Codex', hookTimeoutMs: 60_000, timeoutUnit: 's', toolListReadFrom: 'Codex 0.171.0 (its hooks see Bash, apply_patch and MCP tools)', results: { events: ['PostToolUse'], power: 'withhold' } },
};

/** The `timeout` value of a hook entry Airlock writes for the agent, in the agent's own unit. */
export const entryTimeout = (agent: AgentId): number => {
  const facts = agentRegistry[agent];
  return facts.timeoutUnit === 's' ? facts.hookTimeoutMs / 1000 : facts.hookTimeoutMs;
};
