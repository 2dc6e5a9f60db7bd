import { describe, expect, it } from 'vitest';
import { crossfade } from '../../src/engine/blend.js';

/** The definition: each byte on its own. */
function crossfadeByBytes(a: Uint8Array, b: Uint8Array, alpha: number): Uint8Array {
  const w = Math.round(alpha * 256);
  return a.map((x, i) => (x * (256 - w) + b[i]! * w + 128) >> 8);
}

function noise(length: number, seed: number): Uint8Array {
  let state = seed;
  return Uint8Array.from({ length }, () => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state >>> 24;
  });
}

describe('crossfade', () => {
  it('gives every byte of the per-byte formula, four at a time, with a tail and from unaligned views', () => {
    for (const length of [0, 1, 3, 4, 7, 64, 1001]) {
      for (const alpha of [0, 1 / 256, 0.25, 0.5, 0.73, 255 / 256, 1]) {
        const a = noise(length, 1);
        const b = noise(length, 2);
        const expected = crossfadeByBytes(a, b, alpha);
        const out = new Uint8Array(length);
        crossfade(a, b, alpha, out);
        expect(out).toEqual(expected);
        // Views that do not start on a 4-byte boundary take the byte path.
        const backing = new Uint8Array(length + 1);
        const shifted = backing.subarray(1);
        shifted.set(b);
        crossfade(a, shifted, alpha, shifted);
        expect(shifted).toEqual(expected);
      }
    }
  });

  it('keeps the extremes: α 0 is A, α 1 is B, and 255 blended with 255 stays 255', () => {
    const a = noise(4096, 3);
    const b = noise(4096, 4);
    const out = new Uint8Array(4096);
    crossfade(a, b, 0, out);
    expect(out).toEqual(a);
    crossfade(a, b, 1, out);
    expect(out).toEqual(b);
    const white = new Uint8Array(4096).fill(255);
    crossfade(white, white, 0.37, out);
    expect(out.every((v) => v === 255)).toBe(true);
  });
});
