import { describe, expect, it } from 'vitest';
import { estimateShift, meanAndStd } from './media.js';

/** A smooth pseudo-random 1-D texture, sampled at fractional offsets exactly. */
function texture(x: number): number {
  let v = 128;
  for (let k = 1; k <= 6; k++) v += (20 / k) * Math.sin(x * 0.05 * k * 1.37 + k * k);
  return v;
}
const sample = (offset: number, n = 320): Float64Array => Float64Array.from({ length: n }, (_, x) => texture(x + offset));

describe('sub-pixel displacement estimator (used by the smoothness test)', () => {
  it('measures a true sub-pixel pan as steady', () => {
    const offsets = Array.from({ length: 30 }, (_, i) => i * 2.62);
    const shifts = offsets.slice(1).map((o, i) => estimateShift(sample(offsets[i]!), sample(o)));
    const { mean, std } = meanAndStd(shifts);
    expect(mean).toBeCloseTo(2.62, 2);
    expect(std).toBeLessThan(0.01);
  });

  it('catches a pan whose window is rounded to whole pixels', () => {
    const offsets = Array.from({ length: 30 }, (_, i) => Math.round(i * 2.62));
    const shifts = offsets.slice(1).map((o, i) => estimateShift(sample(offsets[i]!), sample(o)));
    expect(meanAndStd(shifts).std).toBeGreaterThan(0.2);
  });
});
