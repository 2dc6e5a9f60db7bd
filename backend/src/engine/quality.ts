/**
 * Encoder settings per quality mode (SPEC §7.6). Rate control is capped CRF: each clip
 * is its own encode, and per-clip ABR restarts its rate model in every clip and
 * undershoots (DESIGN §7: 5.1 instead of 6.5 Mbit/s, ~9 dB PSNR lost), while CRF keeps
 * the same quality on both sides of a join. The cap keeps `standard` within the 8000
 * kbit/s of SPEC §3. Presets follow the measurements quoted in SPEC §7.6: veryfast is
 * within 0.001 SSIM-Y of medium-8000k at under half its CPU time; `draft` is for quick
 * previews, so it also halves the frame size. `npm run bench` prints the numbers.
 */
export type QualityMode = 'draft' | 'standard' | 'high';
export const QUALITY_MODES = ['draft', 'standard', 'high'] as const satisfies readonly QualityMode[];

export type EncoderSettings = {
  preset: string;
  crf: number;
  /** null = no cap (the benchmark's lossless reference: CRF 0 under a cap would not be lossless). */
  maxrateKbps: number | null;
  bufsizeKbps: number | null;
  /** Output size = project size × this (rounded to even pixels). */
  sizeFactor: number;
};

const SETTINGS: Record<QualityMode, EncoderSettings> = {
  draft: { preset: 'ultrafast', crf: 28, maxrateKbps: 3000, bufsizeKbps: 6000, sizeFactor: 0.5 },
  standard: { preset: 'veryfast', crf: 20, maxrateKbps: 8000, bufsizeKbps: 16000, sizeFactor: 1 },
  high: { preset: 'medium', crf: 17, maxrateKbps: 12000, bufsizeKbps: 24000, sizeFactor: 1 },
};

export function encoderSettings(mode: QualityMode): EncoderSettings {
  return SETTINGS[mode];
}

/** The frame size an encoder setting renders at: even, at least 16 px. */
export function outputSize(sizeFactor: number, width: number, height: number): { width: number; height: number } {
  const f = sizeFactor;
  const even = (n: number): number => Math.max(16, 2 * Math.round((n * f) / 2));
  return { width: even(width), height: even(height) };
}

/** x264 lossless (CRF 0, 8-bit): the benchmark's reference for SSIM/PSNR at a mode's size. */
export function losslessSettings(mode: QualityMode): EncoderSettings {
  return { preset: 'ultrafast', crf: 0, maxrateKbps: null, bufsizeKbps: null, sizeFactor: SETTINGS[mode].sizeFactor };
}
