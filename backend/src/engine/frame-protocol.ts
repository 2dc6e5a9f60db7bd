/** Messages between the renderer (main thread) and the frame worker. */
import type { CaptionRaster } from './caption-raster.js';
import type { FocusPoint, Motion, Size } from './ken-burns.js';
import type { TransitionKind } from './timeline.js';

/** One segment's moving picture, as seen from inside a clip. */
export type PictureJob = {
  image: { id: number; rgb: Uint8Array; width: number; height: number; cover: Size };
  motion: Motion;
  focus: FocusPoint | null;
  /** Frames the picture is on screen in all; its motion runs from the first to the last. */
  spanFrames: number;
  /** The span frame shown at the clip's first frame. */
  offset: number;
};

export type ClipJob = {
  /** Its place on the timeline: frames and completion are routed by it. */
  clipIndex: number;
  /** The segment whose picture it shows (a transition: the incoming one), named when it fails. */
  segmentIndex: number;
  frameCount: number;
  output: Size;
  zoomIntensity: number;
  picture: PictureJob;
  /** The previous segment's picture, drawn during the first `transition.frames` frames. */
  outgoing: PictureJob | null;
  transition: { kind: TransitionKind; frames: number };
  /** Captions burned in over the picture on clip frames [startFrame, endFrame); a raster shared by several is drawn once. */
  captions?: readonly ClipCaption[] | undefined;
  /** The first clip frame to draw (a still preview draws one frame); default 0. */
  firstFrame?: number | undefined;
};

export type ClipCaption = { startFrame: number; endFrame: number; raster: CaptionRaster };

export type ToWorker = { type: 'clip'; job: ClipJob } | { type: 'buffer'; buffer: ArrayBuffer };

export type FromWorker =
  | { type: 'frame'; clipIndex: number; buffer: ArrayBuffer }
  | { type: 'clip-done'; clipIndex: number }
  /** clipIndex −1: the worker failed outside any clip. */
  | { type: 'error'; clipIndex: number; message: string };
