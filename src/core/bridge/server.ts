import { timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { err, ok, type Result } from '../result';
import {
  discoveryFile,
  ensureBridgeDir,
  maxSocketPathBytes,
  newToken,
  socketPath,
  writeDiscovery,
} from './discovery';
import {
  maxConcurrentRequests,
  maxRequestBytes,
  parseBridgeRequest,
  parseHookRunRequest,
  type BridgeRequest,
  type BridgeResponse,
  type HookRunAnswer,
  type HookRunRequest,
} from './protocol';
import { errorMessage } from '../values';
import { thisProcess } from '../host';

/** Answers one authenticated request. It must settle before `request.timeoutMs`; the server enforces it. */
export type BridgeHandler = (request: BridgeRequest, signal: AbortSignal) => Promise<Omit<Extract<BridgeResponse, { ok: true }>, 'id' | 'ok'>>;

/** Runs one whole hook call (the hook server); it must settle before `request.deadline`. */
export type HookRunHandler = (request: HookRunRequest, signal: AbortSignal) => Promise<HookRunAnswer>;

export interface BridgeServerOptions {
  readonly airlockHome: string;
  /** Real paths of the workspace folders this bridge answers for; one discovery file each. */
  readonly roots: readonly string[];
  /** Answers `decide` requests (the editor). */
  readonly handler?: BridgeHandler;
  /** Answers `hook` requests (the hook server). */
  readonly runHook?: HookRunHandler;
  /** Discovery files to write instead of one per root, and fields to add to each. */
  readonly announce?: { readonly files: readonly string[]; readonly extra?: Readonly<Record<string, unknown>> };
  readonly log?: (message: string) => void;
  readonly maxBytes?: number;
  readonly maxConcurrent?: number;
}

export interface BridgeServer {
  readonly socket: string;
  /** Stops listening, drops open connections, removes the socket and this window's discovery files. */
  close(): Promise<void>;
}

/** Compares tokens in constant time (a length mismatch is a mismatch, not an early exit on content). */
export function tokensMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(b, b);
    return false;
  }
  return timingSafeEqual(a, b);
}

/**
 * Serves decisions to `airlock hook` processes over a Unix socket in the private bridge folder. A request is one
 * JSON line; it is refused before parsing when it is larger than the cap, and before routing when its token does
 * not match. Too many requests at once are refused. Every refusal makes the hook deny.
 */
export async function startBridgeServer(options: BridgeServerOptions): Promise<Result<BridgeServer, string>> {
  const dir = ensureBridgeDir(options.airlockHome);
  if (!dir.ok) return dir;
  const socket = socketPath(options.airlockHome);
  if (!thisProcess.isWindows && Buffer.byteLength(socket) > maxSocketPathBytes) {
    return err(`the bridge socket path ${socket} is too long for a Unix socket; set AIRLOCK_HOME to a shorter folder`);
  }
  const token = newToken();
  const maxBytes = options.maxBytes ?? maxRequestBytes;
  const maxConcurrent = options.maxConcurrent ?? maxConcurrentRequests;
  const log = options.log ?? (() => undefined);
  let active = 0;
  const open = new Set<net.Socket>();

  /** Runs a request within its time; the connection closing or the time running out aborts it. */
  const serve = (conn: net.Socket, id: string, timeoutMs: number, work: (signal: AbortSignal) => Promise<object>, failure: string) => {
    if (active >= maxConcurrent) return refuse(conn, id, 'too many requests at once');
    active++;
    conn.setTimeout(0);
    const controller = new AbortController();
    const deadline = setTimeout(() => controller.abort(), Math.max(0, timeoutMs));
    conn.on('close', () => controller.abort());
    work(controller.signal)
      .then((answer) => send(conn, { id, ok: true, ...answer }))
      .catch((e: unknown) => refuse(conn, id, `${failure}: ${errorMessage(e)}`))
      .finally(() => {
        clearTimeout(deadline);
        active--;
      });
  };
  const send = (conn: net.Socket, response: BridgeResponse | { id: string; ok: true }) => {
    if (!conn.destroyed) conn.end(`${JSON.stringify(response)}\n`);
  };
  const refuse = (conn: net.Socket, id: string, error: string) => {
    log(`bridge: refused a request: ${error}`);
    send(conn, { id, ok: false, error });
  };
  const route = (conn: net.Socket, data: unknown) => {
    const rawToken = (data as { token?: unknown } | null)?.token;
    const rawId = (data as { id?: unknown } | null)?.id;
    const id = typeof rawId === 'string' ? rawId.slice(0, 100) : '';
    // Authenticate before anything else is looked at.
    if (typeof rawToken !== 'string' || !tokensMatch(rawToken, token)) return refuse(conn, id, 'not authenticated');
    const type = (data as { type?: unknown }).type;
    if (type === 'hook' && options.runHook) {
      const runHook = options.runHook;
      const request = parseHookRunRequest(data);
      if (!request.ok) return refuse(conn, id, request.error);
      return serve(conn, id, request.value.deadline - Date.now(), async (signal) => ({ answer: await runHook(request.value, signal) }), 'the hook failed');
    }
    if (type === 'decide' && options.handler) {
      const handler = options.handler;
      const request = parseBridgeRequest(data);
      if (!request.ok) return refuse(conn, id, request.error);
      return serve(conn, id, request.value.timeoutMs, (signal) => handler(request.value, signal), 'the editor failed to decide');
    }
    return refuse(conn, id, `this bridge takes no "${String(type)}" requests`);
  };

  const server = net.createServer((conn) => {
    open.add(conn);
    conn.on('close', () => open.delete(conn));
    // Chunks are kept apart until the line ends (a whole hook call can be megabytes).
    const chunks: Buffer[] = [];
    let size = 0;
    let handled = false;
    conn.setTimeout(10_000, () => conn.destroy());
    conn.on('error', () => conn.destroy());
    conn.on('data', (chunk: Buffer) => {
      if (handled) return;
      const newline = chunk.indexOf(0x0a);
      const line = newline < 0 ? chunk : chunk.subarray(0, newline);
      chunks.push(line);
      size += line.length;
      if (newline < 0 && size <= maxBytes) return;
      handled = true;
      if (size > maxBytes) return refuse(conn, '', `request larger than ${maxBytes} bytes`);
      let data: unknown;
      try {
        data = JSON.parse(Buffer.concat(chunks, size).toString('utf8'));
      } catch {
        return refuse(conn, '', 'request is not valid JSON');
      }
      route(conn, data);
    });
  });

  const listening = await new Promise<Result<void, string>>((resolve) => {
    server.once('error', (e) => resolve(err(`the bridge cannot listen on ${socket}: ${e.message}`)));
    server.listen(socket, () => resolve(ok(undefined)));
  });
  if (!listening.ok) return listening;
  // The socket lies in the 0700 folder already; owner-only on the socket itself as well.
  if (!thisProcess.isWindows) fs.chmodSync(socket, 0o600);

  const files = options.announce?.files ?? options.roots.map((root) => discoveryFile(options.airlockHome, root));
  try {
    for (const file of files) writeDiscovery(file, { ...options.announce?.extra, socket, token, pid: thisProcess.pid, roots: options.roots });
  } catch (e) {
    server.close();
    return err(`cannot write the bridge discovery file: ${(e as Error).message}`);
  }
  return ok({
    socket,
    close: () =>
      new Promise<void>((resolve) => {
        for (const file of files) removeIfOurs(file, socket);
        server.close(() => resolve());
        // Hooks waiting on this editor get a closed connection now (and deny), not a timeout later.
        for (const conn of open) conn.destroy();
        if (!thisProcess.isWindows) fs.rmSync(socket, { force: true });
      }),
  });
}

/** Removes a discovery file only while it still names this bridge (another window may have taken over). */
function removeIfOurs(file: string, socket: string): void {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { socket?: unknown };
    if (data.socket === socket) fs.rmSync(file, { force: true });
  } catch {
    // gone already
  }
}
