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
  const store = SnapshotStore.open({ root: storeRootFor(airlockHome) });
  try {
    const first = actions[0];
    const label = `before ${first?.kind ?? 'action'} by ${first?.source.agent ?? 'agent'}`;
    return takeTargetedSnapshot(store, root, paths, { label }).manifest.id;
  } finally {
    store.close();
  }
}
