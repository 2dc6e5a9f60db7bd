/**
 * Encoder settings per quality mode (SPEC §7.6). Rate control is capped CRF: each clip
 * is its own encode, and per-clip ABR restarts its rate model in every clip and
 * undershoots (DESIGN §7: 5.1 instead of 6.5 Mbit/s, ~9 dB PSNR lost), while CRF keeps
 * the same quality on both sides of a join. The cap keeps `standard` within the 8000
 * kbit/s of SPEC §3. `standard` is chosen by `npm run bench -- --sweep` on the bench
 * fixture (docs/engine.md): veryfast CRF 14 spends 7.5 of the 8 Mbit/s; CRF 20 reached
 * only 0.9825. Since consecutive clips share one encoder (ffmpeg.ts), the VBV no longer
 * starts full at every clip, so the cap holds over the whole video (7.65 Mbit/s with audio,
 * was 8.45): SSIM-Y 0.9886 against medium-8000k's 0.9901 at 0.37× its CPU, and CRF 13 or
 * 12 only add bits (8.05, 8.22 Mbit/s) at the same 0.9885 — at the cap it is the preset. `high` is medium CRF 14 (0.9921, above medium-8000k's 0.9901; CRF 17 gave 0.9896).
 * `draft` is for quick previews (the editor's draft preview also renders at half size).
 */
export type QualityMode = 'draft' | 'standard' | 'high';
export const QUALITY_MODES = ['draft', 'standard', 'high'] as const satisfies readonly QualityMode[];

export type EncoderSettings = {
  preset: string;
  crf: number;
  /** null = no cap (the benchmark's lossless reference: CRF 0 under a cap would not be lossless). */
  maxrateKbps: number | null;
  bufsizeKbps: number | null;
};

const SETTINGS: Record<QualityMode, EncoderSettings> = {
  draft: { preset: 'ultrafast', crf: 28, maxrateKbps: 3000, bufsizeKbps: 6000 },
  standard: { preset: 'veryfast', crf: 14, maxrateKbps: 8000, bufsizeKbps: 16000 },
  high: { preset: 'medium', crf: 14, maxrateKbps: 12000, bufsizeKbps: 24000 },
};

export function encoderSettings(mode: QualityMode): EncoderSettings {
  return SETTINGS[mode];
}

/** x264 lossless (CRF 0, 8-bit): the benchmark's reference for SSIM/PSNR. */
export function losslessSettings(): EncoderSettings {
  return { preset: 'ultrafast', crf: 0, maxrateKbps: null, bufsizeKbps: null };
}
