/**
 * Frame count of a video-only MP4 clip read from its own boxes (moov/trak/mdia/minf/stbl/
 * stsz), without starting ffprobe: checking every cached clip must stay cheap, or a
 * no-change re-render would spend its time spawning processes (SPEC §7.5: ≤ 2 s).
 */
import fs from 'node:fs/promises';

const CONTAINERS = ['moov', 'trak', 'mdia', 'minf', 'stbl'];

type Box = { type: string; start: number; end: number; header: number };

function* boxes(buf: Buffer, start: number, end: number): Generator<Box> {
  let offset = start;
  while (offset + 8 <= end) {
    let size = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    let header = 8;
    if (size === 1) {
      if (offset + 16 > end) return;
      size = Number(buf.readBigUInt64BE(offset + 8));
      header = 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < header || offset + size > end) return;
    yield { type, start: offset, end: offset + size, header };
    offset += size;
  }
}

/** Finds the top-level moov box by reading box headers only, then reads just that box. */
async function readMoov(file: string): Promise<Buffer | null> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(16);
    let offset = 0;
    while (offset + 8 <= size) {
      const { bytesRead } = await handle.read(head, 0, 16, offset);
      if (bytesRead < 8) return null;
      let boxSize = head.readUInt32BE(0);
      if (boxSize === 1 && bytesRead >= 16) boxSize = Number(head.readBigUInt64BE(8));
      else if (boxSize === 0) boxSize = size - offset;
      if (boxSize < 8 || offset + boxSize > size) return null;
      if (head.toString('latin1', 4, 8) === 'moov') {
        const moov = Buffer.alloc(boxSize);
        await handle.read(moov, 0, boxSize, offset);
        return moov;
      }
      offset += boxSize;
    }
    return null;
  } finally {
    await handle.close();
  }
}

/** Samples (frames) of the first video track; null when the file is not a readable MP4. */
export async function mp4VideoFrameCount(file: string): Promise<number | null> {
  const moov = await readMoov(file).catch(() => null);
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
