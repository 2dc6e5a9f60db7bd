/**
 * Worker thread that turns prepared images into Ken Burns frames, so the pixel work
 * never blocks the main thread (which also serves the API). Frame buffers circulate:
 * the main thread hands each one back after ffmpeg has taken it, and the worker draws
 * only into a free buffer, which bounds memory and keeps it in step with the encoder.
 * A clip's first frames may blend in the previous segment's still-moving picture.
 */
import { parentPort } from 'node:worker_threads';
import { crossfade, fadeToBlack } from './blend.js';
import { blendOverlay, prepareOverlay, type CaptionOverlay } from './caption-overlay.js';
import { frameProgress, interpolateWindow, motionEndpoints } from './ken-burns.js';
import type { ClipJob, FromWorker, PictureJob, ToWorker } from './frame-protocol.js';
import { transitionAlpha } from './timeline.js';
import { frameBytes, FrameWarper } from './warp.js';
import { loadSimdKernels } from './warp-simd.js';
import { rgbToYuv420, type YuvImage } from './yuv.js';

type Current = { job: ClipJob; frame: number; captions: { startFrame: number; endFrame: number; overlay: CaptionOverlay }[] };

const port = parentPort;
if (port === null) throw new Error('frame-worker must run in a worker thread');

const queue: ClipJob[] = [];
const free: ArrayBuffer[] = [];
let current: Current | null = null;
/** Each warper keeps its image in its own WebAssembly memory, so the two pictures of a transition need two. */
let warpers: { picture: FrameWarper; outgoing: FrameWarper; scratch: Uint8Array } | null = null;

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

/**
 * YUV conversions of the last few pictures, by image id: a picture is drawn by up to three
 * clips in a row (the transition into it, its own clip, the transition out of it), and
 * converting a prepared photo costs ~0.1 s. Three cover a transition's two and the next.
 */
const KEPT_CONVERSIONS = 3;
const converted = new Map<number, YuvImage>();

function yuvOf(image: PictureJob['image']): YuvImage {
  let yuv = converted.get(image.id);
  if (yuv !== undefined) converted.delete(image.id);
  else yuv = rgbToYuv420(image.rgb, image.width, image.height);
  converted.set(image.id, yuv);
  for (const id of converted.keys()) {
    if (converted.size <= KEPT_CONVERSIONS) break;
    converted.delete(id);
  }
  return yuv;
}

function setPicture(warper: FrameWarper, picture: PictureJob): void {
  warper.setImage(yuvOf(picture.image));
}

function drawPicture(warper: FrameWarper, job: ClipJob, picture: PictureJob, clipFrame: number, out: Uint8Array): void {
  const { start, end } = motionEndpoints(picture.motion, picture.image.cover, job.output, job.zoomIntensity, picture.focus);
  const w = interpolateWindow(start, end, frameProgress(picture.offset + clipFrame, picture.spanFrames));
  // Cover coordinates → prepared-image pixels. The prepared image is cover × zoom rounded
  // up to even pixels, so the scale is exactly the zoom: the tightest window is then
  // exactly the output size and a pan is a pure sub-pixel shift (the fast path).
  const z = job.zoomIntensity;
  warper.warp({ x: w.x * z, y: w.y * z, width: w.width * z, height: w.height * z }, out);
}

/** Each distinct caption raster converted once per clip (highlight states share nothing, repeats share one). */
function prepareCaptions(job: ClipJob): Current['captions'] {
  const overlays = new Map<object, CaptionOverlay>();
  return (job.captions ?? []).map((c) => {
    let overlay = overlays.get(c.raster);
    if (overlay === undefined) {
      overlay = prepareOverlay(c.raster);
      overlays.set(c.raster, overlay);
    }
    return { startFrame: c.startFrame, endFrame: c.endFrame, overlay };
  });
}

function drawFrame(current: Current, frame: number, out: Uint8Array): void {
  const { job } = current;
  drawPictures(job, frame, out);
  // Captions go over the finished picture, so a transition never fades them.
  for (const c of current.captions) {
    if (frame >= c.startFrame && frame < c.endFrame) blendOverlay(out, job.output.width, job.output.height, c.overlay);
  }
}

function drawPictures(job: ClipJob, frame: number, out: Uint8Array): void {
  const w = warpers!;
  drawPicture(w.picture, job, job.picture, frame, out);
  const { kind, frames } = job.transition;
  if (job.outgoing === null || frame >= frames || kind === 'cut') return;
  const alpha = transitionAlpha(frame, frames);
  const luma = job.output.width * job.output.height;
  if (kind === 'crossfade') {
    drawPicture(w.outgoing, job, job.outgoing, frame, w.scratch);
    crossfade(w.scratch, out, alpha, out);
  } else if (alpha < 0.5) {
    // fade_black: the old picture goes out to black over the first half, the new one comes in.
    drawPicture(w.outgoing, job, job.outgoing, frame, w.scratch);
    fadeToBlack(w.scratch, luma, 1 - 2 * alpha, out);
  } else {
    fadeToBlack(out, luma, 2 * alpha - 1, out);
  }
}

function drawFrames(): void {
  for (;;) {
    if (current === null) {
      const job = queue.shift();
      if (job === undefined) return;
      const { width, height } = job.output;
      if (warpers === null) {
        warpers = {
          picture: new FrameWarper(width, height, loadSimdKernels()),
          outgoing: new FrameWarper(width, height, loadSimdKernels()),
          scratch: new Uint8Array(frameBytes(width, height)),
        };
      }
      setPicture(warpers.picture, job.picture);
      if (job.outgoing !== null && job.transition.frames > 0 && job.transition.kind !== 'cut') setPicture(warpers.outgoing, job.outgoing);
      current = { job, frame: job.firstFrame ?? 0, captions: prepareCaptions(job) };
    }
    const { job } = current;
    if (current.frame >= job.frameCount) {
      post({ type: 'clip-done', clipIndex: job.clipIndex });
      current = null;
      continue;
    }
    const buffer = free.pop();
    if (buffer === undefined) return;
    drawFrame(current, current.frame, new Uint8Array(buffer));
    current.frame += 1;
    post({ type: 'frame', clipIndex: job.clipIndex, buffer }, [buffer]);
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'buffer') free.push(message.buffer);
  else queue.push(message.job);
  try {
    drawFrames();
  } catch (err) {
    const clipIndex = current?.job.clipIndex ?? -1;
    post({ type: 'error', clipIndex, message: err instanceof Error ? err.message : String(err) });
  }
});
