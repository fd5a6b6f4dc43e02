import type { Action } from '../actions';
import type { Result } from '../result';
import type { Verdict } from '../verdict';

/** The agents whose hook format Airlock speaks, by the name `airlock hook <agent>` takes. */
export type AgentId = 'vscode' | 'claude' | 'cursor' | 'gemini' | 'cline' | 'codex';

export const agentIds: readonly AgentId[] = ['vscode', 'claude', 'cursor', 'gemini', 'cline', 'codex'];

export const isAgentId = (name: string): name is AgentId => (agentIds as readonly string[]).includes(name);

/** What every hook payload says of its tool call, before it or after it. */
export interface HookCall {
  readonly agent: AgentId;
  /** The hook event as the agent named it (`PreToolUse`, `beforeShellExecution`, `BeforeTool`, `PostToolUse`, …). */
  readonly event: string;
  /** The tool as the agent named it. */
  readonly tool: string;
  readonly session?: string;
  /** Where the tool acts: relative paths and commands resolve here. */
  readonly cwd?: string;
  /** The workspace folders the payload names (absolute), first one first. */
  readonly roots: readonly string[];
  /** What the tool call does: for the engine to decide one by one, or (after it) what produced the result. */
  readonly actions: readonly Action[];
}

/** One tool call an agent is about to make, read from its hook payload. */
export interface HookRequest extends HookCall {
  /**
   * Verdicts the adapter reached from the tool alone: an unknown tool (ask), a tool without side effects (allow),
   * an argument it cannot read (ask). The strictest of these and the actions' verdicts is the answer.
   */
  readonly verdicts: readonly Verdict[];
  /** The agent's permission mode, where it reports one (Claude Code, Codex). */
  readonly permissionMode?: string;
}

/** What the hook process writes and how it exits. */
export interface HookResponse {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Reads one agent's hook payload and answers in its format and exit-code convention. */
export interface HookAdapter {
  readonly agent: AgentId;
  /** The agent's name for messages: `Claude Code`, `Cursor`, … */
  readonly name: string;
  /** The hook events the adapter accepts; anything else is refused (and denied). */
  readonly events: readonly string[];
  /** An environment variable the agent sets to the project folder for its hooks, if any. */
  readonly projectDirEnv?: string;
  /** Whether the agent can put an "ask" to the user itself (and may, given this request). */
  canAsk(request: HookRequest): boolean;
  parse(payload: unknown): Result<HookRequest, string>;
  /** The answer for a verdict. An "ask" the agent cannot show safely becomes a deny. */
  respond(verdict: Verdict, request: HookRequest): HookResponse;
  /** The answer when Airlock could not decide (bad input, an error, a timeout): always a deny. */
  respondToError(message: string): HookResponse;
}
