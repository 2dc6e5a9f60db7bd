import { describe, expect, it } from 'vitest';
import { FrameWarper, frameBytes, warpFrame } from '../../src/engine/warp.js';
import { loadSimdKernels } from '../../src/engine/warp-simd.js';
import { rgbToYuv420, type YuvImage } from '../../src/engine/yuv.js';

function noiseImage(width: number, height: number, seed = 7): YuvImage {
  const rgb = new Uint8Array(width * height * 3);
  let s = seed;
  for (let i = 0; i < rgb.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    rgb[i] = s >>> 24;
  }
  return rgbToYuv420(rgb, width, height);
}

describe('warpFrame', () => {
  it('is a plain crop when the window sits on whole pixels at output size', () => {
    const image = noiseImage(64, 48);
    const out = new Uint8Array(frameBytes(32, 16));
    warpFrame(image, { x: 6, y: 4, width: 32, height: 16 }, 32, 16, out);
    for (let y = 0; y < 16; y++) {
      expect(Array.from(out.subarray(y * 32, y * 32 + 32))).toEqual(Array.from(image.y.data.subarray((y + 4) * 64 + 6, (y + 4) * 64 + 38)));
    }
    // Chroma planes shift by half as much.
    expect(Array.from(out.subarray(32 * 16, 32 * 16 + 16))).toEqual(Array.from(image.u.data.subarray(2 * 32 + 3, 2 * 32 + 19)));
  });

  it('moves the picture by a fraction of a pixel for a fractional window position', () => {
    // A horizontal ramp: shifting the window by 0.25 px raises every luma sample by a quarter step.
    const width = 64;
    const height = 8;
    const y = new Uint8Array(width * height).map((_, i) => 16 + 3 * (i % width));
    const chroma = new Uint8Array((width / 2) * (height / 2)).fill(128);
    const image: YuvImage = { y: { data: y, width, height }, u: { data: chroma, width: 32, height: 4 }, v: { data: chroma, width: 32, height: 4 } };
    const out = new Uint8Array(frameBytes(32, 8));
    warpFrame(image, { x: 10.25, y: 0, width: 32, height: 8 }, 32, 8, out);
    expect(Array.from(out.subarray(0, 4))).toEqual([16 + 3 * 10.25, 16 + 3 * 11.25, 16 + 3 * 12.25, 16 + 3 * 13.25].map(Math.round));
  });
});

describe('FrameWarper', () => {
  it('loads the WebAssembly SIMD kernels on this Node', () => {
    expect(loadSimdKernels()).not.toBeNull();
  });

  it('gives exactly the JavaScript bytes with the SIMD kernels, for pans, zooms and odd widths', () => {
    const image = noiseImage(420, 260);
    for (const [width, height] of [[320, 180], [166, 94]] as const) {
      const simd = new FrameWarper(width, height, loadSimdKernels());
      simd.setImage(image);
      const windows = [
        { x: 12.37, y: 7.81, width, height }, // pure sub-pixel shift
        { x: 0, y: 0, width: 420, height: 260 }, // whole image, shrunk
        { x: 33.3, y: 21.9, width: width * 1.17, height: height * 1.17 }, // mid-zoom
        { x: 420 - width, y: 260 - height, width, height }, // against the far edges
      ];
      for (const window of windows) {
        const expected = new Uint8Array(frameBytes(width, height));
        const actual = new Uint8Array(frameBytes(width, height));
        warpFrame(image, window, width, height, expected);
        simd.warp(window, actual);
        expect(Buffer.compare(actual, expected), JSON.stringify({ width, window })).toBe(0);
      }
    }
  });
});
