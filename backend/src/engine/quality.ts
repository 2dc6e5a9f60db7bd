/**
 * Encoder settings per quality mode (SPEC §7.6). Rate control is capped CRF: each clip
 * is its own encode, and per-clip ABR restarts its rate model in every clip and
 * undershoots (DESIGN §7: 5.1 instead of 6.5 Mbit/s, ~9 dB PSNR lost), while CRF keeps
 * the same quality on both sides of a join. The cap keeps `standard` within the 8000
 * kbit/s of SPEC §3. `standard` is chosen by `npm run bench -- --sweep` on the bench
 * fixture (docs/engine.md, "Measurements (issue 10: `standard`'s x264 options)"): at CRF 14
 * under the cap the bits are spent, and what decides is how well x264 spends them. Plain
 * veryfast reached SSIM-Y 0.9885 against medium-8000k's 0.9903; a longer lookahead (20
 * frames, not veryfast's 10: mb-tree and the VBV plan over a Ken Burns pan's slow change),
 * 5 B-frames (not 3), 2 reference frames and `-tune ssim` (no psy-rd, aq-mode 2) reach
 * 0.9900–0.9901 (−0.0002/−0.0003) at 0.39–0.40× medium's CPU and 7.76 Mbit/s of video —
 * plain veryfast's CPU within noise. subme 4 on top adds ~0.0004 but costs ~0.57× medium;
 * `faster` ~0.6×. (The fixture's pictures carry random noise, so medium-8000k itself reads
 * 0.9901–0.9904 from run to run.)
 * `high` is medium CRF 14 (0.9921, above medium-8000k's 0.9901; CRF 17 gave 0.9896).
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
  /** x264's `-tune` (e.g. `ssim`), applied after the preset; none when absent. */
  tune?: string | undefined;
  /** Further x264 options as `-x264-params` (`key=value:key=value`), applied after preset and tune. */
  x264Params?: string | undefined;
};

const SETTINGS: Record<QualityMode, EncoderSettings> = {
  draft: { preset: 'ultrafast', crf: 28, maxrateKbps: 3000, bufsizeKbps: 6000 },
  standard: {
    preset: 'veryfast',
    crf: 14,
    maxrateKbps: 8000,
    bufsizeKbps: 16000,
    tune: 'ssim',
    x264Params: 'ref=2:bframes=5:rc-lookahead=20',
  },
  high: { preset: 'medium', crf: 14, maxrateKbps: 12000, bufsizeKbps: 24000 },
};

export function encoderSettings(mode: QualityMode): EncoderSettings {
  return SETTINGS[mode];
}

/** x264 lossless (CRF 0, 8-bit): the benchmark's reference for SSIM/PSNR. */
export function losslessSettings(): EncoderSettings {
  return { preset: 'ultrafast', crf: 0, maxrateKbps: null, bufsizeKbps: null };
}
