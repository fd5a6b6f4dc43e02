import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DeletionBurst, massDeletion } from '../../../../src/core/snapshots/deletionBurst';

/** A clock the test steps by hand. */
function steppedClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('a burst of deletions (the safety net\'s alert)', () => {
  test(`${massDeletion.files} files within ${massDeletion.windowMs} ms make a burst, which holds every later deletion until taken`, () => {
    const clock = steppedClock();
    const burst = new DeletionBurst(clock.now);
    for (let i = 0; i < massDeletion.files - 1; i++) {
      burst.note(`/ws/f${i}`, false, 'cp1');
      clock.advance(100);
    }
    assert.equal(burst.take(), undefined, 'one file short: no burst');
    burst.note('/ws/last', false, 'cp1');
    burst.note('/ws/after', false, 'cp2');
    const taken = burst.take();
    assert.equal(taken?.length, massDeletion.files + 1);
    assert.deepEqual(taken?.at(-1), { path: '/ws/after', dir: false, at: clock.now(), baseline: 'cp2' });
    assert.equal(burst.take(), undefined, 'taken once; the detector starts over');
  });

  test('deletions spread over more than the window never add up to a burst', () => {
    const clock = steppedClock();
    const burst = new DeletionBurst(clock.now);
    for (let i = 0; i < massDeletion.files * 3; i++) {
      burst.note(`/ws/f${i}`, false, undefined);
      clock.advance(massDeletion.windowMs / (massDeletion.files - 1) + 1);
    }
    assert.equal(burst.take(), undefined);
  });

  test('folders do not count toward the burst (their files do)', () => {
    const clock = steppedClock();
    const burst = new DeletionBurst(clock.now);
    for (let i = 0; i < massDeletion.files * 2; i++) burst.note(`/ws/dir${i}`, true, undefined);
    assert.equal(burst.take(), undefined);
    for (let i = 0; i < massDeletion.files; i++) burst.note(`/ws/dir0/f${i}`, false, undefined);
    assert.ok(burst.take());
  });
});
