import { isSafeName, type Tree, type TreeEntry, type TreeType } from './tree';

/**
 * A folder node of an earlier checkpoint as the walker compares with it: entry by entry, without making an
 * object of each entry. Most folders of a workspace are unchanged between two checkpoints; their entries are
 * compared and never needed as objects.
 */
export interface NodeView {
  readonly length: number;
  nameAt(i: number): string;
  typeAt(i: number): TreeType;
  refAt(i: number): string;
  mtimeAt(i: number): number;
  /** Whether entry i records this size, mode, times and inode. */
  sameMeta(i: number, size: number, mode: number, mtimeMs: number, ctimeMs: number, ino: number): boolean;
  /** Adds entry i to file and byte totals (a folder entry holds those of everything below it). */
  addTotals(i: number, t: { files: number; bytes: number }): void;
  entryAt(i: number): TreeEntry;
  entries(): Tree;
}

/** A node read from the store (already checked by decodeTree). */
export class ArrayNode implements NodeView {
  constructor(private readonly tree: Tree) {}

  get length(): number {
    return this.tree.length;
  }

  nameAt(i: number): string {
    return this.tree[i]!.name;
  }

  typeAt(i: number): TreeType {
    return this.tree[i]!.type;
  }

  refAt(i: number): string {
    return this.tree[i]!.ref;
  }

  mtimeAt(i: number): number {
    return this.tree[i]!.mtimeMs;
  }

  sameMeta(i: number, size: number, mode: number, mtimeMs: number, ctimeMs: number, ino: number): boolean {
    const e = this.tree[i]!;
    return e.size === size && e.mode === mode && e.mtimeMs === mtimeMs && e.ctimeMs === ctimeMs && e.ino === ino;
  }

  addTotals(i: number, t: { files: number; bytes: number }): void {
    addTotals(t, this.tree[i]!);
  }

  entryAt(i: number): TreeEntry {
    return this.tree[i]!;
  }

  entries(): Tree {
    return this.tree;
  }
}

export const emptyNode: NodeView = new ArrayNode([]);

/*
 * A node in the tree index's binary form (treeIndex.ts):
 *
 *   hash (32 bytes) | u32 entry count n | u32 length of the strings | n records of 48 bytes | strings
 *   record: f64 size | f64 mtimeMs | f64 ctimeMs | f64 ino | u32 offset of its strings | u16 name length |
 *           u16 ref length | u16 mode | u8 type (f d l x) | 5 bytes zero
 *   strings: each entry's name (UTF-8), then its ref: 32 bytes for a hash (files and folders), else UTF-8
 */
export const recordSize = 48;
export const nodeHeader = 40;
const typeCodes: Record<TreeType, number> = { f: 0x66, d: 0x64, l: 0x6c, x: 0x78 };
const typeOf = (code: number): TreeType | undefined => (code === 0x66 ? 'f' : code === 0x64 ? 'd' : code === 0x6c ? 'l' : code === 0x78 ? 'x' : undefined);

/** Encodes a node for the index. */
export function encodeNode(hash: string, tree: Tree): Buffer {
  const strings: Buffer[] = [];
  let stringBytes = 0;
  const head = Buffer.alloc(nodeHeader + tree.length * recordSize);
  Buffer.from(hash, 'hex').copy(head, 0);
  head.writeUInt32LE(tree.length, 32);
  tree.forEach((e, i) => {
    const name = Buffer.from(e.name);
    const ref = e.type === 'f' || e.type === 'd' ? Buffer.from(e.ref, 'hex') : Buffer.from(e.ref);
    if ((e.type === 'f' || e.type === 'd') && ref.length !== 32) throw new Error(`entry ${e.name} has a malformed hash`);
    const at = nodeHeader + i * recordSize;
    head.writeDoubleLE(e.size, at);
    head.writeDoubleLE(e.mtimeMs, at + 8);
    head.writeDoubleLE(e.ctimeMs, at + 16);
    head.writeDoubleLE(e.ino, at + 24);
    head.writeUInt32LE(stringBytes, at + 32);
    head.writeUInt16LE(name.length, at + 36);
    head.writeUInt16LE(ref.length, at + 38);
    head.writeUInt16LE(e.mode & 0xffff, at + 40);
    head[at + 42] = typeCodes[e.type];
    strings.push(name, ref);
    stringBytes += name.length + ref.length;
  });
  head.writeUInt32LE(stringBytes, 36);
  return Buffer.concat([head, ...strings]);
}

/**
 * A node inside the index's buffer. The bounds of every record are checked when it is made; names and refs are
 * checked as they are read (a name that could not be a path segment, or a malformed hash, throws).
 */
export class IndexedNode implements NodeView {
  readonly length: number;
  /** Where the node ends in the buffer. */
  readonly end: number;
  private readonly strings: number;
  private names: string[] | undefined;

  /** `at` is where the node starts in `buf`; throws when it does not fit in `end`. */
  constructor(
    private readonly buf: Buffer,
    readonly at: number,
    end: number,
  ) {
    if (at + nodeHeader > end) throw new Error('a node is cut short');
    this.length = buf.readUInt32LE(at + 32);
    const stringBytes = buf.readUInt32LE(at + 36);
    this.strings = at + nodeHeader + this.length * recordSize;
    if (this.strings + stringBytes > end) throw new Error('a node is cut short');
    for (let i = 0; i < this.length; i++) {
      const r = at + nodeHeader + i * recordSize;
      if (buf.readUInt32LE(r + 32) + buf.readUInt16LE(r + 36) + buf.readUInt16LE(r + 38) > stringBytes) throw new Error('a node entry points outside it');
      if (typeOf(buf[r + 42]!) === undefined) throw new Error('a node entry has an unknown type');
    }
    this.end = this.strings + stringBytes;
  }

  get hash(): string {
    return this.buf.toString('hex', this.at, this.at + 32);
  }

  /** The node's bytes, to copy into the next index unchanged. */
  bytes(): Buffer {
    return this.buf.subarray(this.at, this.end);
  }

  private record(i: number): number {
    return this.at + nodeHeader + i * recordSize;
  }

  nameAt(i: number): string {
    if (!this.names) {
      const names: string[] = new Array<string>(this.length);
      for (let k = 0; k < this.length; k++) {
        const r = this.record(k);
        const s = this.strings + this.buf.readUInt32LE(r + 32);
        names[k] = this.buf.toString('utf8', s, s + this.buf.readUInt16LE(r + 36));
      }
      this.names = names;
    }
    return this.names[i]!;
  }

  typeAt(i: number): TreeType {
    return typeOf(this.buf[this.record(i) + 42]!)!;
  }

  refAt(i: number): string {
    const r = this.record(i);
    const s = this.strings + this.buf.readUInt32LE(r + 32) + this.buf.readUInt16LE(r + 36);
    const length = this.buf.readUInt16LE(r + 38);
    const type = this.typeAt(i);
    if (type === 'f' || type === 'd') {
      if (length !== 32) throw new Error('a node entry has a malformed hash');
      return this.buf.toString('hex', s, s + 32);
    }
    return this.buf.toString('utf8', s, s + length);
  }

  mtimeAt(i: number): number {
    return this.buf.readDoubleLE(this.record(i) + 8);
  }

  sameMeta(i: number, size: number, mode: number, mtimeMs: number, ctimeMs: number, ino: number): boolean {
    const r = this.record(i);
    const b = this.buf;
    return b.readDoubleLE(r) === size && b.readDoubleLE(r + 8) === mtimeMs && b.readDoubleLE(r + 16) === ctimeMs && b.readDoubleLE(r + 24) === ino && b.readUInt16LE(r + 40) === mode;
  }

  addTotals(i: number, t: { files: number; bytes: number }): void {
    const r = this.record(i);
    const type = this.buf[r + 42];
    if (type === typeCodes.f) {
      t.files++;
      t.bytes += this.buf.readDoubleLE(r);
    } else if (type === typeCodes.d) {
      t.files += this.buf.readDoubleLE(r + 24);
      t.bytes += this.buf.readDoubleLE(r);
    }
  }

  entryAt(i: number): TreeEntry {
    const name = this.nameAt(i);
    if (!isSafeName(name)) throw new Error(`a node entry has an unsafe name ${JSON.stringify(name)}`);
    const r = this.record(i);
    const b = this.buf;
    return { name, type: this.typeAt(i), mode: b.readUInt16LE(r + 40), size: b.readDoubleLE(r), mtimeMs: b.readDoubleLE(r + 8), ctimeMs: b.readDoubleLE(r + 16), ino: b.readDoubleLE(r + 24), ref: this.refAt(i) };
  }

  entries(): Tree {
    const out: TreeEntry[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.entryAt(i));
    return out;
  }
}

/** Adds an entry's files and bytes to running totals (a folder entry carries its subtree's counts). */
export function addTotals(t: { files: number; bytes: number }, e: TreeEntry): void {
  if (e.type === 'f') {
    t.files++;
    t.bytes += e.size;
  } else if (e.type === 'd') {
    t.files += e.ino;
    t.bytes += e.size;
  }
}
