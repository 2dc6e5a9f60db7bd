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

/**
 * Per output sample along one axis: the left/top source index and the weight (0–256) of
 * the next one. `origin` and `step` are in this plane's pixels.
 */
function axisTable(outCount: number, srcCount: number, origin: number, step: number): { index: Int32Array; weight: Int32Array } {
  const index = new Int32Array(outCount);
  const weight = new Int32Array(outCount);
  const maxIndex = srcCount - 2;
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
  return { index, weight };
}

function warpPlane(src: Plane, window: Window, scale: number, out: Uint8Array, outOffset: number, outWidth: number, outHeight: number): void {
  // `window` is in luma pixels; a chroma plane has `scale` = 1/2 of them.
  const cols = axisTable(outWidth, src.width, window.x * scale, (window.width * scale) / outWidth);
  const rows = axisTable(outHeight, src.height, window.y * scale, (window.height * scale) / outHeight);
  const data = src.data;
  const stride = src.width;
  const xi = cols.index;
  const xw = cols.weight;
  let o = outOffset;
  for (let oy = 0; oy < outHeight; oy++) {
    const r0 = rows.index[oy]! * stride;
    const r1 = r0 + stride;
    const fy = rows.weight[oy]!;
    for (let ox = 0; ox < outWidth; ox++) {
      const i = xi[ox]!;
      const fx = xw[ox]!;
      const a = data[r0 + i]!;
      const c = data[r1 + i]!;
      const top = (a << 8) + (data[r0 + i + 1]! - a) * fx;
      const bottom = (c << 8) + (data[r1 + i + 1]! - c) * fx;
      out[o++] = ((top << 8) + (bottom - top) * fy + 32768) >> 16;
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
