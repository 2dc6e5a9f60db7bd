import { describe, expect, it } from 'vitest';
import {
  DUCK_ATTACK_SECONDS,
  DUCK_DEPTH_DB,
  DUCK_RELEASE_SECONDS,
  duckGainDb,
  duckingSpans,
  envelopeSamples,
} from '../../src/engine/ducking.js';

describe('duckingSpans', () => {
  it('merges narrations closer than half a second and keeps longer pauses', () => {
    const spans = duckingSpans([
      { startSeconds: 5, endSeconds: 6 },
      { startSeconds: 1, endSeconds: 2 },
      { startSeconds: 2.3, endSeconds: 3 },
      { startSeconds: 3.6, endSeconds: 4 },
    ]);
    expect(spans).toEqual([
      { startSeconds: 1, endSeconds: 3 },
      { startSeconds: 3.6, endSeconds: 4 },
      { startSeconds: 5, endSeconds: 6 },
    ]);
  });
});

describe('duckGainDb', () => {
  const spans = duckingSpans([{ startSeconds: 1, endSeconds: 2 }]);

  it('is fully down from the first word to the last and up away from speech', () => {
    expect(duckGainDb(spans, 0.5)).toBe(0);
    expect(duckGainDb(spans, 1)).toBe(DUCK_DEPTH_DB);
    expect(duckGainDb(spans, 1.5)).toBe(DUCK_DEPTH_DB);
    expect(duckGainDb(spans, 2)).toBe(DUCK_DEPTH_DB);
    expect(duckGainDb(spans, 3)).toBe(0);
  });

  it('ramps down over the 150 ms before speech and back up over 300 ms after it', () => {
    expect(duckGainDb(spans, 1 - DUCK_ATTACK_SECONDS)).toBe(0);
    expect(duckGainDb(spans, 1 - DUCK_ATTACK_SECONDS / 2)).toBeCloseTo(DUCK_DEPTH_DB / 2, 6);
    expect(duckGainDb(spans, 2 + DUCK_RELEASE_SECONDS / 2)).toBeCloseTo(DUCK_DEPTH_DB / 2, 6);
    expect(duckGainDb(spans, 2 + DUCK_RELEASE_SECONDS)).toBe(0);
  });
});

describe('envelopeSamples', () => {
  it('samples the same curve as duckGainDb, as linear gain, one sample past the end', () => {
    const spans = duckingSpans([
      { startSeconds: 0.4, endSeconds: 1.1 },
      { startSeconds: 2.5, endSeconds: 3 },
    ]);
    const rate = 1000;
    const env = envelopeSamples(spans, 4, rate);
    expect(env.length).toBe(4001);
    for (let i = 0; i < env.length; i += 7) {
      expect(20 * Math.log10(env[i] ?? 0)).toBeCloseTo(duckGainDb(spans, i / rate), 3);
    }
  });
});
