import { describe, expect, it } from 'vitest';
import { narrationFrameCount, planTimeline, transitionAlpha, type TimelineInput } from '../../src/engine/timeline.js';

const base: TimelineInput = { narrationSeconds: [1, 1, 1], fps: 10, pauseSeconds: 0, transition: 'cut', transitionSeconds: 0.5 };

describe('planTimeline', () => {
  it('pads each narration up to whole frames, so a segment’s frames depend on it alone', () => {
    expect([0.75, 1.05, 0.62, 1.0, 0.1000001].map((s) => narrationFrameCount(s, 10))).toEqual([8, 11, 7, 10, 1]);
    const t = planTimeline({ ...base, narrationSeconds: [0.75, 1.05, 0.62] });
    expect(t.segments.map((s) => s.narrationFrames)).toEqual([8, 11, 7]);
    expect(t.totalFrames).toBe(26);
  });

  it('totals Σ padded narration + (N−1) × pause, with narrations starting after each pause', () => {
    const t = planTimeline({ ...base, narrationSeconds: [0.75, 1.05, 0.62], pauseSeconds: 0.3 });
    expect(t.pauseFrames).toBe(3);
    expect(t.totalFrames).toBe(8 + 11 + 7 + 2 * 3);
    expect(t.segments.map((s) => s.narrationStartFrame)).toEqual([0, 11, 25]);
  });

  it('splits the timeline into a clip per segment and one per transition, that together cover every frame once', () => {
    for (const transition of ['cut', 'crossfade', 'fade_black'] as const) {
      const t = planTimeline({ ...base, narrationSeconds: [0.75, 1.05, 0.62, 2], pauseSeconds: 0.3, transition });
      expect(t.clips.map((c) => `${c.kind[0]}${c.segmentIndex}`)).toEqual(transition === 'cut' ? ['p0', 'p1', 'p2', 'p3'] : ['p0', 't1', 'p1', 't2', 'p2', 't3', 'p3']);
      let next = 0;
      for (const clip of t.clips) {
        expect(clip.startFrame).toBe(next);
        if (clip.kind === 'transition') expect(clip.frameCount).toBe(t.transitionFrames);
        expect(clip.frameCount).toBeGreaterThan(0);
        next += clip.frameCount;
      }
      expect(next).toBe(t.totalFrames);
    }
  });

  it('keeps a segment’s clips unchanged when another segment’s narration changes length', () => {
    const input = { ...base, narrationSeconds: [1, 1.2, 0.9, 1.4], pauseSeconds: 0.3, transition: 'crossfade' as const, transitionSeconds: 0.2 };
    const before = planTimeline(input);
    const after = planTimeline({ ...input, narrationSeconds: [1, 1.7, 0.9, 1.4] });
    const shape = (t: typeof before) => t.clips.map((c) => `${c.kind}${c.segmentIndex}:${c.frameCount}`);
    const changed = shape(after).map((c, i) => (c === shape(before)[i] ? null : c)).filter((c) => c !== null);
    // Only segment 1's own clip is longer; its transitions keep their length (their pictures move differently: the key says so).
    expect(changed).toEqual(['picture1:18']);
    expect(after.segments[2]!.visibleFrames).toBe(before.segments[2]!.visibleFrames);
  });

  it('puts a crossfade inside the pause when the pause holds it', () => {
    const t = planTimeline({ ...base, pauseSeconds: 1, transition: 'crossfade', transitionSeconds: 0.4 });
    // Pause frames 10–19 before segment 1; the 4 transition frames are centred in them: 13–16.
    expect(t.transitionFrames).toBe(4);
    expect(t.clips[1]).toEqual({ kind: 'transition', segmentIndex: 1, startFrame: 13, frameCount: 4 });
    expect(t.clips[2]).toEqual({ kind: 'picture', segmentIndex: 1, startFrame: 17, frameCount: 16 });
    const [a, b] = t.segments;
    // Segment 0 stays on screen until the transition out of it ends; segment 1 appears at its start.
    expect(a!.visibleStartFrame + a!.visibleFrames).toBe(17);
    expect(b!.visibleStartFrame).toBe(13);
    expect(b!.narrationStartFrame).toBe(20);
  });

  it('centres the transition on the boundary over the neighbours’ frames when the pause is shorter', () => {
    const t = planTimeline({ ...base, pauseSeconds: 0, transition: 'crossfade', transitionSeconds: 0.6 });
    // Boundary at frame 10; 6 transition frames centred on it: 7–12.
    expect(t.clips[1]).toMatchObject({ kind: 'transition', startFrame: 7, frameCount: 6 });
    expect(t.segments[1]!.narrationStartFrame).toBe(10);
  });

  it('cuts in the middle of the pause and holds no transition frames', () => {
    const t = planTimeline({ ...base, pauseSeconds: 0.4, transition: 'cut' });
    expect(t.transitionFrames).toBe(0);
    expect(t.clips.map((c) => c.startFrame)).toEqual([0, 12, 26]);
  });

  it('shortens the transition when a segment is too short to hold it', () => {
    const t = planTimeline({ ...base, narrationSeconds: [1, 0.2, 1], transition: 'crossfade', transitionSeconds: 2 });
    expect(t.transitionFrames).toBeLessThan(20);
    for (const clip of t.clips) expect(clip.frameCount).toBeGreaterThan(0);
    expect(t.clips.filter((c) => c.kind === 'picture')).toHaveLength(3);
  });

  it('has no pause and no transition with one segment', () => {
    const t = planTimeline({ ...base, narrationSeconds: [1.23], pauseSeconds: 1, transition: 'crossfade' });
    expect(t).toMatchObject({ totalFrames: 13, pauseFrames: 0, transitionFrames: 0 });
  });
});

describe('transitionAlpha', () => {
  it('rises strictly between 0 and 1 and is 0.5 in the middle of an odd length', () => {
    const alphas = [0, 1, 2, 3, 4].map((j) => transitionAlpha(j, 5));
    expect(alphas[2]).toBe(0.5);
    expect(alphas.every((a, i) => a > 0 && a < 1 && (i === 0 || a > alphas[i - 1]!))).toBe(true);
  });
});
