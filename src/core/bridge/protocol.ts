import * as path from 'node:path';
import { parseAction } from '../actionParse';
import type { Action } from '../actions';
import { err, ok, type Result } from '../result';
import { isObject } from '../values';
import type { Decision, Verdict } from '../verdict';
import { maxActionsPerCall } from '../hooks/decide';

/**
 * The bridge between `airlock hook` and a running editor: one JSON line each way over a Unix socket (a named pipe
 * on Windows) in a folder only the user can open, authenticated by a random token.
 */

/** Requests larger than this are refused before they are parsed. */
export const maxRequestBytes = 256 * 1024;
/** A whole hook call (its payload up to 16 MB, as JSON in JSON) may be this large; a larger one is decided in its own process. */
export const maxHookRunBytes = 40 * 1024 * 1024;
/** Requests served at once; more are refused (the hook then denies). */
export const maxConcurrentRequests = 8;

export interface BridgeRequest {
  readonly token: string;
  readonly id: string;
  readonly type: 'decide';
  /** The agent as the hook knows it: `claude`, `cursor`, `vscode`, … */
  readonly agent: string;
  readonly session?: string;
  /** The tool as the agent named it, for the prompt. */
  readonly tool?: string;
  readonly actions: readonly Action[];
  /** How long the hook will wait for the answer; the editor must answer (deny) before. */
  readonly timeoutMs: number;
}

/** Who decided: the policy, or a person with which button, or nobody in time. */
export type Decider = { readonly by: 'policy' } | { readonly by: 'user'; readonly button: string } | { readonly by: 'timeout' } | { readonly by: 'pause' };

export type BridgeResponse =
  | { readonly id: string; readonly ok: true; readonly verdict: Verdict; readonly decider: Decider; readonly snapshot?: string }
  | { readonly id: string; readonly ok: false; readonly error: string };

const decisions: readonly Decision[] = ['allow', 'ask', 'deny'];

export function parseBridgeRequest(data: unknown): Result<BridgeRequest, string> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return err('a request must be a JSON object');
  const r = data as Record<string, unknown>;
  if (typeof r.token !== 'string') return err('missing token');
  if (typeof r.id !== 'string' || r.id.length === 0 || r.id.length > 100) return err('"id" must be a short string');
  if (r.type !== 'decide') return err('"type" must be "decide"');
  if (typeof r.agent !== 'string' || !/^[a-z][a-z0-9-]{0,31}$/.test(r.agent)) return err('"agent" must be a short lower-case name');
  if (r.session !== undefined && (typeof r.session !== 'string' || r.session.length > 200)) return err('"session" must be a string');
  if (r.tool !== undefined && (typeof r.tool !== 'string' || r.tool.length > 200)) return err('"tool" must be a string');
  if (typeof r.timeoutMs !== 'number' || !Number.isFinite(r.timeoutMs) || r.timeoutMs <= 0 || r.timeoutMs > 600_000) {
    return err('"timeoutMs" must be a positive number of milliseconds');
  }
  if (!Array.isArray(r.actions) || r.actions.length === 0 || r.actions.length > maxActionsPerCall) {
    return err(`"actions" must be a list of 1 to ${maxActionsPerCall} actions`);
  }
  const source = { agent: r.agent, channel: 'hook', ...(typeof r.session === 'string' ? { session: r.session } : {}) };
  const actions: Action[] = [];
  for (const [i, a] of r.actions.entries()) {
    const parsed = parseAction(a, source);
    if (!parsed.ok) return err(`actions[${i}]: ${parsed.error}`);
    actions.push(parsed.value);
  }
  return ok({
    token: r.token,
    id: r.id,
    type: 'decide',
    agent: r.agent,
    ...(typeof r.session === 'string' ? { session: r.session } : {}),
    ...(typeof r.tool === 'string' ? { tool: r.tool } : {}),
    actions,
    timeoutMs: r.timeoutMs,
  });
}

export function parseBridgeResponse(data: unknown, id: string): Result<BridgeResponse, string> {
  if (typeof data !== 'object' || data === null) return err('the response is not an object');
  const r = data as Record<string, unknown>;
  if (r.id !== id) return err('the response answers another request');
  if (r.ok === false) return ok({ id, ok: false, error: typeof r.error === 'string' ? r.error : 'unknown error' });
  const v = r.verdict as Record<string, unknown> | undefined;
  if (r.ok !== true || typeof v !== 'object' || v === null) return err('the response has no verdict');
  if (!decisions.includes(v.decision as Decision) || typeof v.rule !== 'string' || typeof v.reason !== 'string' || typeof v.layer !== 'string') {
    return err('the verdict is malformed');
  }
  const d = r.decider as Record<string, unknown> | undefined;
  const decider: Decider =
    d?.by === 'user' && typeof d.button === 'string'
      ? { by: 'user', button: d.button }
      : d?.by === 'timeout'
        ? { by: 'timeout' }
        : d?.by === 'pause'
          ? { by: 'pause' }
          : { by: 'policy' };
  return ok({
    id,
    ok: true,
    verdict: v as unknown as Verdict,
    decider,
    ...(typeof r.snapshot === 'string' ? { snapshot: r.snapshot } : {}),
  });
}

/**
 * A whole hook call handed to the hook server (`dist/hook.js --server`): the hook's command line, the folder and the
 * environment it runs in, and the payload the agent wrote. The server runs `airlock hook` on it as that process
 * would and returns what the process would have written.
 */
export interface HookRunRequest {
  readonly token: string;
  readonly id: string;
  readonly type: 'hook';
  /** `hook` (`argv` as dist/hook.js gets it) or `snapshot` (`argv` as `airlock` gets it, `snapshot` first). */
  readonly command: 'hook' | 'snapshot';
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly input: string;
  /** When the agent's time for the answer ends (epoch ms). */
  readonly deadline: number;
}

/** What a hook process writes and how it exits. */
export interface HookRunAnswer {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

const isStringRecord = (v: unknown): v is Record<string, string> => isObject(v) && Object.values(v).every((x) => typeof x === 'string');

export function parseHookRunRequest(data: unknown): Result<HookRunRequest, string> {
  if (!isObject(data)) return err('a request must be a JSON object');
  const r = data;
  if (typeof r.token !== 'string') return err('missing token');
  if (typeof r.id !== 'string' || r.id.length === 0 || r.id.length > 100) return err('"id" must be a short string');
  if (r.type !== 'hook') return err('"type" must be "hook"');
  const command = r.command ?? 'hook';
  if (command !== 'hook' && command !== 'snapshot') return err('"command" must be "hook" or "snapshot"');
  if (!Array.isArray(r.argv) || r.argv.length === 0 || r.argv.length > 64 || !r.argv.every((a) => typeof a === 'string')) {
    return err('"argv" must be the hook\'s arguments');
  }
  if (typeof r.cwd !== 'string' || !path.isAbsolute(r.cwd)) return err('"cwd" must be an absolute path');
  if (!isStringRecord(r.env)) return err('"env" must map names to strings');
  if (typeof r.input !== 'string') return err('"input" must be a string');
  if (typeof r.deadline !== 'number' || !Number.isFinite(r.deadline)) return err('"deadline" must be a time');
  return ok({ token: r.token, id: r.id, type: 'hook', command, argv: r.argv as string[], cwd: r.cwd, env: r.env, input: r.input, deadline: r.deadline });
}

export function parseHookRunResponse(data: unknown, id: string): Result<{ readonly ok: true; readonly answer: HookRunAnswer } | { readonly ok: false; readonly error: string }, string> {
  if (typeof data !== 'object' || data === null) return err('the response is not an object');
  const r = data as Record<string, unknown>;
  if (r.id !== id) return err('the response answers another request');
  if (r.ok === false) return ok({ ok: false, error: typeof r.error === 'string' ? r.error : 'unknown error' });
  const a = r.answer as Record<string, unknown> | undefined;
  if (r.ok !== true || typeof a !== 'object' || a === null) return err('the response has no answer');
  if (typeof a.stdout !== 'string' || typeof a.stderr !== 'string' || !Number.isInteger(a.exitCode) || (a.exitCode as number) < 0 || (a.exitCode as number) > 255) {
    return err('the answer is malformed');
  }
  return ok({ ok: true, answer: { stdout: a.stdout, stderr: a.stderr, exitCode: a.exitCode as number } });
}
