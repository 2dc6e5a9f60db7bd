/**
 * The caption track of a render (SPEC §7.3, §7.5): which states are shown on which frames,
 * and the part of each clip's cache key they make — captions, timings, look and font file.
 */
import { describe, expect, it } from 'vitest';
import { CaptionTrack, type RenderCaptions } from '../../src/engine/caption-track.js';
import type { WordTiming } from '../../src/engine/speech/word-timings.js';
import { resolveCaptionFont } from '../../src/services/caption-fonts.js';

const FPS = 25;
const NOTO = (await resolveCaptionFont('/nonexistent', 'bundled:noto-sans'))!;
const DEJAVU = (await resolveCaptionFont('/nonexistent', 'bundled:dejavu-sans'))!;

function timed(text: string, starts: number[]): WordTiming[] {
  return text.split(' ').map((word, i) => ({ word, start: starts[i]!, end: (starts[i + 1] ?? starts[i]! + 0.4) - 0.05 }));
}

const base: RenderCaptions = { fontPath: NOTO, style: 'classic', wordsPerCaption: 7, position: 'bottom', size: 64, color: '#FFFFFF', outlineColor: '#000000', highlightColor: '#FFD400' };
const words = [timed('The keeper woke early', [0.1, 0.5, 0.9, 1.3]), timed('Storm passed', [0.2, 0.7])];
// Segment 1's narration starts at frame 0, segment 2's at frame 60; its clip is frames 55–99.
const starts = [0, 60];
const clips = [
  [0, 55],
  [55, 45],
] as const;

async function keys(captions: RenderCaptions, w: WordTiming[][] = words): Promise<string[]> {
  const track = await CaptionTrack.plan(captions, w.map((x) => ({ words: x })), starts, FPS);
  return clips.map(([start, count]) => JSON.stringify(track.forClip(start, count).key));
}

describe('CaptionTrack', () => {
  it('cuts the states per clip in clip frames, and highlight has one state per spoken word', async () => {
    const track = await CaptionTrack.plan({ ...base, style: 'highlight' }, words.map((w) => ({ words: w })), starts, FPS);
    expect(track.cues.map((c) => [c.segmentIndex, c.startFrame, c.endFrame, c.face.highlight])).toEqual([
      [0, 3, 13, 0],
      [0, 13, 23, 1],
      [0, 23, 33, 2],
      [0, 33, 41, 3],
      [1, 65, 78, 0],
      [1, 78, 86, 1],
    ]);
    const second = track.forClip(55, 45);
    expect(second.cues.map((c) => [c.startFrame, c.endFrame])).toEqual([
      [10, 23],
      [23, 31],
    ]);
    // A clip with no caption on it has no captions key, so its cache key is what it was before captions existed.
    expect(track.forClip(45, 10).key).toBeNull();
  });

  it('gives each clip a key that changes with its captions, their timing, the look and the font file, and only then', async () => {
    const [first, second] = await keys(base);
    expect(await keys({ ...base })).toEqual([first, second]);
    const variants: [string, RenderCaptions][] = [
      ['colour', { ...base, color: '#FFFF00' }],
      ['outline', { ...base, outlineColor: '#333333' }],
      ['size', { ...base, size: 80 }],
      ['position', { ...base, position: 'top' }],
      ['font file', { ...base, fontPath: DEJAVU }],
    ];
    for (const [what, captions] of variants) {
      const [a, b] = await keys(captions);
      expect(a, what).not.toBe(first);
      expect(b, what).not.toBe(second);
    }
    // Chunking: segment 1's four words split differently; segment 2's two words stay one caption,
    // the same pixels, so its clip is reused.
    for (const [what, captions] of [
      ['style', { ...base, style: 'punchy' }],
      ['words per caption', { ...base, wordsPerCaption: 2 }],
    ] as const) {
      const [a, b] = await keys(captions);
      expect(a, what).not.toBe(first);
      expect(b, what).toBe(second);
    }
    // Segment 1's words retimed or reworded: only its own clip changes.
    for (const changed of [timed('The keeper woke early', [0.3, 0.5, 0.9, 1.3]), timed('The keeper slept early', [0.1, 0.5, 0.9, 1.3])]) {
      const [a, b] = await keys(base, [changed, words[1]!]);
      expect(a).not.toBe(first);
      expect(b).toBe(second);
    }
    // The highlight colour matters only to the highlight style.
    expect(await keys({ ...base, highlightColor: '#00FF00' })).toEqual([first, second]);
    expect((await keys({ ...base, style: 'highlight' }))[0]).not.toBe((await keys({ ...base, style: 'highlight', highlightColor: '#00FF00' }))[0]);
  });
});
