import { describe, expect, it } from 'vitest';
import { planSegmentFrames, segmentAtFrame, totalFrames } from '../../src/engine/render-plan.js';

describe('planSegmentFrames', () => {
  it('takes frame counts from the running sum of durations, not per-segment rounding', () => {
    // Per-segment rounding would give 8 + 11 + 6 = 25 frames for 2.42 s at 10 fps.
    const frames = planSegmentFrames([0.75, 1.05, 0.62], 10);
    expect(frames).toEqual([
      { startFrame: 0, frameCount: 8 },
      { startFrame: 8, frameCount: 10 },
      { startFrame: 18, frameCount: 6 },
    ]);
    expect(totalFrames(frames)).toBe(24);
  });

  it('keeps every segment boundary within half a frame of its audio boundary', () => {
    const durations = Array.from({ length: 200 }, (_, i) => 1 + ((i * 7919) % 1000) / 997);
    const fps = 29.97;
    const frames = planSegmentFrames(durations, fps);
    let audioSeconds = 0;
    for (const [i, d] of durations.entries()) {
      audioSeconds += d;
      const f = frames[i]!;
      expect(Math.abs((f.startFrame + f.frameCount) / fps - audioSeconds)).toBeLessThanOrEqual(0.5 / fps + 1e-9);
    }
    expect(Math.abs(totalFrames(frames) / fps - audioSeconds)).toBeLessThanOrEqual(0.5 / fps + 1e-9);
  });

  it('finds the segment a frame belongs to', () => {
    const frames = planSegmentFrames([0.75, 1.05, 0.62], 10);
    expect([0, 7, 8, 17, 18, 23, 24].map((f) => segmentAtFrame(frames, f))).toEqual([0, 0, 1, 1, 2, 2, 2]);
  });
});
