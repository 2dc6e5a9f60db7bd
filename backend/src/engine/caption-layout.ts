/**
 * Where a caption sits in the frame (SPEC §7.3): pure geometry. Safe margins keep it off
 * the frame's edges; a 9:16 frame also keeps clear of the bottom 18 % and the right 8 %,
 * which phone apps cover with their own buttons and text.
 */
import type { Size } from './ken-burns.js';

export type CaptionPosition = 'bottom' | 'middle' | 'top';
export type Box = { left: number; top: number; right: number; bottom: number };

/** A frame at least this much taller than wide is a phone's full screen (9:16 is 1.78). */
const PHONE_ASPECT = 1.7;

/** The area a caption may occupy, in pixels. */
export function captionSafeArea(frame: Size): Box {
  const phone = frame.height / frame.width >= PHONE_ASPECT;
  return {
    left: Math.ceil(frame.width * 0.05),
    right: Math.floor(frame.width * (phone ? 1 - 0.08 - 0.02 : 0.95)),
    top: Math.ceil(frame.height * (phone ? 0.08 : 0.06)),
    bottom: Math.floor(frame.height * (phone ? 1 - 0.18 - 0.02 : 0.93)),
  };
}

/** The caption's text height in pixels: `size` is per 1080 pixels of the frame's shorter side. */
export function captionFontPixels(size: number, frame: Size): number {
  return Math.max(8, Math.round((size * Math.min(frame.width, frame.height)) / 1080));
}

/** Top-left corner (even, as yuv420p chroma needs) of a caption of `width` × `height` centred in the safe area. */
export function placeCaption(frame: Size, position: CaptionPosition, width: number, height: number): { x: number; y: number } {
  const safe = captionSafeArea(frame);
  const even = (n: number): number => 2 * Math.floor(n / 2);
  const x = even(safe.left + (safe.right - safe.left - width) / 2);
  let y: number;
  if (position === 'top') y = safe.top;
  else if (position === 'middle') y = (frame.height - height) / 2;
  else y = safe.bottom - height;
  // A caption taller than the room left (huge size, many lines) still stays inside the frame.
  y = Math.min(Math.max(0, y), frame.height - height);
  return { x: Math.max(0, x), y: Math.max(0, even(y)) };
}
