import { createHash } from 'node:crypto';
import type * as Zlib from 'node:zlib';

/**
 * An object of the store (a file's content or a folder's tree node) is named by the SHA-256 of its bytes and kept
 * as a record: one encoding byte, then the bytes, raw or deflated. Deflate (level 1, like git's loose objects)
 * is used only when it saves at least a twentieth.
 */
export const Encoding = { raw: 0, deflate: 1 } as const;

export const hashBytes = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** SHA-256 of the empty file, the one object every store has without writing it. */
export const emptyHash = hashBytes(new Uint8Array(0));

const isHash = /^[0-9a-f]{64}$/;
export const isObjectHash = (value: unknown): value is string => typeof value === 'string' && isHash.test(value);

const sampleSize = 16 * 1024;
export const deflateLevel = 1;

let zlibModule: typeof Zlib | undefined;
/** Node's zlib, loaded on first use: a checkpoint that finds nothing changed neither deflates nor inflates. */
export function zlib(): typeof Zlib {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a built-in module, loaded on first use
  zlibModule ??= require('node:zlib') as typeof Zlib;
  return zlibModule;
}

/** `data` deflated at the store's level. */
export const deflate = (data: Uint8Array): Buffer => zlib().deflateRawSync(data, { level: deflateLevel });

/** Whether deflating `data` may pay: not tiny, and (for a large file) its first 16 KB shrinks. */
export function worthCompressing(data: Buffer): boolean {
  if (data.length < 64) return false;
  return data.length <= 4 * sampleSize || deflate(data.subarray(0, sampleSize)).length < sampleSize * 0.9;
}

/** The record for `data` given its deflated form (if any): deflated only when that saves a twentieth. */
export function recordOf(data: Buffer, packed: Uint8Array | undefined): Buffer {
  if (packed && packed.length < data.length * 0.95) return Buffer.concat([Buffer.of(Encoding.deflate), packed]);
  return Buffer.concat([Buffer.of(Encoding.raw), data]);
}

/**
 * The stored record of `data`: compressed when that pays, raw otherwise (already-compressed media, tiny files,
 * and tree nodes, which are mostly hashes and are written on every checkpoint: zlib's fixed cost per call would
 * dominate an incremental checkpoint).
 */
export function encodeObject(data: Buffer, compress = true): Buffer {
  return recordOf(data, compress && worthCompressing(data) ? deflate(data) : undefined);
}

/** The bytes a record holds; throws on an unknown encoding or a broken deflate stream. */
export function decodeObject(record: Buffer): Buffer {
  const encoding = record[0];
  if (encoding === Encoding.raw) return record.subarray(1);
  if (encoding === Encoding.deflate) return zlib().inflateRawSync(record.subarray(1));
  throw new Error(`unknown object encoding ${String(encoding)}`);
}
