import * as fs from 'node:fs';
import type * as Net from 'node:net';
import type { Action } from '../actions';
import { processIsAlive, thisProcess } from '../host';
import type { Verdict } from '../verdict';
import { discoveryFile, readDiscovery } from './discovery';
import { parseBridgeResponse, type Decider } from './protocol';

export type BridgeOutcome =
  | { readonly kind: 'answered'; readonly verdict: Verdict; readonly decider: Decider; readonly snapshot?: string }
  /** No editor runs for this workspace: the hook decides alone. */
  | { readonly kind: 'no-editor' }
  /** An editor runs but did not answer properly: the hook must deny. */
  | { readonly kind: 'failed'; readonly reason: string };

export interface AskOptions {
  readonly airlockHome: string;
  /** Real path of the workspace folder the action belongs to. */
  readonly realRoot: string;
  readonly agent: string;
  readonly session?: string;
  readonly tool?: string;
  readonly actions: readonly Action[];
  /** The whole budget for the round trip, prompt included. */
  readonly timeoutMs: number;
}

/**
 * Asks the editor that guards `realRoot` to decide (and, on "ask", to ask the user). Never throws and never
 * turns a failure into an allow: a discovery file with loose permissions, a bridge that refuses, closes, answers
 * garbage or runs out of time is `failed`; only a missing or dead editor is `no-editor`.
 */
let requests = 0;

export async function askBridge(options: AskOptions): Promise<BridgeOutcome> {
  const found = readDiscovery(options.airlockHome, options.realRoot);
  if (!found.ok) return { kind: 'failed', reason: `the editor bridge is not safe to use: ${found.error}` };
  const endpoint = found.value;
  if (!endpoint) return { kind: 'no-editor' };
  if (!processIsAlive(endpoint.pid)) {
    // The editor that wrote it is gone; its file is stale.
    fs.rmSync(discoveryFile(options.airlockHome, options.realRoot), { force: true });
    return { kind: 'no-editor' };
  }
  // Matches the answer to the question on this connection only (the token is what proves the caller).
  const id = `${thisProcess.pid.toString(36)}-${Date.now().toString(36)}-${(requests++).toString(36)}`;
  const request = {
    token: endpoint.token,
    id,
    type: 'decide',
    agent: options.agent,
    ...(options.session ? { session: options.session } : {}),
    ...(options.tool ? { tool: options.tool } : {}),
    actions: options.actions,
    timeoutMs: options.timeoutMs,
  };
  const reply = await exchange(endpoint.socket, request, options.timeoutMs, 1024 * 1024, 'the editor');
  if (reply.kind !== 'reply') return { kind: 'failed', reason: reply.reason };
  let data: unknown;
  try {
    data = JSON.parse(reply.line);
  } catch {
    return { kind: 'failed', reason: 'the editor answered something that is not JSON' };
  }
  const parsed = parseBridgeResponse(data, id);
  if (!parsed.ok) return { kind: 'failed', reason: `the editor's answer is unusable: ${parsed.error}` };
  const r = parsed.value;
  if (!r.ok) return { kind: 'failed', reason: `the editor refused: ${r.error}` };
  return { kind: 'answered', verdict: r.verdict, decider: r.decider, ...(r.snapshot ? { snapshot: r.snapshot } : {}) };
}

/**
 * One request line to a bridge socket and its one answer line. `unreachable` when no connection was made (nobody
 * listens there), `failed` when one was made and no whole answer came back within `timeoutMs`.
 */
export type Exchange =
  | { readonly kind: 'reply'; readonly line: string }
  | { readonly kind: 'unreachable'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

export function exchange(socket: string, request: object, timeoutMs: number, maxReplyBytes: number, who: string): Promise<Exchange> {
  return new Promise<Exchange>((resolve) => {
    let settled = false;
    let connected = false;
    let reply = '';
    const finish = (outcome: Exchange) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      conn.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ kind: 'failed', reason: `${who} did not answer within ${timeoutMs} ms` }), Math.max(0, timeoutMs));
    // Loaded only when there is a bridge to ask: a hook deciding alone never opens a socket.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a built-in module, loaded on first use
    const net = require('node:net') as typeof Net;
    const conn = net.createConnection(socket);
    conn.setEncoding('utf8');
    conn.on('connect', () => {
      connected = true;
      conn.write(`${JSON.stringify(request)}\n`);
    });
    conn.on('data', (chunk: string) => {
      reply += chunk;
      if (reply.length > maxReplyBytes) finish({ kind: 'failed', reason: `${who} answered too much` });
    });
    conn.on('error', (e) => finish({ kind: connected ? 'failed' : 'unreachable', reason: `${who} failed: ${e.message}` }));
    conn.on('close', () => {
      const newline = reply.indexOf('\n');
      if (newline < 0) return finish({ kind: 'failed', reason: `${who} closed the connection without an answer` });
      finish({ kind: 'reply', line: reply.slice(0, newline) });
    });
  });
}
