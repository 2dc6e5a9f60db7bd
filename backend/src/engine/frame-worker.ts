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
import { warpFrame } from './warp.js';
import { rgbToYuv420, type YuvImage } from './yuv.js';

type Current = { job: SegmentJob; yuv: YuvImage; frame: number };

const port = parentPort;
if (port === null) throw new Error('frame-worker must run in a worker thread');

const queue: SegmentJob[] = [];
const free: ArrayBuffer[] = [];
let current: Current | null = null;

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

function drawFrames(): void {
  for (;;) {
    if (current === null) {
      const job = queue.shift();
      if (job === undefined) return;
      const { rgb, width, height } = job.image;
      current = { job, yuv: rgbToYuv420(rgb, width, height), frame: 0 };
    }
    const { job, yuv } = current;
    if (current.frame >= job.frameCount) {
      post({ type: 'segment-done', segmentIndex: job.segmentIndex });
      current = null;
      continue;
    }
    const buffer = free.pop();
    if (buffer === undefined) return;
    const { start, end } = motionEndpoints(job.preset, job.image.cover, job.output, job.zoomIntensity);
    const w = interpolateWindow(start, end, frameProgress(current.frame, job.frameCount));
    // Cover coordinates → prepared-image pixels (the two differ by about zoomIntensity).
    const sx = job.image.width / job.image.cover.width;
    const sy = job.image.height / job.image.cover.height;
    const window = { x: w.x * sx, y: w.y * sy, width: w.width * sx, height: w.height * sy };
    warpFrame(yuv, window, job.output.width, job.output.height, new Uint8Array(buffer));
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
