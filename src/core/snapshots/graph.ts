import type { Manifest } from './manifest';
import { emptyHash } from './objects';
import type { SnapshotStore } from './store';

export interface ObjectRef {
  readonly hash: string;
  readonly tree: boolean;
}

/** The objects a manifest names directly: its root node, or its entries' contents and folder nodes. */
export function manifestRefs(m: Manifest): ObjectRef[] {
  if (m.kind === 'checkpoint') return [{ hash: m.root, tree: true }];
  const out: ObjectRef[] = [];
  for (const e of m.entries) {
    if (e.type === 'file' && e.blob !== emptyHash) out.push({ hash: e.blob, tree: false });
    else if (e.type === 'dir' && e.tree) out.push({ hash: e.tree, tree: true });
  }
  return out;
}

/**
 * Reference counts over the object graph (manifests → nodes → contents), so removing a snapshot tells at once
 * how many bytes it frees: an object whose count drops to zero is freed, and a node frees its children in turn.
 */
export class RefCounts {
  private readonly counts = new Map<string, number>();
  private readonly children = new Map<string, readonly ObjectRef[]>();
  private readonly sizes = new Map<string, number>();
  liveBytes = 0;
  /** Nodes that could not be read (missing or damaged): counted, but their children are unknown. */
  readonly unreadable = new Set<string>();

  constructor(private readonly store: SnapshotStore) {}

  private sizeOf(hash: string): number {
    let s = this.sizes.get(hash);
    if (s === undefined) {
      s = this.store.locate(hash)?.entry.length ?? 0;
      this.sizes.set(hash, s);
    }
    return s;
  }

  private childrenOf(ref: ObjectRef): readonly ObjectRef[] {
    if (!ref.tree) return [];
    let c = this.children.get(ref.hash);
    if (!c) {
      try {
        c = this.store
          .readTree(ref.hash)
          .filter((e) => (e.type === 'f' && e.ref !== emptyHash) || e.type === 'd')
          .map((e) => ({ hash: e.ref, tree: e.type === 'd' }));
      } catch {
        this.unreadable.add(ref.hash);
        c = [];
      }
      this.children.set(ref.hash, c);
    }
    return c;
  }

  add(refs: readonly ObjectRef[]): void {
    const stack = [...refs];
    while (stack.length > 0) {
      const r = stack.pop()!;
      const n = this.counts.get(r.hash) ?? 0;
      this.counts.set(r.hash, n + 1);
      if (n === 0) {
        this.liveBytes += this.sizeOf(r.hash);
        stack.push(...this.childrenOf(r));
      }
    }
  }

  /** Drops references; returns the bytes freed. */
  remove(refs: readonly ObjectRef[]): number {
    let freed = 0;
    const stack = [...refs];
    while (stack.length > 0) {
      const r = stack.pop()!;
      const n = this.counts.get(r.hash) ?? 0;
      if (n <= 1) {
        this.counts.delete(r.hash);
        if (n === 1) {
          const s = this.sizeOf(r.hash);
          freed += s;
          this.liveBytes -= s;
          stack.push(...this.childrenOf(r));
        }
      } else {
        this.counts.set(r.hash, n - 1);
      }
    }
    return freed;
  }

  isLive(hash: string): boolean {
    return this.counts.has(hash);
  }
}
