import * as fs from 'node:fs';

/**
 * Reads the process's stdin (file descriptor 0) to its end, up to `limit` bytes (undefined past it), with plain
 * asynchronous reads: no stream objects are made (for a pipe, Node's stdin stream loads its whole socket layer),
 * and the event loop stays free, so a deadline still fires while an agent has not closed the pipe. A descriptor
 * that cannot be read this way (non-blocking, say) is read through `fallback`.
 */
export async function readStdinFd(limit: number, fallback: () => Promise<string | undefined>): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    let n: number;
    try {
      n = await new Promise<number>((resolve, reject) => fs.read(0, chunk, 0, chunk.length, null, (e, bytes) => (e ? reject(e) : resolve(bytes))));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (size === 0 && (code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EISDIR' || code === 'EINVAL')) return fallback();
      throw e;
    }
    if (n === 0) break;
    size += n;
    if (size > limit) return undefined;
    chunks.push(chunk.subarray(0, n));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a stream to its end; undefined past `limit` bytes. */
export async function readAll(stream: NodeJS.ReadableStream, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > limit) return undefined;
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}
