import * as nodePath from 'node:path';
import { err, ok, type Result } from '../result';
import { isObject, str, type JsonObject } from './fields';

/** The parts of a tool-call hook payload that Claude Code, Codex, VS Code and Gemini CLI share. */
export interface ToolEnvelope {
  readonly payload: JsonObject;
  readonly event: string;
  readonly tool: string;
  readonly input: JsonObject;
  readonly cwd?: string;
  readonly session?: string;
}

export interface EnvelopeShape {
  /** The one hook event accepted. */
  readonly event: string;
  /** Where the event name may be, first match wins (`hookEventName` in VS Code, `hook_event_name` elsewhere). */
  readonly eventKeys: readonly string[];
  readonly sessionKeys: readonly string[];
}

/**
 * Reads the envelope of a tool-call payload: the event, `tool_name`, `tool_input`, an absolute `cwd` and the
 * session. Every missing or malformed part is an error naming it (and the hook then denies).
 */
export function readToolEnvelope(payload: unknown, shape: EnvelopeShape): Result<ToolEnvelope, string> {
  if (!isObject(payload)) return err('the payload is not a JSON object');
  const given = shape.eventKeys.map((k) => payload[k]).find((v) => v !== undefined);
  const event = shape.eventKeys.map((k) => str(payload, k)).find((v) => v !== undefined);
  if (event !== shape.event) return err(`the hook event is ${JSON.stringify(given ?? null)}, not "${shape.event}"`);
  const tool = str(payload, 'tool_name');
  if (tool === undefined) return err('"tool_name" is missing');
  const input = payload.tool_input;
  if (!isObject(input)) return err('"tool_input" is not an object');
  const cwd = str(payload, 'cwd');
  if (cwd !== undefined && !nodePath.isAbsolute(cwd)) return err(`"cwd" is not an absolute path: ${cwd}`);
  const session = shape.sessionKeys.map((k) => str(payload, k)).find((v) => v !== undefined);
  return ok({ payload, event, tool, input, ...(cwd !== undefined ? { cwd } : {}), ...(session !== undefined ? { session } : {}) });
}
