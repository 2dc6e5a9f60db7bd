/**
 * The Ken Burns frame itself: a crop window with fractional position and size, resampled
 * bilinearly to the output size, straight into a yuv420p frame buffer. Sub-pixel
 * positions are what keep slow pans smooth; rounding the window to whole pixels makes
 * the picture step by up to a pixel from frame to frame (DESIGN §5).
 *
 * The transform is axis-aligned (scale + shift), so each output column and row needs one
 * source index and one weight, computed once per frame; the inner loop is four loads and
 * integer blends. Weights are 8-bit fixed point (1/256 px), which keeps the output
 * deterministic and is far finer than the 0.08 px smoothness budget.
 */
import type { Window } from './ken-burns.js';
import type { Plane, YuvImage } from './yuv.js';

export function frameBytes(width: number, height: number): number {
  return width * height + 2 * (width / 2) * (height / 2);
}

type AxisTable = {
  /** Left/top source sample of each output sample. */
  index: Int32Array;
  /** Weight (0–256) of the sample after it. */
  weight: Int32Array;
  /** Every output sample is source index[0] + i with the same weight: a pure shift. */
  uniform: boolean;
};

/** Snaps steps this close to 1 to exactly 1, so a pan at the tightest window is a pure shift. */
const UNIT_STEP_TOLERANCE = 1e-6;

/** Per output sample along one axis: source index and weight. `origin` and `step` are in this plane's pixels. */
function axisTable(outCount: number, srcCount: number, origin: number, step: number): AxisTable {
  const index = new Int32Array(outCount);
  const weight = new Int32Array(outCount);
  const maxIndex = srcCount - 2;
  if (Math.abs(step - 1) < UNIT_STEP_TOLERANCE && origin >= 0) {
    // Pure shift: one index offset and one weight for the whole axis (computed once, so
    // floating-point noise cannot give neighbouring samples different weights).
    let base = Math.floor(origin);
    let w = Math.round((origin - base) * 256);
    if (w === 256) {
      base += 1;
      w = 0;
    }
    if (base + outCount - 1 + (w > 0 ? 1 : 0) <= srcCount - 1) {
      for (let i = 0; i < outCount; i++) {
        index[i] = Math.min(base + i, maxIndex);
        weight[i] = base + i > maxIndex ? 256 : w;
      }
      return { index, weight, uniform: base + outCount - 1 <= maxIndex };
    }
  }
  for (let i = 0; i < outCount; i++) {
    // Sample centres map to sample centres: out centre i + 0.5 → origin + (i + 0.5)·step.
    let pos = origin + (i + 0.5) * step - 0.5;
    if (pos < 0) pos = 0;
    let i0 = Math.floor(pos);
    let w = Math.round((pos - i0) * 256);
    if (w === 256) {
      i0 += 1;
      w = 0;
    }
    if (i0 > maxIndex) {
      i0 = maxIndex;
      w = 256;
    }
    index[i] = i0;
    weight[i] = w;
  }
  return { index, weight, uniform: false };
}

/** Horizontal pass of one source row into 8.8 fixed point. */
function filterRow(data: Uint8Array, rowStart: number, cols: AxisTable, dest: Uint16Array): void {
  const n = dest.length;
  if (cols.uniform) {
    const fx = cols.weight[0]!;
    let i = rowStart + cols.index[0]!;
    let a = data[i]!;
    for (let x = 0; x < n; x++) {
      const b = data[++i]!;
      dest[x] = (a << 8) + (b - a) * fx;
      a = b;
    }
    return;
  }
  const xi = cols.index;
  const xw = cols.weight;
  for (let x = 0; x < n; x++) {
    const i = rowStart + xi[x]!;
    const a = data[i]!;
    dest[x] = (a << 8) + (data[i + 1]! - a) * xw[x]!;
  }
}

/**
 * Separable bilinear: each needed source row is filtered horizontally once (and reused
 * by the next output row when it needs it too, as in every pan), then rows are blended
 * vertically. Same arithmetic as a direct 2×2 blend, about half the work.
 */
function warpPlane(
  src: Plane,
  window: Window,
  scale: number,
  out: Uint8Array,
  outOffset: number,
  outWidth: number,
  outHeight: number,
): void {
  // `window` is in luma pixels; a chroma plane has `scale` = 1/2 of them.
  const cols = axisTable(outWidth, src.width, window.x * scale, (window.width * scale) / outWidth);
  const rows = axisTable(outHeight, src.height, window.y * scale, (window.height * scale) / outHeight);
  const data = src.data;
  const stride = src.width;
  let upper = new Uint16Array(outWidth);
  let lower = new Uint16Array(outWidth);
  let upperRow = -1;
  let lowerRow = -1;
  let o = outOffset;
  for (let oy = 0; oy < outHeight; oy++) {
    const r0 = rows.index[oy]!;
    const fy = rows.weight[oy]!;
    if (upperRow !== r0) {
      if (lowerRow === r0) {
        const t = upper;
        upper = lower;
        lower = t;
        upperRow = r0;
        lowerRow = -1;
      } else {
        filterRow(data, r0 * stride, cols, upper);
        upperRow = r0;
      }
    }
    if (fy === 0) {
      for (let x = 0; x < outWidth; x++) out[o++] = (upper[x]! + 128) >> 8;
      continue;
    }
    if (lowerRow !== r0 + 1) {
      filterRow(data, (r0 + 1) * stride, cols, lower);
      lowerRow = r0 + 1;
    }
    for (let x = 0; x < outWidth; x++) {
      const a = upper[x]!;
      out[o++] = ((a << 8) + (lower[x]! - a) * fy + 32768) >> 16;
    }
  }
}

/** Renders one output frame (yuv420p, width × height) from `window` of `image` into `out`. */
export function warpFrame(image: YuvImage, window: Window, width: number, height: number, out: Uint8Array): void {
  const cw = width / 2;
  const ch = height / 2;
  warpPlane(image.y, window, 1, out, 0, width, height);
  warpPlane(image.u, window, 0.5, out, width * height, cw, ch);
  warpPlane(image.v, window, 0.5, out, width * height + cw * ch, cw, ch);
}
