/**
 * Transition pixels, in yuv420p (DESIGN §7 "Crossfade"). A crossfade is (1−α)·A + α·B of
 * the two moving pictures — no dip to black in between, so the mean brightness of two
 * equally bright pictures stays put (the reference composited over black and dipped to
 * 75 %). Weights are 8-bit fixed point like the warp, so output is deterministic.
 */

/** out = (1−α)·a + α·b, written into `out` (which may be `b`). */
export function crossfade(a: Uint8Array, b: Uint8Array, alpha: number, out: Uint8Array): void {
  const w = Math.round(alpha * 256);
  const iw = 256 - w;
  for (let i = 0; i < out.length; i++) out[i] = (a[i]! * iw + b[i]! * w + 128) >> 8;
}

/**
 * Scales a picture toward black by `gain` (1 = unchanged, 0 = black). Black in limited-
 * range YUV is Y 16 and neutral chroma 128, so each plane fades toward its own level.
 */
export function fadeToBlack(frame: Uint8Array, lumaBytes: number, gain: number, out: Uint8Array): void {
  const g = Math.round(gain * 256);
  for (let i = 0; i < lumaBytes; i++) out[i] = 16 + (((frame[i]! - 16) * g + 128) >> 8);
  for (let i = lumaBytes; i < out.length; i++) out[i] = 128 + (((frame[i]! - 128) * g + 128) >> 8);
}
