/**
 * Frame count of a video-only MP4 clip read from its own boxes (moov/trak/mdia/minf/stbl/
 * stsz), without starting ffprobe: checking every cached clip must stay cheap, or a
 * no-change re-render would spend its time spawning processes (SPEC §7.5: ≤ 2 s).
 */
import { boxes, readTopLevelBox } from './mp4-boxes.js';

const CONTAINERS = ['moov', 'trak', 'mdia', 'minf', 'stbl'];

/** Samples (frames) of the first video track; null when the file is not a readable MP4. */
export async function mp4VideoFrameCount(file: string): Promise<number | null> {
  const moov = await readTopLevelBox(file, 'moov').catch(() => null);
  if (moov === null) return null;
  const find = (start: number, end: number, depth: number): number | null => {
    for (const box of boxes(moov, start, end)) {
      const body = box.start + box.header;
      if (box.type === 'stsz' && body + 12 <= box.end) return moov.readUInt32BE(body + 8);
      if (box.type === 'hdlr' && body + 12 <= box.end && moov.toString('latin1', body + 8, body + 12) !== 'vide') return null;
      if (CONTAINERS[depth] === box.type) {
        const found = find(body, box.end, depth + 1);
        if (found !== null) return found;
      }
    }
    return null;
  };
  return find(0, moov.length, 0);
}
