import { createHash } from 'node:crypto';

/**
 * Codex's hook trust (0.129 and later), read from its source (`codex-rs/hooks/src/engine/discovery.rs`,
 * `config_rules.rs`) and checked against 0.171.0: a user-level hook runs only when `$CODEX_HOME/config.toml` holds
 * `[hooks.state."<hooks.json real path>:<event>:<group>:<handler>"]` with `trusted_hash` equal to the entry's hash,
 * and not `enabled = false`. An untrusted or changed ("modified") entry is skipped without a word. The hash is
 * SHA-256 over the entry's normalized definition (keys sorted, compact JSON), so any change to the command (another
 * Node, a moved extension) or the timeout needs trust again.
 */

/** Codex's label of a hook event in trust keys. */
export const codexEventLabels: Readonly<Record<string, string>> = {
  PreToolUse: 'pre_tool_use',
  PostToolUse: 'post_tool_use',
  PermissionRequest: 'permission_request',
  PreCompact: 'pre_compact',
  PostCompact: 'post_compact',
  SessionStart: 'session_start',
  SessionEnd: 'session_end',
  UserPromptSubmit: 'user_prompt_submit',
  SubagentStart: 'subagent_start',
  SubagentStop: 'subagent_stop',
  Stop: 'stop',
};

const sortedKeys = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sortedKeys)
    : typeof v === 'object' && v !== null
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedKeys((v as Record<string, unknown>)[k])]))
      : v;

/** The hash Codex trusts a command handler by: `sha256:<hex>`. */
export function codexHookHash(eventLabel: string, matcher: string | undefined, handler: { command: string; timeout?: number; async?: boolean; statusMessage?: string }): string {
  const normalized = {
    type: 'command',
    command: handler.command,
    timeout: Math.max(handler.timeout ?? 600, 1),
    async: handler.async ?? false,
    ...(handler.statusMessage !== undefined ? { statusMessage: handler.statusMessage } : {}),
  };
  const identity = { event_name: eventLabel, ...(matcher !== undefined ? { matcher } : {}), hooks: [normalized] };
  return `sha256:${createHash('sha256').update(JSON.stringify(sortedKeys(identity))).digest('hex')}`;
}

/** What Airlock needs from Codex's `config.toml`: the trust table and the hooks feature switch. */
export interface CodexConfig {
  /** `[hooks.state."<key>"]` tables. */
  readonly hookStates: ReadonlyMap<string, { readonly trustedHash?: string; readonly enabled?: boolean }>;
  /** `[features] hooks` (or its old name `codex_hooks`), when set. */
  readonly hooksFeature?: boolean;
}

/**
 * Reads the parts of a TOML file that hold hook trust: table headers (`[hooks.state."key"]`, dotted and quoted) and
 * `key = "string" | true | false` lines. Other values are skipped. This is not a TOML parser for anything else.
 */
export function readCodexConfig(text: string): CodexConfig {
  const hookStates = new Map<string, { trustedHash?: string; enabled?: boolean }>();
  let hooksFeature: boolean | undefined;
  let table: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[([^[\]]+)\]$/.exec(line);
    if (header) {
      table = splitKey(header[1] ?? '');
      continue;
    }
    const kv = /^("(?:[^"\\]|\\.)*"|[A-Za-z0-9_-]+(?:\s*\.\s*(?:"(?:[^"\\]|\\.)*"|[A-Za-z0-9_-]+))*)\s*=\s*(.+)$/.exec(line);
    if (!kv) continue;
    const path = [...table, ...splitKey(kv[1] ?? '')];
    const value = tomlValue((kv[2] ?? '').replace(/\s+#.*$/, ''));
    if (value === undefined) continue;
    if (path.length === 2 && path[0] === 'features' && (path[1] === 'hooks' || path[1] === 'codex_hooks') && typeof value === 'boolean') hooksFeature = value;
    if (path.length === 4 && path[0] === 'hooks' && path[1] === 'state') {
      const key = (path[2] ?? '').trim();
      const state = hookStates.get(key) ?? {};
      if (path[3] === 'trusted_hash' && typeof value === 'string') state.trustedHash = value;
      if (path[3] === 'enabled' && typeof value === 'boolean') state.enabled = value;
      hookStates.set(key, state);
    }
  }
  return { hookStates, ...(hooksFeature !== undefined ? { hooksFeature } : {}) };
}

/** `hooks.state."a:b"` → ['hooks', 'state', 'a:b']. */
function splitKey(key: string): string[] {
  const parts: string[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(?:\.|$)/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < key.length && (m = re.exec(key)) !== null) {
    parts.push(m[1] !== undefined ? unescape(m[1]) : (m[2] ?? m[3] ?? ''));
  }
  return parts;
}

function tomlValue(text: string): string | boolean | undefined {
  const t = text.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  const basic = /^"((?:[^"\\]|\\.)*)"$/.exec(t);
  if (basic) return unescape(basic[1] ?? '');
  const literal = /^'([^']*)'$/.exec(t);
  return literal ? literal[1] : undefined;
}

const unescape = (s: string): string => s.replace(/\\(["\\/bfnrt])/g, (_, c: string) => ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' })[c] ?? c);
