/**
 * Reading ISO BMFF (MP4) boxes: the headers of a file's top-level boxes, and the box tree
 * of a moov held in memory. Used on StoryFlow's own clips and soundtracks (mp4-frames.ts,
 * mp4-join.ts), so only what those contain is understood; callers treat anything else as
 * "not a file I can read".
 */
import fs from 'node:fs/promises';

export type Box = { type: string; start: number; end: number; header: number };

/** The boxes in `buf` between `start` and `end`; stops at the first one that does not fit. */
export function* boxes(buf: Buffer, start: number, end: number): Generator<Box> {
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

/** The box's contents (after its header). */
export function bodyOf(buf: Buffer, box: Box): Buffer {
  return buf.subarray(box.start + box.header, box.end);
}

/**
 * The top-level boxes of the given types (header included), found by reading box headers
 * only, in one pass over the file; a type the file lacks is missing from the map. Null when
 * the file's boxes do not add up.
 */
export async function readTopLevelBoxes(file: string, types: readonly string[]): Promise<Map<string, Buffer> | null> {
  const found = new Map<string, Buffer>();
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(16);
    let offset = 0;
    while (offset + 8 <= size && found.size < types.length) {
      const { bytesRead } = await handle.read(head, 0, 16, offset);
      if (bytesRead < 8) return null;
      let boxSize = head.readUInt32BE(0);
      if (boxSize === 1 && bytesRead >= 16) boxSize = Number(head.readBigUInt64BE(8));
      else if (boxSize === 0) boxSize = size - offset;
      if (boxSize < 8 || offset + boxSize > size) return null;
      const type = head.toString('latin1', 4, 8);
      if (types.includes(type) && !found.has(type)) {
        const box = Buffer.alloc(boxSize);
        await handle.read(box, 0, boxSize, offset);
        found.set(type, box);
      }
      offset += boxSize;
    }
    return found;
  } finally {
    await handle.close();
  }
}

/** One top-level box (header included), or null. */
export async function readTopLevelBox(file: string, type: string): Promise<Buffer | null> {
  return (await readTopLevelBoxes(file, [type]))?.get(type) ?? null;
}
