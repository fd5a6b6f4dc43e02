// Spawned by concurrency.test.ts (and bench/audit.bench.ts): appends COUNT records to the trail of WORKSPACE in
// AIRLOCK_HOME as agent WORKER, then prints one JSON line with each append's latency in microseconds.
// MODE `durable` fsyncs every append (the default of the trail), `fast` does not; SEGMENT_BYTES sets the rotation size.
import { appendRecord, openTrail } from '../../../../src/core/audit/trail';

async function main(): Promise<void> {
  const [airlockHome, workspace, worker, countText, mode, segmentBytes] = process.argv.slice(2);
  if (!airlockHome || !workspace || !worker || !countText) {
    throw new Error('usage: append.worker AIRLOCK_HOME WORKSPACE WORKER COUNT [durable|fast] [SEGMENT_BYTES]');
  }
  const trail = openTrail({
    airlockHome,
    workspace,
    durable: mode !== 'fast',
    ...(segmentBytes ? { maxSegmentBytes: Number(segmentBytes) } : {}),
    lock: { timeoutMs: 60_000 },
  });
  const times: number[] = [];
  for (let i = 0; i < Number(countText); i++) {
    const t0 = process.hrtime.bigint();
    await appendRecord(trail, {
      action: { kind: 'exec', command: `echo ${worker}-${i}`, source: { agent: worker, channel: 'test', session: String(process.pid) } },
      verdict: { decision: 'allow', rule: 'preset.read-only', layer: 'preset', reason: 'A read-only command.' },
    });
    times.push(Number(process.hrtime.bigint() - t0) / 1_000);
  }
  process.stdout.write(`${JSON.stringify({ worker, times })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
