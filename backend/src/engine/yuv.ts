/**
 * RGB → planar YUV 4:2:0, BT.709 limited range (the flags in ffmpeg.ts say the same).
 * Integer arithmetic, so the result is identical on every run and machine.
 */
export type Plane = { data: Uint8Array; width: number; height: number };
export type YuvImage = { y: Plane; u: Plane; v: Plane };

export function rgbToYuv420(rgb: Uint8Array, width: number, height: number): YuvImage {
  if (width % 2 !== 0 || height % 2 !== 0) throw new Error('yuv420p needs even dimensions');
  const cw = width / 2;
  const ch = height / 2;
  const y = new Uint8Array(width * height);
  const u = new Uint8Array(cw * ch);
  const v = new Uint8Array(cw * ch);
  for (let py = 0; py < height; py++) {
    let s = py * width * 3;
    let o = py * width;
    for (let px = 0; px < width; px++, s += 3, o++) {
      // Y = 16 + (0.2126 R + 0.7152 G + 0.0722 B) · 219/255, scaled by 256.
      y[o] = ((47 * rgb[s]! + 157 * rgb[s + 1]! + 16 * rgb[s + 2]! + 128) >> 8) + 16;
    }
  }
  for (let cy = 0; cy < ch; cy++) {
    const row0 = 2 * cy * width * 3;
    const row1 = row0 + width * 3;
    let o = cy * cw;
    for (let cx = 0; cx < cw; cx++, o++) {
      const a = row0 + cx * 6;
      const b = row1 + cx * 6;
      // Chroma of the 2×2 block: sums of four samples, hence the extra >> 2.
      const r = rgb[a]! + rgb[a + 3]! + rgb[b]! + rgb[b + 3]!;
      const g = rgb[a + 1]! + rgb[a + 4]! + rgb[b + 1]! + rgb[b + 4]!;
      const bl = rgb[a + 2]! + rgb[a + 5]! + rgb[b + 2]! + rgb[b + 5]!;
      u[o] = ((-26 * r - 87 * g + 112 * bl + 512) >> 10) + 128;
      v[o] = ((112 * r - 102 * g - 10 * bl + 512) >> 10) + 128;
    }
  }
  return { y: { data: y, width, height }, u: { data: u, width: cw, height: ch }, v: { data: v, width: cw, height: ch } };
}
