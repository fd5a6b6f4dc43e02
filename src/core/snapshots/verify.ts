import * as path from 'node:path';
import { findLeftovers, removeLeftovers } from './leftovers';
import { parseManifest, type Manifest } from './manifest';
import { decodeObject, emptyHash, hashBytes } from './objects';
import { packMagic, readPackIndex, trailerSize } from './packs';
import { repack } from './repack';
import type { SnapshotStore } from './store';
import { isNotFound, readExactly } from './storeFs';
import { decodeTree } from './tree';

export interface VerifyOptions {
  /** Fix what can be fixed: remove leftovers, set damaged files aside, mark what snapshots lost. */
  readonly repair?: boolean;
  /** Skip re-hashing every object (only check that what manifests name exists). */
  readonly quick?: boolean;
}

export interface Problem {
  /** damage: content lost or unreadable; leftover: harmless debris of a crashed writer (gc removes it too). */
  readonly severity: 'damage' | 'leftover';
  readonly message: string;
  /** What repair did about it. */
  readonly repaired?: string;
}

export interface VerifyReport {
  /** No damage left unrecorded: every snapshot restores what it says it can. */
  readonly ok: boolean;
  readonly problems: readonly Problem[];
  readonly checked: { readonly snapshots: number; readonly objects: number; readonly packs: number };
  /** Snapshots that lost content, with the paths lost ('' for all), including those marked by an earlier repair. */
  readonly damaged: readonly { readonly workspace: string; readonly id: string; readonly paths: readonly string[] }[];
}

interface Scan {
  problems: Problem[];
  /** Objects that are present but whose bytes do not match their hash. */
  corrupt: Set<string>;
  /** Pack files that cannot be used at all (bad index or pack). */
  badPacks: string[];
  objects: number;
}

function scanPacks(store: SnapshotStore, quick: boolean): Scan {
  const fsx = store.fsx;
  const scan: Scan = { problems: [], corrupt: new Set(), badPacks: [], objects: 0 };
  let names: string[] = [];
  try {
    names = fsx.readdirSync(store.dirs.packs);
  } catch {
    // no packs yet
  }
  for (const n of names.filter((x) => x.endsWith('.pack'))) {
    const name = n.slice(0, -5);
    let fd: number | undefined;
    try {
      try {
        fd = fsx.openSync(path.join(store.dirs.packs, n), 'r');
      } catch (e) {
        if (isNotFound(e)) continue; // merged into another pack meanwhile
        throw e;
      }
      const index = readPackIndex(fsx, fd);
      const bad = typeof index === 'string' ? index : !index.checksumOk() ? 'its index does not match its checksum' : undefined;
      const size = fsx.fstatSync(fd).size;
      if (!bad && !readExactly(fsx, fd, packMagic.length, 0).equals(packMagic)) {
        scan.badPacks.push(name);
        scan.problems.push({ severity: 'damage', message: `pack ${name}: not a pack file` });
        continue;
      }
      if (bad || typeof index === 'string') {
        scan.badPacks.push(name);
        scan.problems.push({ severity: 'damage', message: `pack ${name}: ${bad}` });
        continue;
      }
      for (let i = 0; i < index.count; i++) {
        scan.objects++;
        const hash = index.hashAt(i);
        const e = index.entry(i);
        if (e.offset + e.length > size - trailerSize) {
          scan.corrupt.add(hash);
          continue;
        }
        if (quick) continue;
        try {
          const data = decodeObject(readExactly(fsx, fd, e.length, e.offset));
          if (data.length !== e.rawLength || hashBytes(data) !== hash) scan.corrupt.add(hash);
        } catch {
          scan.corrupt.add(hash);
        }
      }
    } catch (e) {
      scan.badPacks.push(name);
      scan.problems.push({ severity: 'damage', message: `pack ${name}: cannot be read (${(e as Error).message})` });
    } finally {
      if (fd !== undefined) fsx.closeSync(fd);
    }
  }
  if (scan.corrupt.size > 0) scan.problems.push({ severity: 'damage', message: `${scan.corrupt.size} object${scan.corrupt.size === 1 ? ' is' : 's are'} damaged (content does not match its hash)` });
  return scan;
}

/** The paths of a manifest whose content is missing or damaged ('' when its root node is). */
function lostPaths(store: SnapshotStore, m: Manifest, bad: (hash: string) => boolean, memo: Map<string, string[]>): string[] {
  const lost: string[] = [];
  const join = (prefix: string, name: string) => (prefix === '' ? name : prefix === '/' ? `/${name}` : `${prefix}/${name}`);
  /** Lost paths below a node, relative to it (memoised: nodes are shared by many checkpoints). */
  const inTree = (hash: string): string[] => {
    const known = memo.get(hash);
    if (known) return known;
    const out: string[] = [];
    if (bad(hash)) out.push('');
    else {
      try {
        for (const e of decodeTree(store.readObject(hash))) {
          if (e.type === 'f' && e.ref !== emptyHash && bad(e.ref)) out.push(e.name);
          else if (e.type === 'd') for (const p of inTree(e.ref)) out.push(p === '' ? e.name : `${e.name}/${p}`);
        }
      } catch {
        out.splice(0, out.length, '');
      }
    }
    memo.set(hash, out);
    return out;
  };
  if (m.kind === 'checkpoint') return inTree(m.root);
  for (const e of m.entries) {
    if (e.type === 'file' && e.blob !== emptyHash && bad(e.blob)) lost.push(e.path);
    else if (e.type === 'dir' && e.tree) for (const p of inTree(e.tree)) lost.push(p === '' ? e.path : join(e.path, p));
  }
  return lost;
}

function check(store: SnapshotStore, quick: boolean): {
  problems: Problem[];
  scan: Scan;
  unreadable: { ws: string; id: string; file: string }[];
  lost: Map<string, { m: Manifest; paths: string[] }>;
  snapshots: number;
  missingWorkspaceFiles: { ws: string; root: string }[];
} {
  store.reloadPacks();
  const scan = scanPacks(store, quick);
  const problems = [...scan.problems];
  const badPackNames = new Set(scan.badPacks);
  const bad = (hash: string): boolean => {
    if (hash === emptyHash) return false;
    if (scan.corrupt.has(hash)) return true;
    const at = store.locate(hash);
    return !at || badPackNames.has(at.pack.name);
  };
  const unreadable: { ws: string; id: string; file: string }[] = [];
  const lost = new Map<string, { m: Manifest; paths: string[] }>();
  const missingWorkspaceFiles: { ws: string; root: string }[] = [];
  const memo = new Map<string, string[]>();
  let snapshots = 0;
  for (const ws of store.workspaceIds()) {
    let root: string | undefined = store.workspaceRoot(ws);
    for (const id of store.snapshotIds(ws)) {
      snapshots++;
      const file = store.manifestFile(ws, id);
      let m: Manifest | undefined;
      try {
        const parsed = parseManifest(JSON.parse(store.fsx.readFileSync(file, 'utf8')));
        if (parsed.ok && parsed.value.id === id && parsed.value.workspace.id === ws) m = parsed.value;
      } catch {
        m = undefined;
      }
      if (!m) {
        unreadable.push({ ws, id, file });
        problems.push({ severity: 'damage', message: `snapshot ${id}: its manifest is unreadable` });
        continue;
      }
      if (root === undefined) {
        root = m.workspace.root;
        missingWorkspaceFiles.push({ ws, root });
        problems.push({ severity: 'leftover', message: `workspace ${ws}: its workspace.json is missing` });
      }
      const paths = lostPaths(store, m, bad, memo);
      if (paths.length > 0) lost.set(`${ws}/${id}`, { m, paths });
      const recorded = new Set(m.damaged ?? []);
      const fresh = paths.filter((p) => !recorded.has(p) && !recorded.has(''));
      if (fresh.length > 0) {
        problems.push({
          severity: 'damage',
          message: `snapshot ${id}: ${fresh.length === 1 && fresh[0] === '' ? 'its content is' : `${fresh.length} path${fresh.length === 1 ? '' : 's'} (${fresh.slice(0, 3).map((p) => p || '.').join(', ')}${fresh.length > 3 ? ', …' : ''}) are`} missing or damaged in the store`,
        });
      }
    }
  }
  for (const l of findLeftovers(store)) problems.push({ severity: 'leftover', message: `${l.what}: ${l.file}` });
  return { problems, scan, unreadable, lost, snapshots, missingWorkspaceFiles };
}

/**
 * Checks the store after a crash or a disk problem: every pack and index intact, every object matching its hash
 * (unless quick), every manifest readable and every object it names present. With repair: removes what crashed
 * writers left, moves unreadable manifests and damaged packs to quarantine/, drops damaged objects, and records in
 * each snapshot which paths were lost (restore then says so instead of failing; a damaged checkpoint is no longer
 * the base of the next one, which reads every file again).
 */
export function verifyStore(store: SnapshotStore, options: VerifyOptions = {}): VerifyReport {
  const quick = options.quick === true;
  if (!options.repair) return report(store, check(store, quick), []);
  return store.exclusive(() => {
    const first = check(store, quick);
    const done: Problem[] = [];
    const fsx = store.fsx;
    const quarantine = (file: string): string => {
      fsx.mkdirSync(store.dirs.quarantine, { recursive: true });
      const to = path.join(store.dirs.quarantine, `${Date.now().toString(36)}-${path.basename(file)}`);
      fsx.renameSync(file, to);
      return to;
    };
    const leftovers = findLeftovers(store);
    const notRemoved = removeLeftovers(store, leftovers);
    if (leftovers.length > 0) done.push({ severity: 'leftover', message: `${leftovers.length - notRemoved.length} leftover file(s) of crashed writers`, repaired: 'removed' });
    for (const u of first.unreadable) {
      done.push({ severity: 'damage', message: `snapshot ${u.id}: unreadable manifest`, repaired: `moved to ${quarantine(u.file)}` });
    }
    for (const name of first.scan.badPacks) {
      store.forgetPack(name);
      try {
        quarantine(path.join(store.dirs.packs, `${name}.pack`));
      } catch {
        // already gone
      }
      done.push({ severity: 'damage', message: `pack ${name}: damaged`, repaired: 'moved to quarantine' });
    }
    if (first.scan.corrupt.size > 0) {
      const r = repack(store, (h) => !first.scan.corrupt.has(h), { merge: false });
      done.push({ severity: 'damage', message: `${first.scan.corrupt.size} damaged object(s)`, repaired: `dropped (${r.packsRemoved} pack(s) rewritten)` });
    }
    for (const { m, paths } of first.lost.values()) {
      const recorded = new Set(m.damaged ?? []);
      if (paths.every((p) => recorded.has(p) || recorded.has(''))) continue;
      store.writeManifest({ ...m, damaged: [...new Set([...(m.damaged ?? []), ...paths])].sort() });
      done.push({ severity: 'damage', message: `snapshot ${m.id}: ${paths.length} path(s) lost`, repaired: 'recorded in the snapshot; restore reports them' });
    }
    for (const { ws, root } of first.missingWorkspaceFiles) {
      store.writeAtomic(path.join(store.workspaceDir(ws), 'workspace.json'), Buffer.from(`${JSON.stringify({ root })}\n`), true);
      done.push({ severity: 'leftover', message: `workspace ${ws}: missing workspace.json`, repaired: 'rewritten' });
    }
    return report(store, check(store, quick), done);
  });
}

function report(store: SnapshotStore, c: ReturnType<typeof check>, repaired: Problem[]): VerifyReport {
  const damaged = [...c.lost.values()].map(({ m, paths }) => ({ workspace: m.workspace.root, id: m.id, paths }));
  return {
    ok: !c.problems.some((p) => p.severity === 'damage'),
    problems: [...repaired, ...c.problems],
    checked: { snapshots: c.snapshots, objects: c.scan.objects, packs: store.loadedPacks().length },
    damaged,
  };
}
