import * as fs from 'node:fs';
import * as path from 'node:path';
import { airlockPathsIn } from '../airlockPaths';
import { isObject, str } from './fields';
import { nodeInstallFs } from './install/installFs';
import { agentIds, type AgentId } from './types';

/**
 * The proof that an agent really runs Airlock's hook: each hook call notes its agent in `<airlock home>/hooks-seen.json`
 * (when it first calls, then at most every few minutes, and whenever its version changes), so `hooks status` can say
 * "protecting" from the agent's own behaviour rather than from the file Airlock wrote.
 */
export interface AgentSeen {
  /** ISO time of the first call noted, and of the latest. */
  readonly first: string;
  readonly last: string;
  /** The agent's version, where its payload or its transcript says it. */
  readonly version?: string;
}

export type SeenCalls = Partial<Record<AgentId, AgentSeen>>;

const seenFile = (airlockHome: string): string => airlockPathsIn(airlockHome).hooksSeen;

/** Calls closer together than this are not written again: the hook stays cheap. */
const refreshMs = 5 * 60_000;

export function readSeen(airlockHome: string): SeenCalls {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(seenFile(airlockHome), 'utf8'));
  } catch {
    return {};
  }
  const out: SeenCalls = {};
  if (!isObject(data)) return out;
  for (const agent of agentIds) {
    const raw = data[agent];
    const e = isObject(raw) ? raw : undefined;
    const first = str(e, 'first');
    const last = str(e, 'last');
    const version = str(e, 'version');
    if (first && last && !Number.isNaN(Date.parse(first)) && !Number.isNaN(Date.parse(last))) out[agent] = { first, last, ...(version ? { version } : {}) };
  }
  return out;
}

/**
 * The agent's version from a hook payload: its own field (Cline's `clineVersion`, Cursor's `cursor_version`), else
 * the session transcript it names (Claude Code's lines carry `"version"`, Codex's session header `"cli_version"`),
 * of which only the first 64 KB are read.
 */
export function versionFromPayload(payload: unknown): string | undefined {
  if (!isObject(payload)) return undefined;
  const own = str(payload, 'clineVersion') ?? str(payload, 'cursor_version');
  if (own) return own;
  const transcript = str(payload, 'transcript_path');
  if (!transcript || !path.isAbsolute(transcript)) return undefined;
  try {
    const fd = fs.openSync(transcript, 'r');
    try {
      const buf = Buffer.alloc(64 * 1024);
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      return /"(?:cli_)?version"\s*:\s*"(\d+\.\d+[\w.+-]*)"/.exec(buf.subarray(0, n).toString('utf8'))?.[1];
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/**
 * Notes a hook call of `agent`. Never throws and never blocks the answer for long: a failure to note is only a
 * missing "protecting" later. `version` is read only when the note is written.
 */
export function noteCall(airlockHome: string, agent: AgentId, version: () => string | undefined, now = Date.now()): void {
  try {
    const seen = readSeen(airlockHome);
    const prior = seen[agent];
    if (prior && now - Date.parse(prior.last) < refreshMs) return;
    const v = version() ?? prior?.version;
    const iso = new Date(now).toISOString();
    const next: SeenCalls = { ...seen, [agent]: { first: prior && (v === prior.version || !v) ? prior.first : iso, last: iso, ...(v ? { version: v } : {}) } };
    fs.mkdirSync(airlockHome, { recursive: true, mode: 0o700 });
    nodeInstallFs.writeAtomic(seenFile(airlockHome), `${JSON.stringify(next, null, 2)}\n`, 0o600);
  } catch {
    // Best effort: the hook's answer matters, this note does not.
  }
}
