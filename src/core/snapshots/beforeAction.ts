import * as fs from 'node:fs';
import type { Action } from '../actions';
import type { Verdict } from '../verdict';
import { SnapshotStore } from './store';
import { storeRootFor } from './settings';
import { takeTargetedSnapshot } from './targeted';
import { errorMessage } from '../values';

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
export function snapshotFirst(airlockHome: string, root: string, actions: readonly Action[], verdict: Verdict, paths: readonly string[]): SnapshotFirst {
  if (verdict.decision !== 'allow' || paths.length === 0) return { verdict };
  // A folder deleted, moved or changed by a command is kept only by the snapshot (a rename counts, wherever it
  // goes: it is stricter to ask than to tell moved-in from moved-out by the path as written).
  const needsWhole = paths.some((p) => isFolder(p)) && actions.some((a) => a.kind === 'delete' || a.kind === 'exec' || a.kind === 'rename');
  let taken;
  try {
    taken = takeFor(airlockHome, root, actions, paths);
  } catch (e) {
    const error = errorMessage(e);
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
