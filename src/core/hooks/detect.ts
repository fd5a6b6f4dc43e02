import { isObject } from './fields';
import type { AgentId } from './types';

/**
 * Which agent sent a hook payload, from its shape alone. VS Code runs the hooks in Claude Code's settings files
 * (and Cursor can, too), so `airlock hook claude` may be called by another agent and must answer that agent.
 * Undefined when the shape is none of them.
 *
 * - Cline: `clineVersion`, or `hookName` with `preToolUse` / `tool_call` / `postToolUse` / `tool_result`.
 * - Cursor: `cursor_version`, `conversation_id` with `generation_id`, or `workspace_roots`.
 * - VS Code: camelCase `hookEventName` / `sessionId` (Claude Code and Codex write snake_case).
 * - Codex: `turn_id` (Claude Code's payload has none).
 * - Gemini CLI: a Gemini event name (`BeforeTool`, …), or `timestamp` / `mcp_context` beside an event both share.
 * - Claude Code: `PreToolUse` and its other snake_case payloads.
 */
export function detectAgent(payload: unknown): AgentId | undefined {
  if (!isObject(payload)) return undefined;
  const has = (key: string): boolean => Object.hasOwn(payload, key);
  if (has('clineVersion') || (has('hookName') && ['preToolUse', 'tool_call', 'postToolUse', 'tool_result'].some(has))) return 'cline';
  if (has('cursor_version') || (has('conversation_id') && has('generation_id')) || has('workspace_roots')) return 'cursor';
  if (has('hookEventName') || (has('sessionId') && !has('session_id'))) return 'vscode';
  if (!has('hook_event_name')) return undefined;
  if (has('turn_id')) return 'codex';
  const event = payload.hook_event_name;
  if (typeof event === 'string' && geminiEvents.has(event)) return 'gemini';
  if (typeof event === 'string' && claudeEvents.has(event)) return 'claude';
  if (has('timestamp') || has('mcp_context')) return 'gemini';
  return has('session_id') ? 'claude' : undefined;
}

// The event name decides before any other field: a field an agent adds later must not flip the answer.
const geminiEvents = new Set(['BeforeTool', 'AfterTool', 'BeforeAgent', 'AfterAgent', 'BeforeModel', 'AfterModel', 'BeforeToolSelection', 'PreCompress']);
const claudeEvents = new Set(['PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PermissionRequest', 'UserPromptSubmit', 'Stop', 'SubagentStop', 'PreCompact']);
