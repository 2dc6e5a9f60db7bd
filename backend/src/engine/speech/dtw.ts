/**
 * Dynamic time warping of two feature sequences inside a band around their diagonal
 * (Sakoe–Chiba), for the caption aligner. Memory is one byte per cell of the band (the
 * step taken) plus two rows of costs, so a minute of speech at 100 frames a second stays
 * in tens of MB.
 */
import type { MfccFeatures } from './mfcc.js';

/** For each reference frame, the first and last frame of the other recording the path pairs it with. */
export type WarpingPath = { firstOf: Int32Array; lastOf: Int32Array };

const DIAGONAL = 0;
const UP = 1; // the other recording advances alone (the reference holds)
const LEFT = 2; // the reference advances alone

/**
 * The widest band the length rule gives (5 s either side): pauses of different lengths move
 * the path that far from the diagonal at most, and the work grows with length × band, so
 * a long narration stays linear (measured: 62 s of speech, 7.4 s CPU with no cap).
 */
const MAX_BAND_FRAMES = 500;

/**
 * `bandFrames`: how far from the diagonal the path may stray, at least; the band also
 * widens to a fifth of the longer recording (up to MAX_BAND_FRAMES), enough for pauses of
 * different lengths, and to half the recordings' length difference.
 */
export function warp(audio: MfccFeatures, reference: MfccFeatures, bandFrames = 100): WarpingPath {
  const n = audio.frames;
  const m = reference.frames;
  const width = Math.max(bandFrames, Math.min(MAX_BAND_FRAMES, Math.ceil(0.2 * Math.max(n, m))), Math.ceil(Math.abs(n - m) / 2));
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  const offset = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const centre = n === 1 ? 0 : (i * (m - 1)) / (n - 1);
    lo[i] = Math.max(0, Math.floor(centre - width));
    hi[i] = Math.min(m - 1, Math.ceil(centre + width));
    offset[i + 1] = offset[i]! + (hi[i]! - lo[i]! + 1);
  }
  const steps = new Uint8Array(offset[n]!);
  let previous = new Float64Array(m).fill(Infinity);
  let current = new Float64Array(m).fill(Infinity);
  const dims = audio.dims;

  for (let i = 0; i < n; i++) {
    // Cells outside this row's band stay unreachable for the next row.
    current.fill(Infinity);
    for (let j = lo[i]!; j <= hi[i]!; j++) {
      let d = 0;
      for (let k = 0; k < dims; k++) {
        const diff = audio.data[i * dims + k]! - reference.data[j * dims + k]!;
        d += diff * diff;
      }
      d = Math.sqrt(d);
      let best: number;
      let step: number;
      if (i === 0 && j === 0) {
        best = d;
        step = DIAGONAL;
      } else {
        // Symmetric weights (a diagonal step counts the cell twice), so the path has no bias
        // toward shortcuts; ties go to the diagonal, then deterministically.
        const diagonal = i > 0 && j > 0 ? previous[j - 1]! + 2 * d : Infinity;
        const up = i > 0 ? previous[j]! + d : Infinity;
        const left = j > 0 ? current[j - 1]! + d : Infinity;
        best = diagonal;
        step = DIAGONAL;
        if (up < best) [best, step] = [up, UP];
        if (left < best) [best, step] = [left, LEFT];
      }
      current[j] = best;
      steps[offset[i]! + j - lo[i]!] = step;
    }
    [previous, current] = [current, previous];
  }

  const firstOf = new Int32Array(m).fill(-1);
  const lastOf = new Int32Array(m).fill(-1);
  let i = n - 1;
  let j = m - 1;
  for (;;) {
    firstOf[j] = i;
    if (lastOf[j] === -1) lastOf[j] = i;
    if (i === 0 && j === 0) break;
    const step = steps[offset[i]! + j - lo[i]!]!;
    if (step !== LEFT) i--;
    if (step !== UP) j--;
  }
  return { firstOf, lastOf };
}
