import type * as Crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { airlockPathsIn } from '../airlockPaths';
import { writeFileAtomic } from '../atomicWrite';
import { err, ok, type Result } from '../result';
import { workspaceId } from '../workspaceId';
import { thisProcess } from '../host';

/** Where a running editor announces its bridge for one workspace folder: socket path and token. */
export interface BridgeEndpoint {
  readonly socket: string;
  readonly token: string;
  readonly pid: number;
  /** The workspace folders this editor window guards (real paths). */
  readonly roots: readonly string[];
}

/** The private folder of bridges: `<airlockHome>/bridge`, mode 0700. */
export const bridgeDir = (airlockHome: string): string => airlockPathsIn(airlockHome).bridge;

export { workspaceId };

export const discoveryFile = (airlockHome: string, realRoot: string): string => airlockPathsIn(airlockHome).bridgeDiscovery(workspaceId(realRoot));

/**
 * Random bytes, from `node:crypto` loaded on first use: a hook that reads a discovery file (to ask an editor or the
 * hook server) never needs it, and loading it costs a hook process several milliseconds.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a built-in module, loaded on first use
const randomBytes = (n: number): Buffer => (require('node:crypto') as typeof Crypto).randomBytes(n);

export const newToken = (): string => randomBytes(32).toString('hex');

/**
 * Refuses a folder or file that others could read or replace: it must belong to this user and grant nothing to
 * group or others. (Windows has no POSIX modes; there the named pipe's own ACL protects the channel.)
 */
export function checkPrivate(p: string, kind: 'dir' | 'file'): Result<void, string> {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(p);
  } catch (e) {
    return err(`${p} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (st.isSymbolicLink()) return err(`${p} is a symbolic link`);
  if (kind === 'dir' ? !st.isDirectory() : !st.isFile()) return err(`${p} is not a ${kind === 'dir' ? 'folder' : 'file'}`);
  if (thisProcess.isWindows) return ok(undefined);
  if (thisProcess.uid !== undefined && st.uid !== thisProcess.uid) return err(`${p} belongs to another user`);
  if ((st.mode & 0o077) !== 0) return err(`${p} is accessible to other users (mode ${(st.mode & 0o777).toString(8)})`);
  return ok(undefined);
}

/** Creates the private bridge folder (0700), or checks the one that exists. */
export function ensureBridgeDir(airlockHome: string): Result<string, string> {
  const dir = bridgeDir(airlockHome);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    return err(`cannot create ${dir}: ${(e as Error).message}`);
  }
  const checked = checkPrivate(dir, 'dir');
  return checked.ok ? ok(dir) : checked;
}

/**
 * Writes a discovery file atomically with mode 0600. Not fsynced: it lives as long as the editor runs, which
 * writes it again on start. A link in the private folder is replaced, never followed out of it.
 */
export function writeDiscovery(file: string, endpoint: BridgeEndpoint & Readonly<Record<string, unknown>>): void {
  writeFileAtomic(file, JSON.stringify(endpoint), { mode: 0o600, durable: false, followLinks: false });
}

/** Reads and checks a discovery file; undefined when there is none (no editor runs for this workspace). */
export function readDiscovery(airlockHome: string, realRoot: string): Result<BridgeEndpoint | undefined, string> {
  return readEndpoint(airlockHome, discoveryFile(airlockHome, realRoot));
}

/**
 * Reads and checks a discovery file in the private bridge folder: the folder and the file must be the user's alone.
 * Undefined when there is none. `fields` holds every field the file has, for announcements with more to say.
 */
export function readEndpoint(airlockHome: string, file: string): Result<(BridgeEndpoint & { readonly fields: Readonly<Record<string, unknown>> }) | undefined, string> {
  if (!fs.existsSync(file)) return ok(undefined);
  const dirOk = checkPrivate(bridgeDir(airlockHome), 'dir');
  if (!dirOk.ok) return dirOk;
  const fileOk = checkPrivate(file, 'file');
  if (!fileOk.ok) return fileOk;
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    return err(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || typeof data.socket !== 'string' || typeof data.token !== 'string' || typeof data.pid !== 'number' || !Array.isArray(data.roots)) {
    return err(`${file} is malformed`);
  }
  return ok({ socket: data.socket, token: data.token, pid: data.pid, roots: data.roots.filter((r): r is string => typeof r === 'string'), fields: data });
}

/** The socket path for a new bridge: in the private folder on POSIX, a per-user named pipe on Windows. */
export function socketPath(airlockHome: string): string {
  const name = `${thisProcess.pid}-${randomBytes(6).toString('hex')}`;
  if (thisProcess.isWindows) return `\\\\.\\pipe\\airlock-${name}`;
  return path.join(bridgeDir(airlockHome), `${name}.sock`);
}

/** Unix socket paths hold at most 107 bytes on Linux (103 on macOS). */
export const maxSocketPathBytes = 103;
