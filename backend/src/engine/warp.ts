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
import type { SimdKernels } from './warp-simd.js';
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

/** Bytes the SIMD kernels may read or write past the end of a buffer. */
const SLACK = 64;
const align16 = (n: number): number => (n + 15) & ~15;

/**
 * Draws frames of one image at a time. With the WebAssembly SIMD kernels the image
 * lives in wasm memory and the two inner loops run there; without them it falls back
 * to warpFrame. Both give identical bytes.
 */
export class FrameWarper {
  private image: YuvImage | null = null;
  private planePtrs: [number, number, number] = [0, 0, 0];
  private rowPtrs: [number, number] = [0, 0];
  private tablePtr = 0;
  private outPtr = 0;

  constructor(
    private readonly width: number,
    private readonly height: number,
    private readonly kernels: SimdKernels | null,
  ) {}

  setImage(image: YuvImage): void {
    // A clip that follows a transition into the same picture finds it already in place.
    if (image === this.image) return;
    this.image = image;
    const k = this.kernels;
    if (k === null) return;
    let next = 0;
    const take = (bytes: number): number => {
      const ptr = next;
      next = align16(next + bytes + SLACK);
      return ptr;
    };
    this.planePtrs = [take(image.y.data.length), take(image.u.data.length), take(image.v.data.length)];
    this.rowPtrs = [take(this.width * 2), take(this.width * 2)];
    this.tablePtr = take(this.width * 8);
    this.outPtr = take(frameBytes(this.width, this.height));
    const needPages = Math.ceil(next / 65536) - k.memory.buffer.byteLength / 65536;
    if (needPages > 0) k.memory.grow(needPages);
    const heap = new Uint8Array(k.memory.buffer);
    heap.set(image.y.data, this.planePtrs[0]);
    heap.set(image.u.data, this.planePtrs[1]);
    heap.set(image.v.data, this.planePtrs[2]);
  }

  warp(window: Window, out: Uint8Array): void {
    const image = this.image;
    if (image === null) throw new Error('FrameWarper: no image set');
    const k = this.kernels;
    if (k === null) {
      warpFrame(image, window, this.width, this.height, out);
      return;
    }
    const { width, height } = this;
    const cw = width / 2;
    const ch = height / 2;
    this.warpPlaneSimd(k, image.y, this.planePtrs[0], window, 1, this.outPtr, width, height);
    this.warpPlaneSimd(k, image.u, this.planePtrs[1], window, 0.5, this.outPtr + width * height, cw, ch);
    this.warpPlaneSimd(k, image.v, this.planePtrs[2], window, 0.5, this.outPtr + width * height + cw * ch, cw, ch);
    out.set(new Uint8Array(k.memory.buffer, this.outPtr, frameBytes(width, height)));
  }

  private warpPlaneSimd(
    k: SimdKernels,
    src: Plane,
    srcPtr: number,
    window: Window,
    scale: number,
    outPtr: number,
    outWidth: number,
    outHeight: number,
  ): void {
    const cols = axisTable(outWidth, src.width, window.x * scale, (window.width * scale) / outWidth);
    const rows = axisTable(outHeight, src.height, window.y * scale, (window.height * scale) / outHeight);
    const stride = src.width;
    if (!cols.uniform) {
      // (index, weight) pairs for hgather.
      const table = new Int32Array(k.memory.buffer, this.tablePtr, outWidth * 2);
      for (let x = 0; x < outWidth; x++) {
        table[2 * x] = cols.index[x]!;
        table[2 * x + 1] = cols.weight[x]!;
      }
    }
    const filter = (row: number, dest: number): void => {
      if (cols.uniform) k.hfilter(srcPtr + row * stride + cols.index[0]!, dest, outWidth, cols.weight[0]!);
      else k.hgather(srcPtr + row * stride, this.tablePtr, dest, outWidth);
    };
    let [upper, lower] = this.rowPtrs;
    let upperRow = -1;
    let lowerRow = -1;
    for (let oy = 0; oy < outHeight; oy++) {
      const r0 = rows.index[oy]!;
      const fy = rows.weight[oy]!;
      if (upperRow !== r0) {
        if (lowerRow === r0) {
          [upper, lower] = [lower, upper];
          upperRow = r0;
          lowerRow = -1;
        } else {
          filter(r0, upper);
          upperRow = r0;
        }
      }
      if (fy !== 0 && lowerRow !== r0 + 1) {
        filter(r0 + 1, lower);
        lowerRow = r0 + 1;
      }
      k.vblend(upper, fy === 0 ? upper : lower, outPtr + oy * outWidth, outWidth, fy);
    }
  }
}
