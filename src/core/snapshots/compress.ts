import { availableParallelism } from 'node:os';
import type * as WorkerThreads from 'node:worker_threads';
import type { MessagePort, Worker } from 'node:worker_threads';
import { deflateLevel } from './objects';

/*
 * Deflating is most of the cost of a first checkpoint (reading and hashing the rest), and the store's API is
 * synchronous. So big writes hand deflating to worker threads, in batches (a message costs tens of µs), and wait
 * for their answers synchronously: each worker answers on a MessagePort read with receiveMessageOnPort, and bumps a
 * shared counter the main thread sleeps on with Atomics.wait. The worker is inline source: no extra file to ship.
 */
const workerSource = `
const { workerData } = require('node:worker_threads');
const { deflateRawSync } = require('node:zlib');
const { port, signal, level } = workerData;
port.on('message', (batch) => {
  const out = batch.map((m) => {
    try {
      return { id: m.id, packed: deflateRawSync(m.data, { level }) };
    } catch {
      return { id: m.id, packed: null };
    }
  });
  port.postMessage(out);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

export interface Deflated {
  readonly id: number;
  /** Undefined when the worker failed: the caller deflates it itself. */
  readonly packed?: Uint8Array;
}

const stallMs = 60_000;
const batchObjects = 64;
const batchBytes = 1 << 20;

export class CompressionPool {
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly workers: { worker: Worker; port: MessagePort }[] = [];
  private next = 0;
  private batch: { id: number; data: Buffer }[] = [];
  private batchBytes = 0;
  /** Objects submitted and not yet collected. */
  pending = 0;

  private constructor(
    threads: number,
    private readonly wt: typeof WorkerThreads,
  ) {
    for (let i = 0; i < threads; i++) {
      const { port1, port2 } = new wt.MessageChannel();
      const worker = new wt.Worker(workerSource, { eval: true, workerData: { port: port2, signal: this.signal, level: deflateLevel }, transferList: [port2] });
      worker.unref();
      this.workers.push({ worker, port: port1 });
    }
  }

  /** A pool of one worker per core but one (the main thread reads and hashes), or undefined where workers cannot start. */
  static start(): CompressionPool | undefined {
    try {
      // Loaded here, not with the store: an incremental checkpoint never starts a worker, and the CLI's would pay.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a built-in module, loaded on first use
      const wt = require('node:worker_threads') as typeof WorkerThreads;
      return new CompressionPool(Math.max(1, Math.min(4, availableParallelism() - 1)), wt);
    } catch {
      return undefined;
    }
  }

  submit(id: number, data: Buffer): void {
    this.batch.push({ id, data });
    this.batchBytes += data.length;
    this.pending++;
    if (this.batch.length >= batchObjects || this.batchBytes >= batchBytes) this.flush();
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    const w = this.workers[this.next++ % this.workers.length]!;
    w.port.postMessage(this.batch);
    this.batch = [];
    this.batchBytes = 0;
  }

  /** The answers that have arrived; with `wait`, sleeps until at least one has (when any is pending). */
  collect(wait: boolean): Deflated[] {
    const out: Deflated[] = [];
    if (wait) this.flush();
    let lastSignal = Atomics.load(this.signal, 0);
    const started = performance.now();
    for (;;) {
      for (const w of this.workers) {
        for (let m = this.wt.receiveMessageOnPort(w.port); m; m = this.wt.receiveMessageOnPort(w.port)) {
          for (const r of m.message as { id: number; packed: Uint8Array | null }[]) {
            this.pending--;
            out.push(r.packed ? { id: r.id, packed: r.packed } : { id: r.id });
          }
        }
      }
      if (out.length > 0 || !wait || this.pending === 0) return out;
      Atomics.wait(this.signal, 0, lastSignal, 1000);
      const now = Atomics.load(this.signal, 0);
      if (now === lastSignal && performance.now() - started > stallMs) throw new Error('the compression worker stopped answering');
      lastSignal = now;
    }
  }

  close(): void {
    for (const w of this.workers) {
      w.port.close();
      void w.worker.terminate();
    }
    this.workers.length = 0;
  }
}
