/** Messages between the renderer (main thread) and the frame worker. */
import type { MotionPreset, Size } from './ken-burns.js';

export type SegmentJob = {
  segmentIndex: number;
  frameCount: number;
  preset: MotionPreset;
  output: Size;
  zoomIntensity: number;
  image: { rgb: Uint8Array; width: number; height: number; cover: Size };
};

export type ToWorker = { type: 'segment'; job: SegmentJob } | { type: 'buffer'; buffer: ArrayBuffer };

export type FromWorker =
  | { type: 'frame'; segmentIndex: number; buffer: ArrayBuffer }
  | { type: 'segment-done'; segmentIndex: number }
  | { type: 'error'; segmentIndex: number; message: string };
