import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SnapshotStore, type StoreOptions } from '../../../../src/core/snapshots';

/**
 * A fresh temporary world for one test: a home, Airlock's folder and store inside it, a workspace beside it.
 * Everything lives below one `airlock-*` folder in the system's temporary folder; nothing else is touched.
 */
export interface World {
  readonly base: string;
  readonly home: string;
  readonly airlockHome: string;
  readonly storeRoot: string;
  readonly ws: string;
  readonly store: SnapshotStore;
  /** The store's clock (ms); tests move it forward. */
  readonly clock: { now: number };
  /** Writes a workspace file (parents created); `mode` applied after. */
  write(rel: string, content: string | Buffer, mode?: number): string;
  read(rel: string): Buffer;
  exists(rel: string): boolean;
  /** Sets a file's mtime an hour back, so a checkpoint trusts its metadata (see racyWindowMs). */
  age(...rels: string[]): void;
  /** Opens another handle on the same store (another process's view). */
  reopen(options?: Partial<StoreOptions>): SnapshotStore;
  cleanup(): void;
}

export function makeWorld(options: Partial<StoreOptions> = {}): World {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-')));
  const home = path.join(base, 'home');
  const airlockHome = path.join(home, '.airlock');
  const storeRoot = path.join(airlockHome, 'store');
  const ws = path.join(base, 'ws');
  fs.mkdirSync(ws, { recursive: true });
  fs.mkdirSync(home, { recursive: true });
  const clock = { now: Date.UTC(2026, 10, 21, 10, 0, 0) };
  const open = (o: Partial<StoreOptions> = {}): SnapshotStore => SnapshotStore.open({ root: storeRoot, now: () => clock.now, lockTimeoutMs: 2_000, ...options, ...o });
  const store = open();
  const abs = (rel: string) => path.join(ws, rel);
  return {
    base,
    home,
    airlockHome,
    storeRoot,
    ws,
    store,
    clock,
    write(rel, content, mode) {
      fs.mkdirSync(path.dirname(abs(rel)), { recursive: true });
      fs.writeFileSync(abs(rel), content);
      if (mode !== undefined) fs.chmodSync(abs(rel), mode);
      return abs(rel);
    },
    read: (rel) => fs.readFileSync(abs(rel)),
    exists: (rel) => fs.existsSync(abs(rel)) || isLink(abs(rel)),
    age(...rels) {
      const t = new Date(Date.now() - 3_600_000);
      for (const r of rels) fs.lutimesSync(abs(r), t, t);
    },
    reopen: open,
    cleanup() {
      store.close();
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}

function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Every path below a folder with its kind and content (or link target) and mode: a comparable picture. */
export function picture(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string): void => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      const st = fs.lstatSync(p);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink()) out[rel] = `link -> ${fs.readlinkSync(p)}`;
      else if (st.isDirectory()) {
        out[rel] = `dir ${mode}`;
        walk(p, rel);
      } else out[rel] = `file ${mode} ${fs.readFileSync(p).toString('base64')}`;
    }
  };
  walk(dir, '');
  return out;
}

/** Recursively sets mtimes an hour back (for the whole workspace). */
export function ageTree(dir: string): void {
  const t = new Date(Date.now() - 3_600_000);
  const walk = (d: string): void => {
    for (const name of fs.readdirSync(d)) {
      const p = path.join(d, name);
      const st = fs.lstatSync(p);
      if (st.isDirectory() && !st.isSymbolicLink()) walk(p);
      fs.lutimesSync(p, t, t);
    }
  };
  walk(dir);
}
