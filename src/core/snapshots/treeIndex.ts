import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { ArrayNode, encodeNode, IndexedNode, type NodeView } from './nodeView';
import type { SnapshotStore } from './store';

/*
 * The tree index: every folder node of a workspace's latest checkpoint in one file,
 * `workspaces/<wsid>/index-<first 16 hex digits of the root node's hash>`, so
 * the next checkpoint made by a new process (the CLI a hook runs) reads one file instead of one object per folder
 * before it compares the workspace's metadata with it, and compares in place without decoding it. It is to the
 * checkpoint's nodes what git's index is to its tree objects, and it is a cache only: checked whole against its
 * SHA-256, used only when it describes the checkpoint the next one builds on, and only to compare (restores read
 * the store's verified objects). Written without fsync, as losing it costs time, not data, and under a new name
 * each time (the older ones are removed after), as replacing a file by rename makes ext4 write it out at once.
 *
 *   `ALKTIDX2` | SHA-256 of the body (32 bytes) | body: root hash (32 bytes) | u32 node count | nodes (nodeView.ts)
 */
const magic = Buffer.from('ALKTIDX2');
const headerSize = magic.length + 32;

export const treeIndexFile = (store: SnapshotStore, wsId: string, root: string): string => path.join(store.workspaceDir(wsId), `index-${root.slice(0, 16)}`);

/**
 * The folder nodes of the checkpoint whose root is `root`, by hash, as the index holds them; undefined when there
 * is no index, it describes another checkpoint, or it is damaged in any way (the caller then reads the store).
 */
export function readTreeIndex(store: SnapshotStore, wsId: string, root: string): Map<string, NodeView> | undefined {
  let data: Buffer;
  try {
    data = store.fsx.readFileSync(treeIndexFile(store, wsId, root));
  } catch {
    return undefined; // none yet, or unreadable: the store's objects serve
  }
  if (data.length < headerSize + 36 || !data.subarray(0, magic.length).equals(magic)) return undefined;
  if (data.toString('hex', headerSize, headerSize + 32) !== root) return undefined;
  if (!createHash('sha256').update(data.subarray(headerSize)).digest().equals(data.subarray(magic.length, headerSize))) return undefined;
  try {
    const count = data.readUInt32LE(headerSize + 32);
    const nodes = new Map<string, NodeView>();
    let at = headerSize + 36;
    for (let i = 0; i < count; i++) {
      const node = new IndexedNode(data, at, data.length);
      nodes.set(node.hash, node);
      at = node.end;
    }
    return at === data.length && nodes.has(root) ? nodes : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes the index of the checkpoint whose root node is `root`. With `all`, every folder node of that checkpoint
 * (what a walk of the whole workspace kept), those nodes are written as they are: the nodes the checkpoint kept
 * from the index being replaced are copied from it byte for byte, and only the new ones are encoded. Without it,
 * the tree is followed from its root, taking each node from `known` when it is there and from the store otherwise.
 * Never throws: without an index the next checkpoint only reads more.
 */
export function writeTreeIndex(
  store: SnapshotStore,
  wsId: string,
  root: string,
  known: (hash: string) => NodeView | undefined,
  all?: ReadonlyMap<string, NodeView>,
): boolean {
  try {
    const parts: Buffer[] = [Buffer.from(root, 'hex'), Buffer.alloc(4)];
    const nodes = all?.has(root) ? all : treeNodes(store, root, known);
    for (const [hash, node] of nodes) parts.push(node instanceof IndexedNode ? node.bytes() : encodeNode(hash, node.entries()));
    parts[1]!.writeUInt32LE(nodes.size);
    const body = Buffer.concat(parts);
    const digest = createHash('sha256').update(body).digest();
    const file = treeIndexFile(store, wsId, root);
    store.writeAtomic(file, Buffer.concat([magic, digest, body]), false);
    for (const name of store.fsx.readdirSync(path.dirname(file))) {
      if (name.startsWith('index-') && name !== path.basename(file)) store.fsx.rmSync(path.join(path.dirname(file), name), { force: true });
    }
    return true;
  } catch {
    return false;
  }
}

/** Every folder node below `root` (itself included), once each, by hash. */
function treeNodes(store: SnapshotStore, root: string, known: (hash: string) => NodeView | undefined): Map<string, NodeView> {
  const nodes = new Map<string, NodeView>();
  const stack = [root];
  while (stack.length > 0) {
    const hash = stack.pop()!;
    if (nodes.has(hash)) continue;
    const node = known(hash) ?? new ArrayNode(store.readTree(hash));
    nodes.set(hash, node);
    for (let i = 0; i < node.length; i++) if (node.typeAt(i) === 'd') stack.push(node.refAt(i));
  }
  return nodes;
}
