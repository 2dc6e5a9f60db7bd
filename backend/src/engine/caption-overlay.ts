/**
 * Blends a drawn caption into a yuv420p frame (the frame worker calls it on the frames the
 * caption is shown). The caption's RGBA is converted once into premultiplied Y/U/V planes
 * with the same BT.709 limited-range arithmetic as yuv.ts, so blending a frame is one
 * multiply-add per sample over the caption's box only (~1 ms per 1080p frame).
 */
import type { CaptionRaster } from './caption-raster.js';

export type CaptionOverlay = {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Per luma sample: alpha 0–255 and Y × alpha. */
  alpha: Uint8Array;
  yTimesAlpha: Uint16Array;
  /** Per 2×2 block: mean alpha and U, V × mean alpha. */
  chromaAlpha: Uint8Array;
  uTimesAlpha: Uint16Array;
  vTimesAlpha: Uint16Array;
};

export function prepareOverlay(raster: CaptionRaster): CaptionOverlay {
  const { width, height, rgba } = raster;
  const n = width * height;
  const alpha = new Uint8Array(n);
  const yTimesAlpha = new Uint16Array(n);
  for (let i = 0, s = 0; i < n; i++, s += 4) {
    const a = rgba[s + 3]!;
    alpha[i] = a;
    if (a === 0) continue;
    const y = ((47 * rgba[s]! + 157 * rgba[s + 1]! + 16 * rgba[s + 2]! + 128) >> 8) + 16;
    yTimesAlpha[i] = y * a;
  }
  const cw = width / 2;
  const ch = height / 2;
  const chromaAlpha = new Uint8Array(cw * ch);
  const uTimesAlpha = new Uint16Array(cw * ch);
  const vTimesAlpha = new Uint16Array(cw * ch);
  for (let cy = 0; cy < ch; cy++) {
    for (let cx = 0; cx < cw; cx++) {
      let aSum = 0;
      let u = 0;
      let v = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const s = ((2 * cy + dy) * width + 2 * cx + dx) * 4;
        const a = rgba[s + 3]!;
        if (a === 0) continue;
        const r = rgba[s]!;
        const g = rgba[s + 1]!;
        const b = rgba[s + 2]!;
        // Chroma of one sample (yuv.ts sums four, hence its >> 10; one sample is >> 8).
        u += a * (((-26 * r - 87 * g + 112 * b + 128) >> 8) + 128);
        v += a * (((112 * r - 102 * g - 10 * b + 128) >> 8) + 128);
        aSum += a;
      }
      const o = cy * cw + cx;
      if (aSum === 0) continue;
      // Alpha-weighted colour of the block, times its mean alpha: Σ(c·a)/4.
      chromaAlpha[o] = (aSum + 2) >> 2;
      uTimesAlpha[o] = Math.round(u / 4);
      vTimesAlpha[o] = Math.round(v / 4);
    }
  }
  return { x: raster.x, y: raster.y, width, height, alpha, yTimesAlpha, chromaAlpha, uTimesAlpha, vTimesAlpha };
}

/** out = frame · (1 − α) + caption · α on the caption's box, in place; `frame` is yuv420p of `frameWidth` × `frameHeight`. */
export function blendOverlay(frame: Uint8Array, frameWidth: number, frameHeight: number, o: CaptionOverlay): void {
  const rows = Math.min(o.height, frameHeight - o.y);
  const cols = Math.min(o.width, frameWidth - o.x);
  for (let row = 0; row < rows; row++) {
    let f = (o.y + row) * frameWidth + o.x;
    let i = row * o.width;
    for (let col = 0; col < cols; col++, f++, i++) {
      const a = o.alpha[i]!;
      if (a === 0) continue;
      frame[f] = ((frame[f]! * (255 - a) + o.yTimesAlpha[i]! + 127) / 255) | 0;
    }
  }
  const cw = frameWidth / 2;
  const planeU = frameWidth * frameHeight;
  const planeV = planeU + cw * (frameHeight / 2);
  const ocw = o.width / 2;
  for (let row = 0; row < rows / 2; row++) {
    const base = (o.y / 2 + row) * cw + o.x / 2;
    let i = row * ocw;
    for (let col = 0; col < cols / 2; col++, i++) {
      const a = o.chromaAlpha[i]!;
      if (a === 0) continue;
      const keep = 255 - a;
      frame[planeU + base + col] = ((frame[planeU + base + col]! * keep + o.uTimesAlpha[i]! + 127) / 255) | 0;
      frame[planeV + base + col] = ((frame[planeV + base + col]! * keep + o.vTimesAlpha[i]! + 127) / 255) | 0;
    }
  }
}
