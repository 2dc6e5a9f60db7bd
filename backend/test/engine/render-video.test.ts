import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderVideo, type RenderInput, type RenderProgress } from '../../src/engine/index.js';
import { makeTempDir } from '../helper.js';
import {
  FFMPEG,
  FFPROBE,
  colourDistance,
  columnProfile,
  decodeFrames,
  estimateShift,
  frameMd5s,
  makePanTexture,
  makeQuadrantImage,
  makeTexturedImage,
  makeToneWav,
  meanAbsDifference,
  meanAndStd,
  meanColour,
  probe,
  topLevelBoxes,
} from './media.js';

const W = 160;
const H = 90;
const RED = { r: 220, g: 40, b: 40 };
const GREEN = { r: 40, g: 200, b: 60 };
const BLUE = { r: 40, g: 60, b: 220 };

function baseInput(dir: string, segments: RenderInput['segments'], overrides: Partial<RenderInput> = {}): RenderInput {
  return {
    width: W,
    height: H,
    fps: 10,
    zoomIntensity: 1.3,
    segments,
    outputPath: path.join(dir, 'output', 'final.mp4'),
    ffmpegPath: FFMPEG,
    ffprobePath: FFPROBE,
    ...overrides,
  };
}

/** Three textured colour segments whose durations do not land on frame boundaries. */
async function threeSegments(dir: string): Promise<RenderInput['segments']> {
  const colours = [RED, GREEN, BLUE];
  const seconds = [0.75, 1.05, 0.62];
  return Promise.all(
    colours.map(async (c, i) => {
      const imagePath = path.join(dir, `image-${i}.png`);
      const audioPath = path.join(dir, `speech-${i}.wav`);
      await makeTexturedImage(imagePath, 320, 180, c, i);
      makeToneWav(audioPath, seconds[i]!, 300 + 100 * i);
      return { imagePath, audioPath };
    }),
  );
}

function outputFolderListing(input: RenderInput): string[] {
  return fs.readdirSync(path.dirname(input.outputPath)).sort();
}

describe('renderVideo', () => {
  it('writes H.264 yuv420p + AAC in a faststart MP4 at the plan size and frame rate', async () => {
    const dir = makeTempDir();
    const input = baseInput(dir, await threeSegments(dir));
    const reports: RenderProgress[] = [];
    const result = await renderVideo(input, { onProgress: (p) => reports.push(p) });

    const info = probe(input.outputPath);
    const video = info.streams.find((s) => s.codec_type === 'video');
    const audio = info.streams.find((s) => s.codec_type === 'audio');
    expect(video).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', width: W, height: H, r_frame_rate: '10/1' });
    expect(audio?.codec_name).toBe('aac');
    // Each narration padded to whole frames (SPEC §7.2): 0.75 → 8, 1.05 → 11, 0.62 → 7 = 26 frames, 2.6 s.
    expect(video?.nb_frames).toBe('26');
    expect(Math.abs(Number(info.format.duration) - 2.6)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(Number(audio?.duration) - 2.6)).toBeLessThanOrEqual(0.05);
    const boxes = topLevelBoxes(input.outputPath);
    expect(boxes.indexOf('moov')).toBeGreaterThanOrEqual(0);
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
    expect(result).toEqual({
      outputPath: input.outputPath,
      durationSeconds: Number(info.format.duration),
      fileSizeBytes: fs.statSync(input.outputPath).size,
      width: W,
      height: H,
      fps: 10,
      clipsTotal: 3,
      clipsCached: 0,
      // Where each narration starts (captions are timed from these): 8 and 11 frames, no pause here.
      narrationStartFrames: [0, 8, 19],
    });
    expect(outputFolderListing(input)).toEqual(['final.mp4']);

    // Progress: natural phases, integer percentage that never decreases, ends at 100.
    const phases = new Set(reports.map((r) => r.phase));
    expect(phases).toContain('Preparing images');
    expect(phases).toContain('Applying Ken Burns effect to segment 1 of 3');
    expect(phases).toContain('Finalizing');
    const percentages = reports.map((r) => r.percentage);
    expect(percentages.every((p, i) => Number.isInteger(p) && (i === 0 || p >= percentages[i - 1]!))).toBe(true);
    expect(reports.at(-1)).toMatchObject({ percentage: 100, framesDone: 26, framesTotal: 26, totalSegments: 3, clipsTotal: 3 });
  });

  it('shows each image exactly for its audio, in order, and moves every segment', async () => {
    const dir = makeTempDir();
    const input = baseInput(dir, await threeSegments(dir));
    await renderVideo(input);
    const frames = decodeFrames(input.outputPath, W, H, 'rgb24');
    expect(frames).toHaveLength(26);
    const colourOf = (f: number) => meanColour(frames[f]!, W, { x: 0, y: 0, w: W, h: H });
    // Padded narrations of 8, 11 and 7 frames, no pause, cuts: pictures change at frames 8 and 19.
    const expected: [number, typeof RED][] = [[0, RED], [7, RED], [8, GREEN], [18, GREEN], [19, BLUE], [25, BLUE]];
    for (const [f, colour] of expected) expect(colourDistance(colourOf(f), colour), `frame ${f}`).toBeLessThan(35);
    // A still picture's first and last frames differ only by encoder noise (< 0.3); the first
    // segment's slow zoom over 8 frames measured 0.91–1.2, depending on the x264 build.
    for (const [first, last] of [[0, 7], [8, 18], [19, 25]] as const) {
      expect(meanAbsDifference(frames[first]!, frames[last]!), `segment starting at frame ${first}`).toBeGreaterThan(0.5);
    }
  });

  it('pans sub-pixel smoothly: frame-to-frame displacement varies by at most 0.08 px', async () => {
    const dir = makeTempDir();
    // A 2.2:1 texture at zoom 1.0 on a 320×180 frame: the top_left→bottom_right preset
    // (segment 2) is then a pure horizontal pan of 76 px over 30 frames at 12 fps ≈ 31 px/s.
    const width = 320;
    const height = 180;
    const pan = path.join(dir, 'pan.png');
    await makePanTexture(pan, 396, 180);
    const lead = path.join(dir, 'lead.png');
    await makeTexturedImage(lead, 320, 180, RED, 0);
    makeToneWav(path.join(dir, 'lead.wav'), 0.5);
    makeToneWav(path.join(dir, 'pan.wav'), 2.5);
    const input = baseInput(
      dir,
      [
        { imagePath: lead, audioPath: path.join(dir, 'lead.wav') },
        { imagePath: pan, audioPath: path.join(dir, 'pan.wav') },
      ],
      { width, height, fps: 12, zoomIntensity: 1 },
    );
    await renderVideo(input);
    const frames = decodeFrames(input.outputPath, width, height, 'gray').slice(6);
    expect(frames).toHaveLength(30);
    const profiles = frames.map((f) => columnProfile(f, width, height));
    const shifts = profiles.slice(1).map((p, i) => estimateShift(profiles[i]!, p));
    const { mean, std } = meanAndStd(shifts);
    expect(mean).toBeCloseTo(76 / 29, 1);
    expect(std).toBeLessThanOrEqual(0.08);
  });

  it('fills the frame upright with any image: portrait, square, 4000×3000, 200×150, transparent PNG, EXIF-rotated JPEG', async () => {
    const dir = makeTempDir();
    const images: string[] = [];
    const add = async (name: string, make: (file: string) => Promise<void>) => {
      const file = path.join(dir, name);
      await make(file);
      images.push(file);
    };
    await add('portrait.jpg', (f) => makeTexturedImage(f, 90, 160, GREEN));
    await add('square.png', (f) => makeTexturedImage(f, 120, 120, BLUE));
    await add('big.jpg', (f) => makeQuadrantImage(f, 4000, 3000));
    await add('tiny.png', (f) => makeQuadrantImage(f, 200, 150));
    await add('transparent.png', (f) =>
      sharp({ create: { width: 200, height: 100, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0 } } })
        .composite([{ input: { create: { width: 100, height: 100, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 1 } } }, left: 0, top: 0 }])
        .png()
        .toFile(f)
        .then(() => undefined),
    );
    // Stored landscape (red left, blue right) with EXIF orientation 6 (rotate 90° clockwise to display):
    // upright it is portrait with red on top.
    await add('exif.jpg', async (f) => {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="120"><rect width="80" height="120" fill="#ff0000"/><rect x="80" width="80" height="120" fill="#0000ff"/></svg>`;
      await sharp(Buffer.from(svg)).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toFile(f);
    });
    const segments = images.map((imagePath, i) => {
      const audioPath = path.join(dir, `a${i}.wav`);
      makeToneWav(audioPath, 0.5);
      return { imagePath, audioPath };
    });
    const input = baseInput(dir, segments);
    await renderVideo(input);
    const frames = decodeFrames(input.outputPath, W, H, 'rgb24');
    expect(frames).toHaveLength(30);
    const first = (segment: number) => frames[segment * 5]!;
    const isBlack = (c: { r: number; g: number; b: number }) => c.r + c.g + c.b < 60;
    // No black bars: every edge strip of every segment's first frame has picture in it.
    for (let s = 0; s < 6; s++) {
      for (const strip of [{ x: 0, y: 0, w: W, h: 2 }, { x: 0, y: H - 2, w: W, h: 2 }, { x: 0, y: 0, w: 2, h: H }, { x: W - 2, y: 0, w: 2, h: H }]) {
        expect(isBlack(meanColour(first(s), W, strip)), `segment ${s + 1} edge ${JSON.stringify(strip)}`).toBe(false);
      }
    }
    // Scaled, not centre-cropped: at the start of center→center (segment 1 is the portrait) the
    // whole cover is visible; for the 4000×3000 quadrants (segment 3, bottom_right→top_left) the
    // window's opposite corners still show different quadrants (a native-size crop would be one colour).
    const big = first(2);
    const corner = (frame: Buffer, x: number, y: number) => meanColour(frame, W, { x, y, w: 8, h: 8 });
    expect(colourDistance(corner(big, 2, 2), corner(big, W - 10, H - 10))).toBeGreaterThan(100);
    // Transparent pixels are flattened to white, not black.
    const transparent = first(4);
    expect(colourDistance(meanColour(transparent, W, { x: W - 20, y: 30, w: 10, h: 30 }), { r: 255, g: 255, b: 255 })).toBeLessThan(40);
    // EXIF orientation applied: red on top, blue at the bottom (segment 6 starts centred).
    const exif = frames[25]!;
    expect(colourDistance(meanColour(exif, W, { x: 40, y: 2, w: 80, h: 6 }), { r: 255, g: 0, b: 0 })).toBeLessThan(80);
    expect(colourDistance(meanColour(exif, W, { x: 40, y: H - 8, w: 80, h: 6 }), { r: 0, g: 0, b: 255 })).toBeLessThan(80);
  });

  it('renders the same frames from the same inputs', async () => {
    const dir = makeTempDir();
    const segments = await threeSegments(dir);
    const a = baseInput(dir, segments, { outputPath: path.join(dir, 'a', 'final.mp4') });
    const b = baseInput(dir, segments, { outputPath: path.join(dir, 'b', 'final.mp4') });
    await renderVideo(a);
    await renderVideo(b);
    const md5a = frameMd5s(a.outputPath);
    expect(md5a).toHaveLength(26);
    expect(frameMd5s(b.outputPath)).toEqual(md5a);
  });
});
