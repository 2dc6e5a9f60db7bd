/**
 * Captions from the speech's own word timings (SPEC §7.3). Pure: words in, timed cues
 * out, placed on the render's timeline so they follow the same frame offsets as the video.
 */
import type { WordTiming } from './speech/word-timings.js';

/** `highlight` chunks like `classic`; only its drawing differs. */
export type CaptionStyle = 'punchy' | 'classic' | 'highlight';

export type Caption = {
  /** Seconds on the final video, on frame boundaries. */
  start: number;
  end: number;
  /** One or two lines (classic), always one line (punchy). */
  lines: string[];
  /** Each word in reading order with the second it is spoken (on a frame, within the cue): `highlight` recolours by it. */
  words: { text: string; start: number }[];
};

/** One segment's words and where its narration starts on the timeline. */
export type CaptionSegment = { words: readonly WordTiming[]; narrationStartFrame: number };

const PUNCHY_MAX_WORDS = 3;
const CLASSIC_MAX_WORDS = 7;
const CLASSIC_MAX_CHARS = 42;

/** The most words one caption of this style may hold: the user's choice, capped by the style (SPEC §7.3). */
export function captionWordLimit(style: CaptionStyle, wordsPerCaption?: number): number {
  const cap = style === 'punchy' ? PUNCHY_MAX_WORDS : CLASSIC_MAX_WORDS;
  return Math.max(1, Math.min(cap, Math.floor(wordsPerCaption ?? cap)));
}

/** A word that closes a sentence: a caption never runs past it. */
function endsSentence(word: string): boolean {
  return /[.!?…]["'”’)\]]*$/u.test(word);
}

/** Splits a run of words into groups that fit the style, never across a sentence end. */
function group(words: readonly WordTiming[], style: CaptionStyle, maxWords: number): WordTiming[][] {
  const groups: WordTiming[][] = [];
  let current: WordTiming[] = [];
  const fits = (next: WordTiming): boolean => {
    if (current.length >= maxWords) return false;
    if (style === 'punchy') return true;
    return splitLines([...current, next]) !== null;
  };
  for (const word of words) {
    if (current.length > 0 && !fits(word)) {
      groups.push(current);
      current = [];
    }
    current.push(word);
    if (endsSentence(word.word)) {
      groups.push(current);
      current = [];
    }
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * Lays a classic caption on one line if it fits in 42 characters, else on two lines of at
 * most 42 each, broken where the lines are most even; null when no break fits.
 */
function splitLines(words: readonly WordTiming[]): string[] | null {
  const texts = words.map((w) => w.word);
  const whole = texts.join(' ');
  if (whole.length <= CLASSIC_MAX_CHARS) return [whole];
  let best: string[] | null = null;
  for (let k = 1; k < texts.length; k++) {
    const a = texts.slice(0, k).join(' ');
    const b = texts.slice(k).join(' ');
    if (a.length > CLASSIC_MAX_CHARS || b.length > CLASSIC_MAX_CHARS) continue;
    if (best === null || Math.abs(a.length - b.length) < Math.abs(best[0]!.length - best[1]!.length)) best = [a, b];
  }
  return best;
}

/**
 * Caption cues for the whole video. A cue starts at its first word's start and ends at its
 * last word's end, or at the next cue's start when that comes first; both are snapped to
 * frames after adding the segment's start, and a cue lasts at least one frame.
 * `wordsPerCaption` lowers the style's word limit (1–3 punchy, 1–7 classic/highlight).
 */
export function planCaptions(segments: readonly CaptionSegment[], style: CaptionStyle, fps: number, wordsPerCaption?: number): Caption[] {
  const captions: Caption[] = [];
  const maxWords = captionWordLimit(style, wordsPerCaption);
  for (const segment of segments) {
    const offset = segment.narrationStartFrame;
    const groups = group(segment.words, style, maxWords);
    const startFrames = groups.map((g) => offset + Math.round(g[0]!.start * fps));
    groups.forEach((g, i) => {
      const startFrame = startFrames[i]!;
      let endFrame = offset + Math.round(g[g.length - 1]!.end * fps);
      const nextStart = startFrames[i + 1];
      if (nextStart !== undefined) endFrame = Math.min(endFrame, nextStart);
      endFrame = Math.max(endFrame, startFrame + 1);
      const text = g.map((w) => w.word);
      const lines = style === 'punchy' ? [text.join(' ')] : (splitLines(g) ?? [text.join(' ')]);
      // A word's frame, kept inside its cue so the highlight never runs ahead of or past the caption.
      const words = g.map((w) => {
        const frame = Math.min(endFrame - 1, Math.max(startFrame, offset + Math.round(w.start * fps)));
        return { text: w.word, start: frame / fps };
      });
      captions.push({ start: startFrame / fps, end: endFrame / fps, lines, words });
    });
  }
  return captions;
}

function clock(seconds: number, separator: ',' | '.'): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${separator}${pad(ms % 1000, 3)}`;
}

/** SubRip: numbered cues, comma before the milliseconds. */
export function toSrt(captions: readonly Caption[]): string {
  return captions
    .map((c, i) => `${i + 1}\n${clock(c.start, ',')} --> ${clock(c.end, ',')}\n${c.lines.join('\n')}\n`)
    .join('\n');
}

/** WebVTT: the header, then cues with a dot before the milliseconds; '&' and '<' escaped as the format requires. */
export function toVtt(captions: readonly Caption[]): string {
  const escape = (line: string): string => line.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
  const cues = captions.map((c) => `${clock(c.start, '.')} --> ${clock(c.end, '.')}\n${c.lines.map(escape).join('\n')}\n`);
  return ['WEBVTT\n', ...cues].join('\n');
}
