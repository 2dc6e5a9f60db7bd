/**
 * Loudness measurement (EBU R128 / ITU-R BS.1770) by FFmpeg's ebur128 filter: integrated
 * loudness and true peak (4× oversampled), read from the summary it logs at the end. The
 * soundtrack puts the filter at the end of the graph that writes each gain pass.
 */
export type Loudness = {
  /** Integrated loudness in LUFS; -70 (the gate) or below means silence. */
  integratedLufs: number;
  /** True peak in dBTP; -Infinity for digital silence. */
  truePeakDbtp: number;
};

export class LoudnessMeasureError extends Error {
  override readonly name = 'LoudnessMeasureError';
  constructor(
    message: string,
    readonly stderrTail: string,
  ) {
    super(message);
  }
}

/**
 * The measuring filter: it passes the audio through unchanged, so it can sit at the end of
 * a graph that also writes the audio. Its summary is logged at info level (per-frame lines
 * go to verbose, which is off), so the ffmpeg running it needs `LOUDNESS_LOG_ARGS`.
 */
export const LOUDNESS_FILTER = 'ebur128=peak=true:framelog=verbose';
export const LOUDNESS_LOG_ARGS: readonly string[] = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'info', '-y'];

/** Reads I (LUFS) and the true peak (dBFS, i.e. dBTP with peak=true) from ebur128's summary. */
export function parseEbur128Summary(log: string): Loudness {
  const summary = log.slice(log.lastIndexOf('Summary:'));
  const integrated = /^\s*I:\s+(-?[\d.]+|-inf)\s+LUFS/m.exec(summary)?.[1];
  const peak = /True peak:\s+Peak:\s+(-?[\d.]+|-inf)\s+dBFS/m.exec(summary)?.[1];
  if (integrated === undefined || peak === undefined) {
    throw new LoudnessMeasureError('FFmpeg printed no loudness summary', log);
  }
  const toNumber = (s: string): number => (s === '-inf' ? -Infinity : Number.parseFloat(s));
  return { integratedLufs: toNumber(integrated), truePeakDbtp: toNumber(peak) };
}
