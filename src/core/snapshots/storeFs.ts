import * as fs from 'node:fs';

/**
 * The file-system calls the snapshot store and restore make, synchronous like Node's own. Passed in so a test can
 * stand in a disk that fills up (a `writeSync` that fails with ENOSPC) without mocking modules. Every write of the
 * store and of restore goes through `writeSync`.
 */
export type StoreFs = Pick<
  typeof fs,
  | 'openSync'
  | 'closeSync'
  | 'readSync'
  | 'writeSync'
  | 'fsyncSync'
  | 'fstatSync'
  | 'ftruncateSync'
  | 'renameSync'
  | 'linkSync'
  | 'unlinkSync'
  | 'mkdirSync'
  | 'rmdirSync'
  | 'rmSync'
  | 'readFileSync'
  | 'readdirSync'
  | 'lstatSync'
  | 'statSync'
  | 'readlinkSync'
  | 'symlinkSync'
  | 'chmodSync'
  | 'lchownSync'
  | 'realpathSync'
>;

export const nodeStoreFs: StoreFs = fs;

/** The errno code of a Node file-system error (`ENOENT`, `ENOSPC`…), or undefined. */
export function errnoOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export const isNotFound = (e: unknown): boolean => {
  const code = errnoOf(e);
  return code === 'ENOENT' || code === 'ENOTDIR';
};


/** Reads exactly `length` bytes at `position`; fewer bytes is an error (a truncated file). */
export function readExactly(fsx: StoreFs, fd: number, length: number, position: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = fsx.readSync(fd, buf, done, length - done, position + done);
    if (n === 0) throw Object.assign(new Error(`unexpected end of file at byte ${position + done}`), { code: 'ETRUNC' });
    done += n;
  }
  return buf;
}

/** Reads a whole file through an open descriptor (so a file swapped in between is never half-read). */
export function readFileFd(fsx: StoreFs, file: string, expectedSize?: number): Buffer {
  const fd = fsx.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  try {
    const size = expectedSize ?? fsx.fstatSync(fd).size;
    const chunks: Buffer[] = [];
    let total = 0;
    let buf = Buffer.allocUnsafe(Math.max(1, size));
    for (;;) {
      if (total === buf.length) {
        chunks.push(buf);
        buf = Buffer.allocUnsafe(Math.max(65536, total));
        total = 0;
      }
      const n = fsx.readSync(fd, buf, total, buf.length - total, null);
      if (n === 0) break;
      total += n;
    }
    chunks.push(buf.subarray(0, total));
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  } finally {
    fsx.closeSync(fd);
  }
}
