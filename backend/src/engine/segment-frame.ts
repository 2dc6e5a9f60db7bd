/**
 * One still frame of one segment — its Ken Burns picture at a moment with the caption shown
 * then — drawn by the frame worker exactly as the video draws it (same warp, same caption
 * raster and blend), for the editor's preview (SPEC §7.3) and the golden-image tests.
 */
import sharp from 'sharp';
import { CaptionTrack, type RenderCaptions } from './caption-track.js';
import { segmentError } from './errors.js';
import type { ClipJob } from './frame-protocol.js';
import { FrameSource } from './frame-source.js';
import { prepareImage, type PreparedImage } from './images.js';
import type { FocusPoint, Motion, Size } from './ken-burns.js';
import type { WordTiming } from './speech/word-timings.js';

export type SegmentFrameInput = {
  imagePath: string;
  motion: Motion;
  focus: FocusPoint | null;
  size: Size;
  zoomIntensity: number;
  fps: number;
  /** Frames the picture's motion runs across (the segment's narration). */
  spanFrames: number;
  /** The frame to draw, counted from the narration's start (the first word's time base). */
  frame: number;
  words: readonly WordTiming[] | null;
  captions: RenderCaptions | null;
};

/** The frame as yuv420p (what the encoder receives). Fails like a render: missing glyphs → stage `captions`. */
export async function drawSegmentFrame(input: SegmentFrameInput): Promise<Uint8Array> {
  const { size, fps, spanFrames } = input;
  const frame = Math.min(Math.max(0, Math.round(input.frame)), spanFrames - 1);
  let image: PreparedImage;
  try {
    image = await prepareImage(input.imagePath, size, input.zoomIntensity);
  } catch (err) {
    throw segmentError(0, 'prepare-image', 'the image could not be decoded', { cause: err });
  }
  // The segment alone: its narration starts at frame 0, so caption frames are the segment's own.
  const track = input.captions === null ? null : await CaptionTrack.plan(input.captions, [{ words: input.words }], [0], fps);
  const job: ClipJob = {
    clipIndex: 0,
    segmentIndex: 0,
    frameCount: frame + 1,
    firstFrame: frame,
    output: size,
    zoomIntensity: input.zoomIntensity,
    picture: { image, motion: input.motion, focus: input.focus, spanFrames, offset: 0 },
    outgoing: null,
    transition: { kind: 'cut', frames: 0 },
    captions: track === null ? [] : await track.rasterize(track.forClip(frame, 1), size).then((cs) => cs.map((c) => ({ ...c, startFrame: c.startFrame + frame, endFrame: c.endFrame + frame }))),
  };
  return new Promise<Uint8Array>((resolve, reject) => {
    let drawn: Uint8Array | null = null;
    const source = new FrameSource(size.width, size.height, {
      onFrame: (_clip, data, release) => {
        drawn = data.slice();
        release();
      },
      onError: (_clip, error) => {
        void source.close();
        reject(error);
      },
    });
    source.addClip(job);
    source
      .clipDone(0, new AbortController().signal)
      .then(async () => {
        await source.close();
        if (drawn === null) reject(new Error('the frame worker drew no frame'));
        else resolve(drawn);
      })
      .catch(reject);
  });
}

/**
 * yuv420p (BT.709 limited range, as yuv.ts writes it) back to packed RGB. Only ever run on
 * one preview-sized frame, so it is a few milliseconds of plain arithmetic.
 */
export function yuv420ToRgb(yuv: Uint8Array, width: number, height: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  const cw = width / 2;
  const planeU = width * height;
  const planeV = planeU + cw * (height / 2);
  const clamp = (n: number): number => (n < 0 ? 0 : n > 255 ? 255 : Math.round(n));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = (y >> 1) * cw + (x >> 1);
      const l = 1.164 * (yuv[y * width + x]! - 16);
      const u = yuv[planeU + c]! - 128;
      const v = yuv[planeV + c]! - 128;
      const o = (y * width + x) * 3;
      rgb[o] = clamp(l + 1.793 * v);
      rgb[o + 1] = clamp(l - 0.213 * u - 0.533 * v);
      rgb[o + 2] = clamp(l + 2.112 * u);
    }
  }
  return rgb;
}

/** The preview's frame size: the video's aspect, at most `maxSide` on the longer side, even. */
export function previewSize(video: Size, maxSide: number): Size {
  const scale = Math.min(1, maxSide / Math.max(video.width, video.height));
  const even = (n: number): number => Math.max(2, 2 * Math.round((n * scale) / 2));
  return { width: even(video.width), height: even(video.height) };
}

/** The frame as a JPEG (the editor's caption preview). */
export async function segmentFrameJpeg(input: SegmentFrameInput): Promise<Buffer> {
  const yuv = await drawSegmentFrame(input);
  const { width, height } = input.size;
  return sharp(yuv420ToRgb(yuv, width, height), { raw: { width, height, channels: 3 } }).jpeg({ quality: 88 }).toBuffer();
}
