import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { sha256Hex } from '../../../src/core/sha256';

const reference = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** A deterministic generator (xorshift32), so a failure names an input that can be made again. */
function generator(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

describe('sha256Hex', () => {
  test('the test vectors of FIPS 180-4 (one block, two blocks) and the empty string', () => {
    assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(
      sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'),
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    assert.equal(sha256Hex('a'.repeat(1_000_000)), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  test('equals Node\'s crypto at every length around the block and padding edges (0–200 bytes)', () => {
    for (let n = 0; n <= 200; n++) {
      const text = 'x'.repeat(n);
      assert.equal(sha256Hex(text), reference(text), `length ${n}`);
    }
  });

  test('equals Node\'s crypto on 2,000 generated strings of any code points (UTF-8 of 1 to 4 bytes, lone surrogates)', () => {
    const next = generator(0x5eed);
    for (let i = 0; i < 2_000; i++) {
      const length = next() % 300;
      let text = '';
      for (let j = 0; j < length; j++) {
        const pick = next() % 4;
        const cp = pick === 0 ? next() % 0x80 : pick === 1 ? 0x80 + (next() % 0x780) : pick === 2 ? 0x800 + (next() % 0xf800) : 0x10000 + (next() % 0x100000);
        text += String.fromCodePoint(cp);
      }
      assert.equal(sha256Hex(text), reference(text), `input ${i}: ${JSON.stringify(text.slice(0, 40))}`);
    }
  });
});
