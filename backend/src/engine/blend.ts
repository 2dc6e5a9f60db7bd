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
  // Four samples per step (a 1080p frame is 3 MB; byte by byte this was ~12 ms of the frame
  // worker's time per crossfade frame): the even and the odd bytes of a 32-bit word each
  // sit in a 16-bit lane, where a·iw + b·w + 128 ≤ 255·256 + 128 cannot carry into the
  // next lane, so every byte is exactly the scalar formula's.
  const words = aligned(a) && aligned(b) && aligned(out) ? out.length >> 2 : 0;
  if (words > 0) {
    const a32 = new Uint32Array(a.buffer, a.byteOffset, words);
    const b32 = new Uint32Array(b.buffer, b.byteOffset, words);
    const o32 = new Uint32Array(out.buffer, out.byteOffset, words);
    for (let i = 0; i < words; i++) {
      const x = a32[i]!;
      const y = b32[i]!;
      const even = ((x & LANES) * iw + (y & LANES) * w + ROUNDING) >>> 8;
      const odd = ((x >>> 8) & LANES) * iw + ((y >>> 8) & LANES) * w + ROUNDING;
      o32[i] = ((even & LANES) | (odd & ~LANES)) >>> 0;
    }
  }
  for (let i = words << 2; i < out.length; i++) out[i] = (a[i]! * iw + b[i]! * w + 128) >> 8;
}

/** The low byte of each 16-bit lane. */
const LANES = 0x00ff00ff;
const ROUNDING = 0x00800080;

const aligned = (bytes: Uint8Array): boolean => bytes.byteOffset % 4 === 0;

/**
 * Scales a picture toward black by `gain` (1 = unchanged, 0 = black). Black in limited-
 * range YUV is Y 16 and neutral chroma 128, so each plane fades toward its own level.
 */
export function fadeToBlack(frame: Uint8Array, lumaBytes: number, gain: number, out: Uint8Array): void {
  const g = Math.round(gain * 256);
  for (let i = 0; i < lumaBytes; i++) out[i] = 16 + (((frame[i]! - 16) * g + 128) >> 8);
  for (let i = lumaBytes; i < out.length; i++) out[i] = 128 + (((frame[i]! - 128) * g + 128) >> 8);
}
