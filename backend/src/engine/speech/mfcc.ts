/**
 * Mel-frequency cepstral coefficients of mono speech, in plain TypeScript: the features
 * the caption aligner compares (align.ts). 25 ms Hamming windows every 10 ms, 26 mel bands
 * up to 7 kHz (the same bands whatever the sample rate, so 22.05 kHz espeak-ng and 24 kHz
 * Kokoro compare), 13 coefficients with their deltas, mean-normalised per recording so a
 * different voice or level shifts nothing.
 */

export const MFCC_HOP_SECONDS = 0.01;
export const MFCC_WINDOW_SECONDS = 0.025;
const COEFFICIENTS = 13;
const MEL_BANDS = 26;
const LOW_HZ = 100;
const HIGH_HZ = 7000;
const PRE_EMPHASIS = 0.97;
const DELTA_SPAN = 2;

/** One feature vector (13 coefficients then 13 deltas) per hop, flattened. */
export type MfccFeatures = { frames: number; dims: number; data: Float32Array };

/** The middle of feature frame `index`, in seconds. */
export function mfccFrameTime(index: number): number {
  return index * MFCC_HOP_SECONDS + MFCC_WINDOW_SECONDS / 2;
}

/** The feature frame whose middle is nearest `seconds` (clamped to the recording). */
export function mfccFrameAt(seconds: number, frames: number): number {
  return Math.min(frames - 1, Math.max(0, Math.round((seconds - MFCC_WINDOW_SECONDS / 2) / MFCC_HOP_SECONDS)));
}

export function mfcc(samples: Float32Array, sampleRate: number): MfccFeatures {
  const windowLength = Math.round(MFCC_WINDOW_SECONDS * sampleRate);
  const hop = MFCC_HOP_SECONDS * sampleRate;
  let fftSize = 1;
  while (fftSize < windowLength) fftSize *= 2;
  const frames = Math.max(1, Math.floor((samples.length - windowLength) / hop) + 1);
  const hamming = Float64Array.from({ length: windowLength }, (_, n) => 0.54 - 0.46 * Math.cos((2 * Math.PI * n) / (windowLength - 1)));
  const bank = melBank(fftSize, sampleRate);
  const dct = dctMatrix();
  const re = new Float64Array(fftSize);
  const im = new Float64Array(fftSize);
  const logMel = new Float64Array(MEL_BANDS);
  const cepstra = new Float32Array(frames * COEFFICIENTS);

  for (let f = 0; f < frames; f++) {
    // Hops of 10 ms are fractional at 22.05 kHz: round each start, so frames never drift.
    const start = Math.round(f * hop);
    re.fill(0);
    im.fill(0);
    for (let n = 0; n < windowLength; n++) {
      const x = samples[start + n] ?? 0;
      const previous = start + n > 0 ? (samples[start + n - 1] ?? 0) : 0;
      re[n] = (x - PRE_EMPHASIS * previous) * hamming[n]!;
    }
    fft(re, im);
    for (let b = 0; b < MEL_BANDS; b++) {
      const { first, weights } = bank[b]!;
      let energy = 0;
      for (let k = 0; k < weights.length; k++) energy += weights[k]! * (re[first + k]! ** 2 + im[first + k]! ** 2);
      // The floor keeps digital silence (espeak-ng's pauses are exact zeros) finite and alike.
      logMel[b] = Math.log(energy + 1e-8);
    }
    for (let c = 0; c < COEFFICIENTS; c++) {
      let sum = 0;
      for (let b = 0; b < MEL_BANDS; b++) sum += dct[c * MEL_BANDS + b]! * logMel[b]!;
      cepstra[f * COEFFICIENTS + c] = sum;
    }
  }

  for (let c = 0; c < COEFFICIENTS; c++) {
    let mean = 0;
    for (let f = 0; f < frames; f++) mean += cepstra[f * COEFFICIENTS + c]!;
    mean /= frames;
    for (let f = 0; f < frames; f++) cepstra[f * COEFFICIENTS + c]! -= mean;
  }

  const dims = 2 * COEFFICIENTS;
  const data = new Float32Array(frames * dims);
  const norm = 2 * Array.from({ length: DELTA_SPAN }, (_, k) => (k + 1) ** 2).reduce((a, b) => a + b, 0);
  const at = (f: number, c: number): number => cepstra[Math.min(frames - 1, Math.max(0, f)) * COEFFICIENTS + c]!;
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < COEFFICIENTS; c++) {
      data[f * dims + c] = at(f, c);
      let delta = 0;
      for (let k = 1; k <= DELTA_SPAN; k++) delta += k * (at(f + k, c) - at(f - k, c));
      data[f * dims + COEFFICIENTS + c] = delta / norm;
    }
  }
  return { frames, dims, data };
}

type MelFilter = { first: number; weights: Float64Array };

function melBank(fftSize: number, sampleRate: number): MelFilter[] {
  const mel = (hz: number): number => 2595 * Math.log10(1 + hz / 700);
  const hz = (m: number): number => 700 * (10 ** (m / 2595) - 1);
  const high = Math.min(HIGH_HZ, sampleRate / 2);
  const edges = Array.from({ length: MEL_BANDS + 2 }, (_, i) => hz(mel(LOW_HZ) + ((mel(high) - mel(LOW_HZ)) * i) / (MEL_BANDS + 1)));
  const binHz = sampleRate / fftSize;
  return Array.from({ length: MEL_BANDS }, (_, b) => {
    const [lo, mid, hi] = [edges[b]!, edges[b + 1]!, edges[b + 2]!];
    const first = Math.ceil(lo / binHz);
    const last = Math.floor(hi / binHz);
    const weights = new Float64Array(Math.max(0, last - first + 1));
    for (let k = first; k <= last; k++) {
      const f = k * binHz;
      weights[k - first] = f <= mid ? (f - lo) / (mid - lo) : (hi - f) / (hi - mid);
    }
    return { first, weights };
  });
}

function dctMatrix(): Float64Array {
  const m = new Float64Array(COEFFICIENTS * MEL_BANDS);
  for (let c = 0; c < COEFFICIENTS; c++) {
    for (let b = 0; b < MEL_BANDS; b++) m[c * MEL_BANDS + b] = Math.cos((Math.PI * c * (b + 0.5)) / MEL_BANDS) * Math.sqrt((c === 0 ? 1 : 2) / MEL_BANDS);
  }
  return m;
}

const twiddles = new Map<number, { cos: Float64Array; sin: Float64Array }>();

/** In-place iterative radix-2 FFT; the length must be a power of two. */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  let table = twiddles.get(n);
  if (table === undefined) {
    table = {
      cos: Float64Array.from({ length: n / 2 }, (_, k) => Math.cos((-2 * Math.PI * k) / n)),
      sin: Float64Array.from({ length: n / 2 }, (_, k) => Math.sin((-2 * Math.PI * k) / n)),
    };
    twiddles.set(n, table);
  }
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let size = 2; size <= n; size *= 2) {
    const stride = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < size / 2; k++) {
        const wr = table.cos[k * stride]!;
        const wi = table.sin[k * stride]!;
        const a = start + k;
        const b = a + size / 2;
        const tr = re[b]! * wr - im[b]! * wi;
        const ti = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a]! += tr;
        im[a]! += ti;
      }
    }
  }
}
