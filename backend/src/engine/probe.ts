/** Facts about media files from ffprobe's JSON. */
import { runProcess } from './child-process.js';
import { buildProbeArgs } from './ffmpeg.js';

export type ProbeStream = {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  nb_frames?: string;
  duration?: string;
  sample_rate?: string;
};
export type ProbeResult = { streams: ProbeStream[]; format: { duration?: string; format_name?: string } };

export class ProbeFailedError extends Error {
  override readonly name = 'ProbeFailedError';
  constructor(
    message: string,
    readonly stderrTail: string,
  ) {
    super(message);
  }
}

export async function probeFile(ffprobePath: string, filePath: string, signal?: AbortSignal): Promise<ProbeResult> {
  const result = await runProcess(ffprobePath, buildProbeArgs(filePath), { signal, collectStdout: true }).done;
  if (result.exitCode !== 0) throw new ProbeFailedError(`ffprobe failed on ${filePath}`, result.stderrTail);
  const parsed = JSON.parse(result.stdout) as Partial<ProbeResult>;
  return { streams: parsed.streams ?? [], format: parsed.format ?? {} };
}

/** Seconds of the first audio stream (the stream's own duration, else the container's); null if none. */
export function audioDurationSeconds(probe: ProbeResult): number | null {
  const audio = probe.streams.find((s) => s.codec_type === 'audio');
  if (audio === undefined) return null;
  const seconds = Number.parseFloat(audio.duration ?? probe.format.duration ?? '');
  return Number.isFinite(seconds) ? seconds : null;
}

/** "30/1" or "30000/1001" → frames per second. */
export function parseFrameRate(rate: string | undefined): number | null {
  if (rate === undefined) return null;
  const [num, den] = rate.split('/').map(Number);
  if (num === undefined || !Number.isFinite(num)) return null;
  const d = den === undefined ? 1 : den;
  return d === 0 ? null : num / d;
}
