/**
 * Worker thread that turns prepared images into Ken Burns frames, so the pixel work
 * never blocks the main thread (which also serves the API). Frame buffers circulate:
 * the main thread hands each one back after ffmpeg's stdin has taken it, and the
 * worker draws only into a free buffer, which bounds memory and keeps it in step with
 * the encoder.
 */
import { parentPort } from 'node:worker_threads';
import { frameProgress, interpolateWindow, motionEndpoints } from './ken-burns.js';
import type { FromWorker, SegmentJob, ToWorker } from './frame-protocol.js';
import { FrameWarper } from './warp.js';
import { loadSimdKernels } from './warp-simd.js';
import { rgbToYuv420 } from './yuv.js';

type Current = { job: SegmentJob; frame: number };

const port = parentPort;
if (port === null) throw new Error('frame-worker must run in a worker thread');

const queue: SegmentJob[] = [];
const free: ArrayBuffer[] = [];
let current: Current | null = null;
const kernels = loadSimdKernels();
let warper: FrameWarper | null = null;

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

function drawFrames(): void {
  for (;;) {
    if (current === null) {
      const job = queue.shift();
      if (job === undefined) return;
      const { rgb, width, height } = job.image;
      if (warper === null) warper = new FrameWarper(job.output.width, job.output.height, kernels);
      warper.setImage(rgbToYuv420(rgb, width, height));
      current = { job, frame: 0 };
    }
    const { job } = current;
    if (current.frame >= job.frameCount) {
      post({ type: 'segment-done', segmentIndex: job.segmentIndex });
      current = null;
      continue;
    }
    const buffer = free.pop();
    if (buffer === undefined) return;
    const { start, end } = motionEndpoints(job.preset, job.image.cover, job.output, job.zoomIntensity);
    const w = interpolateWindow(start, end, frameProgress(current.frame, job.frameCount));
    // Cover coordinates → prepared-image pixels. The prepared image is cover × zoom rounded
    // up to even pixels, so the scale is exactly the zoom: the tightest window is then
    // exactly the output size and a pan is a pure sub-pixel shift (the fast path).
    const z = job.zoomIntensity;
    const window = { x: w.x * z, y: w.y * z, width: w.width * z, height: w.height * z };
    (warper as FrameWarper).warp(window, new Uint8Array(buffer));
    current.frame += 1;
    post({ type: 'frame', segmentIndex: job.segmentIndex, buffer }, [buffer]);
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'buffer') free.push(message.buffer);
  else queue.push(message.job);
  try {
    drawFrames();
  } catch (err) {
    const segmentIndex = current?.job.segmentIndex ?? -1;
    post({ type: 'error', segmentIndex, message: err instanceof Error ? err.message : String(err) });
  }
});
