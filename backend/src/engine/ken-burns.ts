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

/** What a segment may be set to (SPEC §7.1): a preset, or `still` (no zoom, no pan). */
export const MOTIONS = [...MOTION_PRESETS, 'still'] as const;
export type Motion = (typeof MOTIONS)[number];

/** A point in 0–1 image coordinates that every window of a segment keeps in view. */
export type FocusPoint = { x: number; y: number };

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

/** Share of the window kept between the focus point and the window's edge. */
const FOCUS_MARGIN = 0.1;

/**
 * Moves a window as little as possible so the focus point lies inside it (with a margin),
 * never past the image's edges. A centre anchor is centred on the focus instead.
 */
function keepInView(window: Window, cover: Size, focus: FocusPoint, centred: boolean): Window {
  const shift = (pos: number, size: number, limit: number, point: number): number => {
    let next = centred ? point - size / 2 : pos;
    const margin = size * FOCUS_MARGIN;
    if (point < next + margin) next = point - margin;
    if (point > next + size - margin) next = point + margin - size;
    return Math.min(Math.max(0, next), limit - size);
  };
  return {
    ...window,
    x: shift(window.x, window.width, cover.width, focus.x * cover.width),
    y: shift(window.y, window.height, cover.height, focus.y * cover.height),
  };
}

/** The window at the first and the last frame of a segment, in cover coordinates. */
export function motionEndpoints(
  motion: Motion,
  cover: Size,
  output: Size,
  zoomIntensity: number,
  focus: FocusPoint | null = null,
): { start: Window; end: Window } {
  if (motion === 'still') {
    // The whole covering picture, held: centred, or centred on the focus point.
    const still = placeWindow(cover, output, 'center');
    const placed = focus === null ? still : keepInView(still, cover, focus, true);
    return { start: placed, end: placed };
  }
  const [from, to] = PRESET_ANCHORS[motion];
  const tight = tightestWindowSize(output, zoomIntensity);
  // center→center is the one preset that zooms (from the full frame in), so that no
  // segment is static; the others travel at the tightest window across the free room.
  const startSize = motion === 'center_center' ? output : tight;
  const start = placeWindow(cover, startSize, from);
  const end = placeWindow(cover, tight, to);
  if (focus === null) return { start, end };
  return {
    start: keepInView(start, cover, focus, from === 'center'),
    end: keepInView(end, cover, focus, to === 'center'),
  };
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
