import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { unmaskInPlace } from './unmask.js';

/** The RFC 6455 §5.3 definition, byte by byte: payload byte i is XORed with key[i mod 4]. */
function unmaskedByDefinition(masked: Buffer, key: Buffer): Buffer {
  return Buffer.from(masked.map((byte, index) => byte ^ key[index % 4]!));
}

describe('unmaskInPlace', () => {
  it('unmasks a payload cut into pieces at any offset, below and above the native threshold', () => {
    const key = randomBytes(4);
    for (const size of [0, 1, 5, 31, 32, 33, 100, 4099]) {
      const masked = randomBytes(size);
      const expected = unmaskedByDefinition(masked, key);
      for (const cutAt of [0, 1, 2, 3, 7, 33, Math.floor(size / 2)]) {
        if (cutAt > size) continue;
        const payload = Buffer.from(masked);
        unmaskInPlace(payload.subarray(0, cutAt), key, 0);
        unmaskInPlace(payload.subarray(cutAt), key, cutAt);
        assert.deepEqual(payload, expected, `${size} bytes cut at ${cutAt}`);
      }
    }
  });

  it('changes the bytes where they lie and nothing around them', () => {
    const whole = Buffer.alloc(80, 0xaa);
    const key = Buffer.from([1, 2, 3, 4]);
    unmaskInPlace(whole.subarray(10, 70), key, 2);
    assert.deepEqual(whole.subarray(0, 10), Buffer.alloc(10, 0xaa));
    assert.deepEqual(whole.subarray(70), Buffer.alloc(10, 0xaa));
    assert.equal(whole[10], 0xaa ^ 3);
    assert.equal(whole[11], 0xaa ^ 4);
    assert.equal(whole[12], 0xaa ^ 1);
  });
});
