/** One block of ffmpeg's `-progress` output (key=value lines ending with `progress=`). */
export type FfmpegProgress = { frame: number | null; outTimeSeconds: number | null; ended: boolean };

/**
 * Parses one complete `-progress` block. ffmpeg prints `out_time_us` (and, historically,
 * `out_time_ms`, which despite its name is also microseconds) and `N/A` before the
 * first packet.
 */
export function parseFfmpegProgress(block: string): FfmpegProgress {
  const values = new Map<string, string>();
  for (const line of block.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) values.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const frame = Number.parseInt(values.get('frame') ?? '', 10);
  const outTimeUs = Number.parseInt(values.get('out_time_us') ?? values.get('out_time_ms') ?? '', 10);
  return {
    frame: Number.isFinite(frame) ? frame : null,
    outTimeSeconds: Number.isFinite(outTimeUs) && outTimeUs >= 0 ? outTimeUs / 1e6 : null,
    ended: values.get('progress') === 'end',
  };
}

/** Splits a growing stdout stream into complete progress blocks. */
export function createProgressSplitter(onBlock: (block: FfmpegProgress) => void): (chunk: string) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk;
    for (;;) {
      const match = /progress=(continue|end)\r?\n/.exec(pending);
      if (match === null) return;
      const endIndex = match.index + match[0].length;
      onBlock(parseFfmpegProgress(pending.slice(0, endIndex)));
      pending = pending.slice(endIndex);
    }
  };
}
