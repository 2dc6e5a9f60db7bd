import { describe, expect, it } from 'vitest';
import { createProgressSplitter, parseFfmpegProgress, type FfmpegProgress } from '../../src/engine/parse-ffmpeg-progress.js';

// Captured from ffmpeg 5.1 with `-progress pipe:1`.
const FIRST = `frame=1
fps=0.00
stream_0_0_q=0.0
bitrate=N/A
total_size=48
out_time_us=0
out_time_ms=0
out_time=00:00:00.000000
dup_frames=0
drop_frames=0
speed=N/A
progress=continue
`;
const LAST = `frame=10
fps=0.00
stream_0_0_q=-1.0
bitrate=  53.1kbits/s
total_size=4645
out_time_us=700098
out_time_ms=700098
out_time=00:00:00.700098
dup_frames=0
drop_frames=0
speed=24.8x
progress=end
`;

describe('parseFfmpegProgress', () => {
  it('reads the frame count, output time and end marker', () => {
    expect(parseFfmpegProgress(FIRST)).toEqual({ frame: 1, outTimeSeconds: 0, ended: false });
    expect(parseFfmpegProgress(LAST)).toEqual({ frame: 10, outTimeSeconds: 0.700098, ended: true });
  });

  it('treats N/A as unknown', () => {
    expect(parseFfmpegProgress('frame=0\nout_time_us=N/A\nprogress=continue\n')).toEqual({
      frame: 0,
      outTimeSeconds: null,
      ended: false,
    });
  });

  it('splits a stream into blocks however the chunks fall', () => {
    const blocks: FfmpegProgress[] = [];
    const push = createProgressSplitter((b) => blocks.push(b));
    const all = FIRST + LAST;
    for (let i = 0; i < all.length; i += 7) push(all.slice(i, i + 7));
    expect(blocks.map((b) => b.frame)).toEqual([1, 10]);
    expect(blocks[1]?.ended).toBe(true);
  });
});
