import { describe, expect, it } from 'vitest';
import { planCaptions, toSrt, toVtt, type Caption, type CaptionSegment } from '../../src/engine/captions.js';
import type { WordTiming } from '../../src/engine/speech/word-timings.js';

/** Words laid 0.4 s apart, each sounding 0.3 s. */
function words(text: string, from = 0.1): WordTiming[] {
  return text.split(' ').map((word, i) => ({ word, start: from + i * 0.4, end: from + i * 0.4 + 0.3 }));
}

const FPS = 30;
const segments: CaptionSegment[] = [
  { words: words('The lighthouse keeper woke before dawn. He climbed the spiral stairs slowly, counting every single step aloud.'), narrationStartFrame: 0 },
  { words: words('Outside the storm had finally passed and the sea was calm.'), narrationStartFrame: 250 },
];

/** Reads cue times and text back from SRT or VTT, the way a player would. */
function parseCues(text: string): { start: number; end: number; text: string }[] {
  const seconds = (stamp: string): number => {
    const [h, m, s] = stamp.replace(',', '.').split(':');
    return Number(h) * 3600 + Number(m) * 60 + Number(s);
  };
  return text
    .split(/\n\n+/u)
    .map((block) => block.split('\n').filter((l) => l !== ''))
    .flatMap((lines) => {
      const at = lines.findIndex((l) => l.includes(' --> '));
      if (at === -1) return [];
      const [a, b] = lines[at]!.split(' --> ');
      return [{ start: seconds(a!), end: seconds(b!), text: lines.slice(at + 1).join('\n') }];
    });
}

function segmentOf(caption: Caption): number {
  return caption.start * FPS >= 250 ? 1 : 0;
}

describe('planCaptions', () => {
  for (const style of ['punchy', 'classic'] as const) {
    it(`${style}: never spans a sentence end or a segment boundary, and keeps every word in order`, () => {
      const captions = planCaptions(segments, style, FPS);
      const all = segments.flatMap((s) => s.words.map((w) => w.word));
      expect(captions.flatMap((c) => c.lines.join(' ').split(' '))).toEqual(all);
      for (const c of captions) {
        const text = c.lines.join(' ').split(' ');
        // Only the last word of a caption may close a sentence.
        expect(text.slice(0, -1).some((w) => /[.!?]$/u.test(w))).toBe(false);
        // A caption's words all come from the segment it starts in.
        expect(segments[segmentOf(c)]!.words.some((w) => w.word === text[text.length - 1])).toBe(true);
      }
      // Segment 1's first word starts a new caption at the segment's own offset.
      const second = captions.find((c) => c.lines[0]!.startsWith('Outside'))!;
      expect(second.start).toBeCloseTo((250 + Math.round(0.1 * FPS)) / FPS, 9);
      const before = captions[captions.indexOf(second) - 1]!;
      expect(before.lines.join(' ').endsWith('aloud.')).toBe(true);
      expect(before.end).toBeLessThanOrEqual(second.start);
    });
  }

  it('punchy: 1–3 words on one line', () => {
    for (const c of planCaptions(segments, 'punchy', FPS)) {
      expect(c.lines).toHaveLength(1);
      expect(c.lines[0]!.split(' ').length).toBeLessThanOrEqual(3);
    }
  });

  it('classic: up to 7 words, at most 2 lines of at most 42 characters', () => {
    const long = [{ words: words('Extraordinarily complicated administrative responsibilities overwhelmed everybody involved yesterday'), narrationStartFrame: 0 }];
    for (const c of [...planCaptions(segments, 'classic', FPS), ...planCaptions(long, 'classic', FPS)]) {
      expect(c.lines.length).toBeLessThanOrEqual(2);
      expect(c.lines.join(' ').split(' ').length).toBeLessThanOrEqual(7);
      for (const line of c.lines) expect(line.length).toBeLessThanOrEqual(42);
    }
    expect(planCaptions(long, 'classic', FPS).some((c) => c.lines.length === 2)).toBe(true);
  });

  it('starts at the first word, ends at the last word or the next caption, on frame boundaries', () => {
    const overlapping: CaptionSegment[] = [
      { words: [{ word: 'One.', start: 0.01, end: 0.52 }, { word: 'Two', start: 0.5, end: 0.8 }, { word: 'three.', start: 0.81, end: 1.23 }], narrationStartFrame: 12 },
    ];
    const captions = planCaptions(overlapping, 'classic', FPS);
    expect(captions.map((c) => [c.start * FPS, c.end * FPS].map((f) => Math.round(f * 1e6) / 1e6))).toEqual([
      [12, 12 + 15], // "One." would end at frame 16 but "Two three." starts at 15
      [27, 12 + 37],
    ]);
    for (const c of captions) expect(Number.isInteger(Math.round(c.start * FPS * 1e6) / 1e6)).toBe(true);
  });
});

describe('planCaptions: words_per_caption and highlight', () => {
  const count = (c: Caption): number => c.lines.join(' ').split(' ').length;

  it('never puts more words in a caption than words_per_caption, and splits no more than it must', () => {
    for (const [style, limit] of [['classic', 2], ['classic', 5], ['punchy', 1], ['punchy', 2], ['highlight', 4]] as const) {
      const captions = planCaptions(segments, style, FPS, limit);
      expect(Math.max(...captions.map(count))).toBe(limit);
    }
  });

  it('caps words_per_caption at the style maximum (punchy 3)', () => {
    expect(Math.max(...planCaptions(segments, 'punchy', FPS, 7).map(count))).toBe(3);
  });

  it('highlight chunks like classic and gives every word a frame inside its cue, in order', () => {
    const highlight = planCaptions(segments, 'highlight', FPS, 7);
    expect(highlight.map((c) => c.lines)).toEqual(planCaptions(segments, 'classic', FPS, 7).map((c) => c.lines));
    for (const c of highlight) {
      expect(c.words.map((w) => w.text).join(' ')).toBe(c.lines.join(' '));
      expect(c.words[0]!.start).toBe(c.start);
      for (const [i, w] of c.words.entries()) {
        expect(w.start).toBeGreaterThanOrEqual(c.start);
        expect(w.start).toBeLessThan(c.end);
        if (i > 0) expect(w.start).toBeGreaterThanOrEqual(c.words[i - 1]!.start);
      }
    }
  });
});

describe('toSrt / toVtt', () => {
  const captions = planCaptions(segments, 'classic', FPS);

  it('SRT parses back to the planned cue times and text', () => {
    const srt = toSrt(captions);
    expect(srt.startsWith('1\n00:00:00,100 --> ')).toBe(true);
    const cues = parseCues(srt);
    expect(cues).toHaveLength(captions.length);
    cues.forEach((cue, i) => {
      expect(cue.start).toBeCloseTo(captions[i]!.start, 3);
      expect(cue.end).toBeCloseTo(captions[i]!.end, 3);
      expect(cue.text).toBe(captions[i]!.lines.join('\n'));
    });
  });

  it('VTT has the header, parses back to the planned cue times and escapes markup', () => {
    const vtt = toVtt([...captions, { start: 3725.5, end: 3726, lines: ['Tom & <Jerry>'], words: [] }]);
    expect(vtt.startsWith('WEBVTT\n\n')).toBe(true);
    const cues = parseCues(vtt);
    expect(cues).toHaveLength(captions.length + 1);
    cues.slice(0, -1).forEach((cue, i) => {
      expect(cue.start).toBeCloseTo(captions[i]!.start, 3);
      expect(cue.end).toBeCloseTo(captions[i]!.end, 3);
    });
    expect(vtt).toContain('01:02:05.500 --> 01:02:06.000\nTom &amp; &lt;Jerry&gt;\n');
  });
});
