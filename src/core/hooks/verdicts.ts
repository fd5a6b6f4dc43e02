import type { Verdict } from '../verdict';

/** Verdicts an adapter reaches from the tool alone, before the engine sees any action. */

/**
 * A tool Airlock does not know: a person must approve it (or, where the agent cannot ask, it is denied). The reason
 * says which version of the agent Airlock's list was read from, and the running one where the payload names it,
 * so a list gone stale shows.
 */
export const unknownTool = (agentName: string, tool: string, readFrom?: string, running?: string): Verdict => ({
  decision: 'ask',
  rule: 'hook.unknown-tool',
  layer: 'input',
  reason:
    `The ${agentName} tool "${tool}" is one Airlock does not know` +
    (readFrom ? ` (its list of ${agentName} tools was read from ${readFrom}${running ? `; this call came from ${agentName} ${running}` : ''})` : '') +
    ', so a person must approve it.',
  risk: 'medium',
});

/** A tool that only talks to the agent or the user (a to-do list, a question, a sub-agent whose own calls are hooked). */
export const noSideEffect = (tool: string): Verdict => ({
  decision: 'allow',
  rule: 'hook.no-side-effect',
  layer: 'preset',
  reason: `"${tool}" changes nothing on this machine and reaches nothing outside the agent.`,
  risk: 'low',
});

/** An argument Airlock cannot read (a patch without file headers, a fetch without a URL). */
export const unreadableInput = (tool: string, what: string): Verdict => ({
  decision: 'ask',
  rule: 'hook.unreadable-input',
  layer: 'input',
  reason: `Airlock cannot tell what "${tool}" would touch (${what}), so a person must approve it.`,
  risk: 'medium',
});

/** A tool that runs code in the agent's own process, where no hook sees what that code does. */
export const runsCodeUnhooked = (tool: string, what: string): Verdict => ({
  decision: 'ask',
  rule: 'hook.runs-code',
  layer: 'input',
  reason: `"${tool}" ${what}, where no hook sees what it does, so a person must approve it.`,
  risk: 'high',
});

/** An MCP tool whose effect Airlock can only partly see. */
export const opaqueMcpTool = (tool: string, why: string): Verdict => ({
  decision: 'ask',
  rule: 'hook.mcp-opaque',
  layer: 'input',
  reason: `The MCP tool "${tool}" ${why}, so a person must approve it.`,
  risk: 'medium',
});

/** The one line an agent shows for a verdict: the reason and the rule that decided. */
export const describe = (verdict: Verdict): string => `Airlock: ${verdict.reason} [rule ${verdict.rule}]`;

/** The reason given when a verdict says "ask" but the agent cannot put the question safely (`why` says why not). */
export const cannotAsk = (why: string, verdict: Verdict): string =>
  `Airlock: ${verdict.reason} A person must approve this, but ${why}, so Airlock denies it. ` +
  `Allow it with a rule in your Airlock policy, or do it yourself. [rule ${verdict.rule}]`;

/** The reason given when Airlock could not decide at all. */
export const failedClosed = (message: string): string =>
  `Airlock could not decide this tool call (${message}), so it is denied.`;
