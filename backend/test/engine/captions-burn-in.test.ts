/**
 * Burned-in captions on real renders (SPEC §7.3): each caption state appears on exactly the
 * frames planned (±1 after the encoder), SRT/VTT cue times equal them, and a caption the
 * font cannot draw fails the render before any encoder runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { writeCaptionFiles } from '../../src/engine/caption-files.js';
import { CaptionTrack, type RenderCaptions } from '../../src/engine/caption-track.js';
import { RenderError, renderVideo, type RenderInput } from '../../src/engine/index.js';
import type { WordTiming } from '../../src/engine/speech/word-timings.js';
import { resolveCaptionFont } from '../../src/services/caption-fonts.js';
import { makeTempDir } from '../helper.js';
import { FFMPEG, FFPROBE, decodeFrames, makeToneWav } from './media.js';
import { countingFfmpeg } from './timeline-media.js';

const FPS = 25;
const W = 320;
const H = 180;

async function font(name: string): Promise<string> {
  return (await resolveCaptionFont('/nonexistent', `bundled:${name}`))!;
}

function look(fontPath: string, overrides: Partial<RenderCaptions> = {}): RenderCaptions {
  return { fontPath, style: 'punchy', wordsPerCaption: 2, position: 'bottom', size: 64, color: '#FFFFFF', outlineColor: '#000000', highlightColor: '#FFD400', ...overrides };
}

/** Words at uneven times (not on a regular grid), in seconds from the segment's audio start. */
function timed(text: string, starts: number[]): WordTiming[] {
  return text.split(' ').map((word, i) => ({ word, start: starts[i]!, end: (starts[i + 1] ?? starts[i]! + 0.4) - 0.05 }));
}

/** Two flat-coloured segments (a flat picture stays flat under Ken Burns, so only captions change pixels). */
async function twoSegments(dir: string, words: WordTiming[][]): Promise<RenderInput['segments']> {
  return Promise.all(
    words.map(async (w, i) => {
      const imagePath = path.join(dir, `image-${i}.png`);
      const audioPath = path.join(dir, `speech-${i}.wav`);
      await sharp({ create: { width: 160, height: 90, channels: 3, background: i === 0 ? '#506070' : '#705040' } }).png().toFile(imagePath);
      makeToneWav(audioPath, 2.5);
      return { imagePath, audioPath, motion: 'still' as const, words: w };
    }),
  );
}

/** Frames (from 1) whose lower half differs from the frame before: where a caption state starts or ends. */
function changes(frames: Buffer[]): number[] {
  const out: number[] = [];
  for (let f = 1; f < frames.length; f++) {
    let diff = 0;
    const a = frames[f - 1]!;
    const b = frames[f]!;
    for (let i = (H / 2) * W; i < H * W; i++) diff += Math.abs(a[i]! - b[i]!);
    if (diff / ((H / 2) * W) > 1) out.push(f);
  }
  return out;
}

/** Seconds of each SRT/VTT cue. */
function cueTimes(text: string): [number, number][] {
  const seconds = (s: string): number => {
    const [h, m, rest] = s.replace(',', '.').split(':');
    return Number(h) * 3600 + Number(m) * 60 + Number(rest);
  };
  return [...text.matchAll(/(\d\d:\d\d:\d\d[.,]\d{3}) --> (\d\d:\d\d:\d\d[.,]\d{3})/gu)].map((m) => [seconds(m[1]!), seconds(m[2]!)]);
}

describe('burned-in captions on a rendered video', () => {
  it('shows each caption from its planned frame (±1) to its end, and SRT/VTT give the same times', async () => {
    const dir = makeTempDir();
    const words = [
      timed('The keeper woke. He climbed slowly', [0.13, 0.52, 0.81, 1.33, 1.62, 2.07]),
      timed('Outside the storm passed', [0.21, 0.74, 1.18, 1.71]),
    ];
    const segments = await twoSegments(dir, words);
    const captions = look(await font('noto-sans'));
    const outputPath = path.join(dir, 'out', 'final.mp4');
    const result = await renderVideo({
      width: W, height: H, fps: FPS, zoomIntensity: 1, segments, outputPath, ffmpegPath: FFMPEG, ffprobePath: FFPROBE,
      quality: 'draft', transition: 'cut', pauseSeconds: 0.4, captions,
    });
    const track = await CaptionTrack.plan(captions, segments, result.narrationStartFrames, FPS);
    // punchy, 2 words, never across a sentence end: "The keeper" "woke." "He climbed" "slowly" | "Outside the" "storm passed".
    expect(track.cues.map((c) => c.face.lines.flat().join(' '))).toEqual(['The keeper', 'woke.', 'He climbed', 'slowly', 'Outside the', 'storm passed']);

    const frames = decodeFrames(outputPath, W, H, 'gray');
    const seen = changes(frames);
    const boundary = result.narrationStartFrames[1]!; // the picture changes colour somewhere before it
    for (const cue of track.cues) {
      // Every state's first frame, and its last frame when the next does not follow at once, is a visible change.
      expect(seen.some((f) => Math.abs(f - cue.startFrame) <= 1), `caption "${cue.face.lines.flat().join(' ')}" starts at ${cue.startFrame}`).toBe(true);
      const mid = Math.floor((cue.startFrame + cue.endFrame) / 2);
      // Mid-caption the band holds white text with a dark outline.
      const band = frames[mid]!.subarray((H / 2) * W);
      expect(band.some((v) => v > 230)).toBe(true);
      expect(band.some((v) => v < 30)).toBe(true);
    }
    // Nothing changes except at caption edges and the picture's own cut.
    const edges = track.cues.flatMap((c) => [c.startFrame, c.endFrame]);
    for (const f of seen) expect(edges.some((e) => Math.abs(e - f) <= 1) || f < boundary, `unexpected change at frame ${f}`).toBe(true);
    // Before the first word there is no caption.
    expect(frames[0]!.subarray((H / 2) * W).every((v) => v > 40 && v < 200)).toBe(true);

    const files = await writeCaptionFiles({
      videoPath: outputPath,
      fps: FPS,
      style: captions.style,
      wordsPerCaption: captions.wordsPerCaption,
      segments: words.map((w, i) => ({ words: w, narrationStartFrame: result.narrationStartFrames[i]! })),
    });
    const burned = track.cues.map((c) => [c.startFrame / FPS, c.endFrame / FPS]);
    for (const file of [files.srtPath, files.vttPath]) {
      const cues = cueTimes(fs.readFileSync(file, 'utf8'));
      expect(cues).toHaveLength(burned.length);
      cues.forEach(([s, e], i) => {
        expect(s).toBeCloseTo(burned[i]![0]!, 3);
        expect(e).toBeCloseTo(burned[i]![1]!, 3);
      });
    }
  });

  it('fails before any encoder runs when the font has no glyphs for a caption, naming the segment and the characters', async () => {
    const dir = makeTempDir();
    const segments = await twoSegments(dir, [timed('Hello there', [0.1, 0.6]), timed('Azul ⵜⴰⵎⴰⵣⵉⵖⵜ ⵜⴰ', [0.1, 0.5, 1.2])]);
    const counting = countingFfmpeg(dir);
    const render = renderVideo({
      width: W, height: H, fps: FPS, zoomIntensity: 1, segments, outputPath: path.join(dir, 'out', 'final.mp4'),
      ffmpegPath: counting.ffmpegPath, ffprobePath: FFPROBE, quality: 'draft', transition: 'cut',
      captions: look(await font('noto-sans')),
    });
    await expect(render).rejects.toThrow(RenderError);
    await expect(render).rejects.toMatchObject({
      stage: 'captions',
      segmentIndex: 1,
      message: "Segment 2: the caption font has no glyphs for 'ⵜⴰⵎⵣⵉⵖ' — choose another font",
    });
    expect(counting.encodes()).toBe(0);
    expect(fs.existsSync(path.join(dir, 'out', 'final.mp4'))).toBe(false);
  });
});
