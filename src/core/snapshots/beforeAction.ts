import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Action } from '../actions';
import type { Verdict } from '../verdict';
import { SnapshotStore } from './store';
import { storeRootFor } from './settings';
import { takeTargetedSnapshot } from './targeted';

/**
 * The files an allowed action is about to change: the path of a write, delete or rename (its source), and for a
 * command the paths of its effect preview. Only paths that exist and lie in the workspace: there is nothing to
 * keep of a file not yet written, and the store keeps workspaces, not the whole machine.
 */
export function pathsAtRisk(actions: readonly Action[], verdict: Verdict, root: string): string[] {
  const out = new Set<string>();
  const inside = (p: string) => p === root || p.startsWith(root + path.sep);
  for (const a of actions) {
    const candidates =
      a.kind === 'write' || a.kind === 'delete' || a.kind === 'rename'
        ? [a.path, ...(a.kind === 'rename' && a.to ? [a.to] : [])]
        : a.kind === 'exec'
          ? (verdict.effects?.paths ?? [])
          : [];
    for (const c of candidates) {
      if (!c) continue;
      const abs = path.resolve(a.cwd ?? root, c);
      if (inside(abs) && fs.existsSync(abs)) out.add(abs);
    }
  }
  return [...out];
}

/**
 * Takes the targeted snapshot that must precede an allowed destructive action, and returns its id for the trail.
 * Undefined when nothing is at risk. A failure is thrown to the caller, which records it (the store's error
 * names the cause, e.g. a full disk).
 */
export function snapshotBeforeAction(airlockHome: string, root: string, actions: readonly Action[], verdict: Verdict): string | undefined {
  if (verdict.decision !== 'allow') return undefined;
  const paths = pathsAtRisk(actions, verdict, root);
  if (paths.length === 0) return undefined;
  return takeFor(airlockHome, root, actions, paths).manifest.id;
}

/** What the snapshot-first step gives the caller: the verdict to answer with, the snapshot's id, or why none was taken. */
export interface SnapshotFirst {
  readonly verdict: Verdict;
  readonly snapshot?: string;
  readonly error?: string;
}

/**
 * Snapshot first, then answer: takes the targeted snapshot of what an allowed action is about to change. An allowed
 * delete of a folder (or a command that deletes or moves folders away) holds only because the snapshot keeps it,
 * so when the snapshot fails or cannot keep everything (its budget ran out, a file was too large or unreadable)
 * the answer becomes a question. Other allowed actions keep their answer; the failure is reported.
 */
export function snapshotFirst(airlockHome: string, root: string, actions: readonly Action[], verdict: Verdict): SnapshotFirst {
  if (verdict.decision !== 'allow') return { verdict };
  const paths = pathsAtRisk(actions, verdict, root);
  if (paths.length === 0) return { verdict };
  const leaves = (a: Action) => a.kind === 'rename' && a.to !== undefined && !isWithin(path.resolve(a.cwd ?? root, a.to), root);
  const needsWhole = paths.some((p) => isFolder(p)) && actions.some((a) => a.kind === 'delete' || a.kind === 'exec' || leaves(a));
  let taken;
  try {
    taken = takeFor(airlockHome, root, actions, paths);
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return { verdict: needsWhole ? unkept(verdict, `no snapshot could be taken (${error})`) : verdict, error };
  }
  const snapshot = taken.manifest.id;
  const lost = taken.limited || taken.manifest.stats.skipped > 0 || taken.manifest.entries.some((e) => e.type === 'skipped' && e.reason !== 'excluded');
  return { verdict: needsWhole && lost ? unkept(verdict, 'the snapshot could not keep every file') : verdict, snapshot };
}

function takeFor(airlockHome: string, root: string, actions: readonly Action[], paths: readonly string[]) {
  const store = SnapshotStore.open({ root: storeRootFor(airlockHome) });
  try {
    const first = actions[0];
    const label = `before ${first?.kind ?? 'action'} by ${first?.source.agent ?? 'agent'}`;
    return takeTargetedSnapshot(store, root, paths, { label });
  } finally {
    store.close();
  }
}

const isWithin = (p: string, root: string): boolean => p === root || p.startsWith(root + path.sep);

function isFolder(p: string): boolean {
  try {
    return fs.lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

function unkept(verdict: Verdict, why: string): Verdict {
  return {
    ...verdict,
    decision: 'ask',
    rule: 'snapshot.incomplete',
    layer: 'internal',
    reason: `This was allowed because Airlock keeps a snapshot first, but ${why}: ${verdict.reason}`,
    risk: 'high',
  };
}
