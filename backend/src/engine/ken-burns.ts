/**
 * Ken Burns motion: the seven presets of SPEC §3 and the crop window at any moment.
 * Pure math. Windows are in "cover" coordinates: the image scaled so it just covers
 * the output frame (coverWidth × coverHeight ≥ output). The tightest window is
 * output / zoomIntensity; center→center starts at the full output size and zooms in.
 */

/** In SPEC order; a segment's preset is MOTION_PRESETS[position % 7]. */
export const MOTION_PRESETS = [
  'center_center',
  'top_left_bottom_right',
  'bottom_right_top_left',
  'top_right_bottom_left',
  'bottom_left_top_right',
  'center_top_left',
  'center_bottom_right',
] as const;

export type MotionPreset = (typeof MOTION_PRESETS)[number];

type Anchor = 'center' | 'top_left' | 'top_right' | 'bottom_left' | 'bottom_right';

const PRESET_ANCHORS: Record<MotionPreset, readonly [Anchor, Anchor]> = {
  center_center: ['center', 'center'],
  top_left_bottom_right: ['top_left', 'bottom_right'],
  bottom_right_top_left: ['bottom_right', 'top_left'],
  top_right_bottom_left: ['top_right', 'bottom_left'],
  bottom_left_top_right: ['bottom_left', 'top_right'],
  center_top_left: ['center', 'top_left'],
  center_bottom_right: ['center', 'bottom_right'],
};

/** Where the window sits in the free room around it: 0 = left/top edge, 1 = right/bottom edge. */
const ANCHOR_FRACTIONS: Record<Anchor, readonly [number, number]> = {
  center: [0.5, 0.5],
  top_left: [0, 0],
  top_right: [1, 0],
  bottom_left: [0, 1],
  bottom_right: [1, 1],
};

export type Size = { width: number; height: number };
/** A crop window: top-left corner and size, fractional. */
export type Window = { x: number; y: number; width: number; height: number };

export function presetForPosition(position: number): MotionPreset {
  const preset = MOTION_PRESETS[((position % 7) + 7) % 7];
  if (preset === undefined) throw new Error(`No motion preset for position ${position}`);
  return preset;
}

/** The image size after scaling it to just cover the output (one side equal, the other ≥). */
export function coverSize(image: Size, output: Size): Size {
  const scale = Math.max(output.width / image.width, output.height / image.height);
  return {
    width: Math.max(output.width, image.width * scale),
    height: Math.max(output.height, image.height * scale),
  };
}

/** The smallest crop window: output size divided by the zoom intensity. */
export function tightestWindowSize(output: Size, zoomIntensity: number): Size {
  return { width: output.width / zoomIntensity, height: output.height / zoomIntensity };
}

function placeWindow(cover: Size, size: Size, anchor: Anchor): Window {
  const [fx, fy] = ANCHOR_FRACTIONS[anchor];
  return {
    x: (cover.width - size.width) * fx,
    y: (cover.height - size.height) * fy,
    width: size.width,
    height: size.height,
  };
}

/** The window at the first and the last frame of a segment, in cover coordinates. */
export function motionEndpoints(
  preset: MotionPreset,
  cover: Size,
  output: Size,
  zoomIntensity: number,
): { start: Window; end: Window } {
  const [from, to] = PRESET_ANCHORS[preset];
  const tight = tightestWindowSize(output, zoomIntensity);
  // center→center is the one preset that zooms (from the full frame in), so that no
  // segment is static; the others travel at the tightest window across the free room.
  const startSize = preset === 'center_center' ? output : tight;
  return { start: placeWindow(cover, startSize, from), end: placeWindow(cover, tight, to) };
}

/** Linear interpolation of position and size; t = 0 at the first frame, 1 at the last. */
export function interpolateWindow(start: Window, end: Window, t: number): Window {
  const lerp = (a: number, b: number): number => a + (b - a) * t;
  return {
    x: lerp(start.x, end.x),
    y: lerp(start.y, end.y),
    width: lerp(start.width, end.width),
    height: lerp(start.height, end.height),
  };
}

/** t for frame `frame` of `frameCount`: the first frame shows the start, the last the end. */
export function frameProgress(frame: number, frameCount: number): number {
  return frameCount <= 1 ? 0 : frame / (frameCount - 1);
}
