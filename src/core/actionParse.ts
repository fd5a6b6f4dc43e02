import { actionKinds, type Action, type ActionKind, type ActionSource } from './actions';
import { err, ok, type Result } from './result';

const fields = new Set(['kind', 'path', 'to', 'command', 'cwd', 'url', 'recursive', 'source']);
const required: Record<ActionKind, readonly ('path' | 'to' | 'command' | 'url')[]> = {
  read: ['path'],
  write: ['path'],
  delete: ['path'],
  rename: ['path', 'to'],
  exec: ['command'],
  fetch: ['url'],
};

/** Parses an action from outside input (a JSON line, a bridge request); the error says which field is wrong. */
export function parseAction(data: unknown, defaultSource: ActionSource): Result<Action, string> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return err('an action must be a JSON object');
  const raw = data as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!fields.has(key)) return err(`unknown field "${key}"`);
  }
  if (!actionKinds.includes(raw.kind as ActionKind)) {
    return err(`"kind" must be one of ${actionKinds.join(', ')}`);
  }
  const kind = raw.kind as ActionKind;
  for (const key of ['path', 'to', 'command', 'cwd', 'url'] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== 'string') return err(`"${key}" must be a string`);
  }
  for (const key of required[kind]) {
    if (typeof raw[key] !== 'string' || raw[key] === '') return err(`a ${kind} action needs a non-empty "${key}"`);
  }
  if (raw.recursive !== undefined && typeof raw.recursive !== 'boolean') return err('"recursive" must be true or false');
  let source = defaultSource;
  if (raw.source !== undefined) {
    const s = raw.source as Record<string, unknown>;
    if (typeof s !== 'object' || s === null || typeof s.agent !== 'string' || typeof s.channel !== 'string') {
      return err('"source" must be an object with string "agent" and "channel"');
    }
    if (s.session !== undefined && typeof s.session !== 'string') return err('"source.session" must be a string');
    source = { agent: s.agent, channel: s.channel, ...(typeof s.session === 'string' ? { session: s.session } : {}) };
  }
  const action: Action = {
    kind,
    source,
    ...(typeof raw.path === 'string' ? { path: raw.path } : {}),
    ...(typeof raw.to === 'string' ? { to: raw.to } : {}),
    ...(typeof raw.command === 'string' ? { command: raw.command } : {}),
    ...(typeof raw.cwd === 'string' ? { cwd: raw.cwd } : {}),
    ...(typeof raw.url === 'string' ? { url: raw.url } : {}),
    ...(typeof raw.recursive === 'boolean' ? { recursive: raw.recursive } : {}),
  };
  return ok(action);
}
