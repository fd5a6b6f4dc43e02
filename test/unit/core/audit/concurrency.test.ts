import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { readTrail, openTrail } from '../../../../src/core/audit/trail';
import { makeWorld, segmentFiles, type World } from './fixtures';
import { runWorker } from '../../workers';

const worker = path.join(__dirname, 'append.worker.js');
const processes = 8;
const appendsEach = 1_000;

let w: World;
before(() => (w = makeWorld()));
after(() => w.cleanup());

const run = (args: string[]) => runWorker(worker, args);

test(`${processes} processes × ${appendsEach} appends give ${processes * appendsEach} intact records in one valid chain`, { timeout: 240_000 }, async () => {
  // Small segments, so rotations happen while others wait for the lock. The appends skip fsync to keep the test
  // short (bench/audit.bench.ts measures durable ones); the lock and the chain are the same either way.
  const results = await Promise.all(
    Array.from({ length: processes }, (_, i) => run([w.airlockHome, w.ws, `agent-${i}`, String(appendsEach), 'fast', String(256 * 1024)])),
  );
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  const trail = openTrail({ airlockHome: w.airlockHome, workspace: w.ws });
  const { verification, records, lines } = await readTrail(trail);
  assert.equal(verification.ok, true, verification.break?.message);
  assert.deepEqual(verification.warnings, []);
  assert.equal(lines.length, processes * appendsEach, 'no line lost, duplicated or torn');
  assert.equal(records.length, processes * appendsEach);
  assert.deepEqual(records.map((r) => r.seq), Array.from({ length: processes * appendsEach }, (_, i) => i + 1));
  // Every process's every append is there exactly once, in the order that process made them.
  for (let p = 0; p < processes; p++) {
    const mine = records.flatMap((r) => (r.type === 'decision' && r.source.agent === `agent-${p}` ? [r.action.command] : []));
    assert.deepEqual(mine, Array.from({ length: appendsEach }, (_, i) => `echo agent-${p}-${i}`));
  }
  assert.ok(segmentFiles(trail).length >= 5, `rotated into ${segmentFiles(trail).join(', ')}`);
});
