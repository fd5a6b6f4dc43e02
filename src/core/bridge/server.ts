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
  type BridgeRequest,
  type BridgeResponse,
} from './protocol';
import { errorMessage } from '../values';
import { thisProcess } from '../host';

/** Answers one authenticated request. It must settle before `request.timeoutMs`; the server enforces it. */
export type BridgeHandler = (request: BridgeRequest, signal: AbortSignal) => Promise<Omit<Extract<BridgeResponse, { ok: true }>, 'id' | 'ok'>>;

export interface BridgeServerOptions {
  readonly airlockHome: string;
  /** Real paths of the workspace folders this bridge answers for; one discovery file each. */
  readonly roots: readonly string[];
  readonly handler: BridgeHandler;
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

  const server = net.createServer((conn) => {
    open.add(conn);
    conn.on('close', () => open.delete(conn));
    let buffer = Buffer.alloc(0);
    let handled = false;
    const send = (response: BridgeResponse) => {
      if (!conn.destroyed) conn.end(`${JSON.stringify(response)}\n`);
    };
    const refuse = (id: string, error: string) => {
      log(`bridge: refused a request: ${error}`);
      send({ id, ok: false, error });
    };
    conn.setTimeout(10_000, () => conn.destroy());
    conn.on('error', () => conn.destroy());
    conn.on('data', (chunk: Buffer) => {
      if (handled) return;
      buffer = Buffer.concat([buffer, chunk]);
      const newline = buffer.indexOf(0x0a);
      if (newline < 0 && buffer.length <= maxBytes) return;
      handled = true;
      if ((newline < 0 ? buffer.length : newline) > maxBytes) return refuse('', `request larger than ${maxBytes} bytes`);
      let data: unknown;
      try {
        data = JSON.parse(buffer.subarray(0, newline).toString('utf8'));
      } catch {
        return refuse('', 'request is not valid JSON');
      }
      const rawToken = (data as { token?: unknown } | null)?.token;
      const rawId = (data as { id?: unknown } | null)?.id;
      const id = typeof rawId === 'string' ? rawId.slice(0, 100) : '';
      // Authenticate before anything else is looked at.
      if (typeof rawToken !== 'string' || !tokensMatch(rawToken, token)) return refuse(id, 'not authenticated');
      const request = parseBridgeRequest(data);
      if (!request.ok) return refuse(id, request.error);
      if (active >= maxConcurrent) return refuse(id, 'too many requests at once');
      active++;
      conn.setTimeout(0);
      const controller = new AbortController();
      const deadline = setTimeout(() => controller.abort(), request.value.timeoutMs);
      conn.on('close', () => controller.abort());
      options
        .handler(request.value, controller.signal)
        .then((answer) => send({ id, ok: true, ...answer }))
        .catch((e: unknown) => refuse(id, `the editor failed to decide: ${errorMessage(e)}`))
        .finally(() => {
          clearTimeout(deadline);
          active--;
        });
    });
  });

  const listening = await new Promise<Result<void, string>>((resolve) => {
    server.once('error', (e) => resolve(err(`the bridge cannot listen on ${socket}: ${e.message}`)));
    server.listen(socket, () => resolve(ok(undefined)));
  });
  if (!listening.ok) return listening;
  // The socket lies in the 0700 folder already; owner-only on the socket itself as well.
  if (!thisProcess.isWindows) fs.chmodSync(socket, 0o600);

  const files = options.roots.map((root) => discoveryFile(options.airlockHome, root));
  try {
    for (const file of files) writeDiscovery(file, { socket, token, pid: thisProcess.pid, roots: options.roots });
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
