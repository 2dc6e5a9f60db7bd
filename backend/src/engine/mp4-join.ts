/**
 * The finished video by copying samples in Node instead of running ffmpeg's concat demuxer.
 * The clips (one H.264 track each, all from the same encoder arguments) and the soundtrack
 * (one AAC track) are read from their own boxes and written as one MP4: moov first (a
 * browser plays at once), then each clip's frames followed by the audio of the same time,
 * so a player reading from the start finds both close together.
 * Why: the concat demuxer opens and probes every clip (~30 ms of CPU each: 8.9 s of a
 * 119-clip join) and the Debian ffmpeg takes ~0.2 s to start; this is linear in bytes only,
 * and it is on the critical path of every re-render.
 * It joins only what it fully understands: clips whose sample descriptions, time scales and
 * edit lists agree, without fragments or sample groups. Anything else gives null and the
 * renderer joins with ffmpeg as before, so an unexpected input is slower, never wrong.
 */
import fs from 'node:fs/promises';
import { bodyOf, boxes, readTopLevelBoxes, type Box } from './mp4-boxes.js';

/** One track as the joiner needs it: boxes copied as they are, and per-sample tables expanded. */
type Track = {
  handler: string;
  tkhd: Buffer;
  /** The edit list's single entry (segment duration in the movie's time scale), or null when there is none. */
  edit: { segmentDuration: number; mediaTime: number } | null;
  mdhd: Buffer;
  timescale: number;
  hdlr: Buffer;
  mediaHeader: Buffer;
  dinf: Buffer;
  stsd: Buffer;
  /** Boxes of the sample table copied unchanged (the soundtrack's sample groups). */
  kept: Buffer[];
  deltas: number[];
  /** Composition offsets (ctts), null when the track has none. */
  offsets: number[] | null;
  cttsVersion: number;
  /** 1-based numbers of the sync samples; null when every sample is one. */
  sync: number[] | null;
  sizes: number[];
  /** File position of each sample. */
  positions: number[];
};

type Movie = { ftyp: Buffer; mvhd: Buffer; movieTimescale: number; track: Track };

/** Sample-table boxes the joiner rebuilds; `kept` are copied; anything else makes it give up. */
const REBUILT = new Set(['stsd', 'stts', 'ctts', 'stss', 'stsc', 'stsz', 'stco', 'co64']);
const KEPT_AUDIO = new Set(['sgpd', 'sbgp']);

const U32_MAX = 0xffffffff;

class Unsupported extends Error {}

function child(buf: Buffer, parent: Box, type: string): Box {
  for (const box of boxes(buf, parent.start + parent.header, parent.end)) if (box.type === type) return box;
  throw new Unsupported(`no ${type}`);
}

function children(buf: Buffer, parent: Box): Box[] {
  return [...boxes(buf, parent.start + parent.header, parent.end)];
}

const copyOf = (buf: Buffer, box: Box): Buffer => Buffer.from(buf.subarray(box.start, box.end));

/** Full box body: version, then its entries after the 4-byte version/flags. */
function entries(buf: Buffer, box: Box): { version: number; count: number; at: number; body: Buffer } {
  const body = bodyOf(buf, box);
  return { version: body[0]!, count: body.readUInt32BE(4), at: 8, body };
}

function readTrack(moov: Buffer, trak: Box): Track {
  const tkhd = child(moov, trak, 'tkhd');
  let edit: Track['edit'] = null;
  const edts = children(moov, trak).find((b) => b.type === 'edts');
  if (edts !== undefined) {
    const elst = entries(moov, child(moov, edts, 'elst'));
    if (elst.count !== 1 || elst.version !== 0) throw new Unsupported('edit list');
    const e = elst.body;
    if (e.readUInt32BE(16) !== 0x00010000) throw new Unsupported('edit rate');
    edit = { segmentDuration: e.readUInt32BE(8), mediaTime: e.readInt32BE(12) };
  }
  const mdia = child(moov, trak, 'mdia');
  const mdhdBox = child(moov, mdia, 'mdhd');
  const mdhd = bodyOf(moov, mdhdBox);
  if (mdhd[0] !== 0) throw new Unsupported('mdhd version');
  const hdlrBox = child(moov, mdia, 'hdlr');
  const handler = bodyOf(moov, hdlrBox).toString('latin1', 8, 12);
  const minf = child(moov, mdia, 'minf');
  const mediaHeader = children(moov, minf).find((b) => b.type === 'vmhd' || b.type === 'smhd');
  if (mediaHeader === undefined) throw new Unsupported('media header');
  const stbl = child(moov, minf, 'stbl');
  const table = new Map<string, Box>();
  const kept: Buffer[] = [];
  for (const box of children(moov, stbl)) {
    if (REBUILT.has(box.type)) table.set(box.type, box);
    else if (handler === 'soun' && KEPT_AUDIO.has(box.type)) kept.push(copyOf(moov, box));
    else throw new Unsupported(`sample table box ${box.type}`);
  }
  const need = (type: string): Box => {
    const box = table.get(type);
    if (box === undefined) throw new Unsupported(`no ${type}`);
    return box;
  };

  const deltas: number[] = [];
  const stts = entries(moov, need('stts'));
  for (let i = 0; i < stts.count; i++) {
    const count = stts.body.readUInt32BE(stts.at + 8 * i);
    const delta = stts.body.readUInt32BE(stts.at + 8 * i + 4);
    for (let k = 0; k < count; k++) deltas.push(delta);
  }
  const stsz = entries(moov, need('stsz'));
  // stsz: version/flags, sample_size, sample_count, then a size per sample when sample_size is 0.
  const uniformSize = stsz.body.readUInt32BE(4);
  const sampleCount = stsz.body.readUInt32BE(8);
  const sizes: number[] = [];
  for (let i = 0; i < sampleCount; i++)
    sizes.push(uniformSize !== 0 ? uniformSize : stsz.body.readUInt32BE(12 + 4 * i));
  if (deltas.length !== sampleCount) throw new Unsupported('sample counts disagree');

  let offsets: number[] | null = null;
  let cttsVersion = 0;
  const cttsBox = table.get('ctts');
  if (cttsBox !== undefined) {
    const ctts = entries(moov, cttsBox);
    cttsVersion = ctts.version;
    offsets = [];
    for (let i = 0; i < ctts.count; i++) {
      const count = ctts.body.readUInt32BE(ctts.at + 8 * i);
      const offset =
        ctts.version === 0 ? ctts.body.readUInt32BE(ctts.at + 8 * i + 4) : ctts.body.readInt32BE(ctts.at + 8 * i + 4);
      for (let k = 0; k < count; k++) offsets.push(offset);
    }
    if (offsets.length !== sampleCount) throw new Unsupported('ctts does not cover every sample');
  }
  let sync: number[] | null = null;
  const stssBox = table.get('stss');
  if (stssBox !== undefined) {
    const stss = entries(moov, stssBox);
    sync = [];
    for (let i = 0; i < stss.count; i++) sync.push(stss.body.readUInt32BE(stss.at + 4 * i));
  }

  // Chunk offsets, then samples per chunk (stsc runs), give each sample's file position.
  const chunkOffsets: number[] = [];
  const coBox = table.get('stco') ?? table.get('co64');
  if (coBox === undefined) throw new Unsupported('no chunk offsets');
  const co = entries(moov, coBox);
  for (let i = 0; i < co.count; i++) {
    chunkOffsets.push(
      coBox.type === 'stco' ? co.body.readUInt32BE(co.at + 4 * i) : Number(co.body.readBigUInt64BE(co.at + 8 * i)),
    );
  }
  const stsc = entries(moov, need('stsc'));
  const positions: number[] = [];
  for (let i = 0; i < stsc.count; i++) {
    const firstChunk = stsc.body.readUInt32BE(stsc.at + 12 * i);
    const perChunk = stsc.body.readUInt32BE(stsc.at + 12 * i + 4);
    const lastChunk = i + 1 < stsc.count ? stsc.body.readUInt32BE(stsc.at + 12 * (i + 1)) - 1 : chunkOffsets.length;
    for (let c = firstChunk; c <= lastChunk; c++) {
      let at = chunkOffsets[c - 1];
      if (at === undefined) throw new Unsupported('stsc names a missing chunk');
      for (let k = 0; k < perChunk && positions.length < sampleCount; k++) {
        positions.push(at);
        at += sizes[positions.length - 1]!;
      }
    }
  }
  if (positions.length !== sampleCount) throw new Unsupported('chunks do not hold every sample');

  return {
    handler,
    tkhd: copyOf(moov, tkhd),
    edit,
    mdhd: copyOf(moov, mdhdBox),
    timescale: mdhd.readUInt32BE(12),
    hdlr: copyOf(moov, hdlrBox),
    mediaHeader: copyOf(moov, mediaHeader),
    dinf: copyOf(moov, child(moov, minf, 'dinf')),
    stsd: handler === 'vide' ? withoutBitrate(moov, need('stsd')) : copyOf(moov, need('stsd')),
    kept,
    deltas,
    offsets,
    cttsVersion,
    sync,
    sizes,
    positions,
  };
}

/** Bytes of a VisualSampleEntry before its child boxes (ISO 14496-12 §12.1.3). */
const VISUAL_SAMPLE_ENTRY_FIELDS = 78;

/**
 * The video's sample description without its `btrt` box: each clip states its own bit rate
 * there, which is all that differs between clips of the same encoder arguments (and would
 * be wrong for the joined video). The decoder configuration (avcC) and colour (colr) stay.
 */
function withoutBitrate(moov: Buffer, stsd: Box): Buffer {
  const body = bodyOf(moov, stsd);
  if (body.readUInt32BE(4) !== 1) throw new Unsupported('not one sample description');
  const entryStart = 8;
  const entrySize = body.readUInt32BE(entryStart);
  const entry = body.subarray(entryStart, entryStart + entrySize);
  const fieldsEnd = 8 + VISUAL_SAMPLE_ENTRY_FIELDS;
  if (entry.length < fieldsEnd) throw new Unsupported('short sample entry');
  const kept = [...boxes(entry, fieldsEnd, entry.length)]
    .filter((b) => b.type !== 'btrt')
    .map((b) => entry.subarray(b.start, b.end));
  const newEntry = Buffer.concat([entry.subarray(0, fieldsEnd), ...kept]);
  newEntry.writeUInt32BE(newEntry.length, 0);
  return box('stsd', body.subarray(0, entryStart), newEntry);
}

/** A file with exactly one track, of the given handler ('vide' or 'soun'). */
async function readMovie(file: string, handler: string): Promise<Movie> {
  const fileBoxes = await readTopLevelBoxes(file, ['ftyp', 'moov']);
  const ftyp = fileBoxes?.get('ftyp');
  const moov = fileBoxes?.get('moov');
  if (ftyp === undefined || moov === undefined) throw new Unsupported('not an MP4');
  const root: Box = { type: 'moov', start: 0, end: moov.length, header: 8 };
  const top = children(moov, root);
  if (top.some((b) => b.type === 'mvex')) throw new Unsupported('fragmented');
  const traks = top.filter((b) => b.type === 'trak');
  if (traks.length !== 1) throw new Unsupported('not one track');
  const track = readTrack(moov, traks[0]!);
  if (track.handler !== handler) throw new Unsupported(`not a ${handler} track`);
  const mvhdBox = child(moov, root, 'mvhd');
  const mvhd = bodyOf(moov, mvhdBox);
  if (mvhd[0] !== 0) throw new Unsupported('mvhd version');
  return { ftyp, mvhd: copyOf(moov, mvhdBox), movieTimescale: mvhd.readUInt32BE(12), track };
}

// ---- writing ----

function box(type: string, ...parts: Buffer[]): Buffer {
  const size = 8 + parts.reduce((n, p) => n + p.length, 0);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(size, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, ...parts]);
}

/** A full box with `count` entries of `width` bytes each, filled by `write`. */
function table(
  type: string,
  version: number,
  count: number,
  width: number,
  write: (body: Buffer, at: number, i: number) => void,
): Buffer {
  const body = Buffer.alloc(8 + count * width);
  body[0] = version;
  body.writeUInt32BE(count, 4);
  for (let i = 0; i < count; i++) write(body, 8 + i * width, i);
  return box(type, body);
}

/** stts or ctts: run-length (count, value) pairs; ctts version 1 holds signed values. */
function timeToSample(type: 'stts' | 'ctts', version: number, values: readonly number[]): Buffer {
  const pairs: [number, number][] = [];
  for (const v of values) {
    const last = pairs.at(-1);
    if (last !== undefined && last[1] === v) last[0] += 1;
    else pairs.push([1, v]);
  }
  return table(type, version, pairs.length, 8, (b, at, i) => {
    const [count, value] = pairs[i]!;
    b.writeUInt32BE(count, at);
    if (version === 0) b.writeUInt32BE(value, at + 4);
    else b.writeInt32BE(value, at + 4);
  });
}

/** stsz with a size per sample (sample_size 0). */
function stsz(sizes: readonly number[]): Buffer {
  const body = Buffer.alloc(12 + 4 * sizes.length);
  body.writeUInt32BE(sizes.length, 8);
  sizes.forEach((size, i) => body.writeUInt32BE(size, 12 + 4 * i));
  return box('stsz', body);
}

/** stsc from the sample count of each chunk (runs of equal counts share an entry). */
function stsc(samplesPerChunk: readonly number[]): Buffer {
  const entriesOut: [number, number][] = [];
  samplesPerChunk.forEach((n, i) => {
    if (entriesOut.at(-1)?.[1] !== n) entriesOut.push([i + 1, n]);
  });
  return table('stsc', 0, entriesOut.length, 12, (b, at, i) => {
    b.writeUInt32BE(entriesOut[i]![0], at);
    b.writeUInt32BE(entriesOut[i]![1], at + 4);
    b.writeUInt32BE(1, at + 8);
  });
}

function chunkOffsetBox(offsets: readonly number[], wide: boolean): Buffer {
  return wide
    ? table('co64', 0, offsets.length, 8, (b, at, i) => b.writeBigUInt64BE(BigInt(offsets[i]!), at))
    : table('stco', 0, offsets.length, 4, (b, at, i) => b.writeUInt32BE(offsets[i]!, at));
}

/** A copy of a tkhd (version 0) with its track id and duration replaced. */
function patchTkhd(tkhd: Buffer, trackId: number, duration: number): Buffer {
  const out = Buffer.from(tkhd);
  if (out[8] !== 0) throw new Unsupported('tkhd version');
  out.writeUInt32BE(trackId, 20);
  out.writeUInt32BE(duration, 28);
  return out;
}

const tkhdDuration = (tkhd: Buffer): number => tkhd.readUInt32BE(28);

/** One output chunk: where its samples come from. */
type Chunk = { file: string; samples: { position: number; size: number }[] };

const chunkBytes = (chunk: Chunk): number => chunk.samples.reduce((n, s) => n + s.size, 0);

function trak(tkhd: Buffer, edts: Buffer | null, mdhd: Buffer, t: Track, stblBoxes: Buffer[]): Buffer {
  const minf = box('minf', t.mediaHeader, t.dinf, box('stbl', t.stsd, ...stblBoxes));
  return box('trak', tkhd, ...(edts === null ? [] : [edts]), box('mdia', mdhd, t.hdlr, minf));
}

function elst(segmentDuration: number, mediaTime: number): Buffer {
  return box(
    'edts',
    table('elst', 0, 1, 12, (b, at) => {
      b.writeUInt32BE(segmentDuration, at);
      b.writeInt32BE(mediaTime, at + 4);
      b.writeUInt32BE(0x00010000, at + 8);
    }),
  );
}

/**
 * Joins `clipPaths` (in order) and the soundtrack into `outputPath`. Returns false, having
 * written nothing, when the inputs are not ones it can join exactly (see the file comment).
 */
export async function joinByCopy(
  clipPaths: readonly string[],
  soundtrackPath: string,
  outputPath: string,
  /**
   * fps: the video's frame rate (every frame lasts 1/fps); wideOffsets: 64-bit chunk offsets
   * even for a small file (chosen by size otherwise; tests the over-4-GB layout).
   */
  options: { fps: number; wideOffsets?: boolean },
): Promise<boolean> {
  let clips: Movie[];
  let sound: Movie;
  try {
    if (clipPaths.length === 0) return false;
    [sound, ...clips] = await Promise.all([
      readMovie(soundtrackPath, 'soun'),
      ...clipPaths.map((p) => readMovie(p, 'vide')),
    ]);
  } catch (err) {
    if (err instanceof Unsupported) return false;
    throw err;
  }
  const first = clips[0]!;
  const video = first.track;
  // Every clip must be decodable with the first one's sample description and timed alike.
  const alike = clips.every(
    (c) =>
      c.track.stsd.equals(video.stsd) &&
      c.track.timescale === video.timescale &&
      c.movieTimescale === first.movieTimescale &&
      c.track.edit?.mediaTime === video.edit?.mediaTime &&
      (c.track.offsets === null) === (video.offsets === null),
  );
  // Every frame lasts 1/fps. A clip's last sample may say a little less (the MP4 muxer of a
  // clip encoded alone ends it early, e.g. 507 of 512 ticks); the concat demuxer places the
  // next clip by the list's duration, and so does this: each clip is exactly its frames long.
  const frameTicks = video.timescale / options.fps;
  if (!alike || !Number.isInteger(frameTicks)) return false;
  if (clips.some((c) => c.track.deltas.some((d, k) => d !== frameTicks && k !== c.track.deltas.length - 1)))
    return false;

  // Video: samples in order, each clip one chunk; clip i starts at the sum of the earlier clips' media durations.
  const deltas: number[] = [];
  const offsets: number[] = [];
  const sync: number[] = [];
  const sizes: number[] = [];
  const clipStarts: number[] = [];
  let mediaDuration = 0;
  for (const c of clips) {
    const t = c.track;
    clipStarts.push(mediaDuration / video.timescale);
    const before = sizes.length;
    for (let k = 0; k < t.sizes.length; k++) deltas.push(frameTicks);
    if (t.offsets !== null) offsets.push(...t.offsets);
    for (const n of t.sync ?? t.sizes.map((_, k) => k + 1)) sync.push(before + n);
    sizes.push(...t.sizes);
    mediaDuration += t.sizes.length * frameTicks;
    if (mediaDuration > U32_MAX) return false;
  }
  const videoChunks: Chunk[] = clips.map((c, i) => ({
    file: clipPaths[i]!,
    samples: c.track.positions.map((position, k) => ({ position, size: c.track.sizes[k]! })),
  }));

  // Audio: each sample goes in the chunk after the clip during which it starts playing.
  const audio = sound.track;
  const audioChunks: Chunk[] = clips.map(() => ({ file: soundtrackPath, samples: [] }));
  let mediaTime = 0;
  let slot = 0;
  for (const [k, size] of audio.sizes.entries()) {
    const seconds = (mediaTime - (audio.edit?.mediaTime ?? 0)) / audio.timescale;
    while (slot + 1 < clipStarts.length && clipStarts[slot + 1]! <= seconds) slot++;
    audioChunks[slot]!.samples.push({ position: audio.positions[k]!, size });
    mediaTime += audio.deltas[k]!;
  }

  const layout: Chunk[] = [];
  for (let i = 0; i < clips.length; i++) {
    layout.push(videoChunks[i]!);
    if (audioChunks[i]!.samples.length > 0) layout.push(audioChunks[i]!);
  }
  const dataBytes = layout.reduce((n, c) => n + chunkBytes(c), 0);

  // Rounded up, as FFmpeg's muxer does: rounded down, the edit list would cut the last frame short.
  const videoSegment = Math.ceil((mediaDuration * first.movieTimescale) / video.timescale);
  const videoTkhd = patchTkhd(video.tkhd, 1, videoSegment);
  const soundTkhd = patchTkhd(audio.tkhd, 2, tkhdDuration(audio.tkhd));
  const videoMdhd = Buffer.from(video.mdhd);
  videoMdhd.writeUInt32BE(mediaDuration, 24);
  const mvhd = Buffer.from(first.mvhd);
  mvhd.writeUInt32BE(Math.max(videoSegment, tkhdDuration(soundTkhd)), 24);
  mvhd.writeUInt32BE(3, 104);

  const moovFor = (dataStart: number, wide: boolean): Buffer => {
    const chunkPositions = new Map<Chunk, number>();
    let at = dataStart;
    for (const c of layout) {
      chunkPositions.set(c, at);
      at += chunkBytes(c);
    }
    const audioUsed = audioChunks.filter((c) => c.samples.length > 0);
    const videoStbl = [
      timeToSample('stts', 0, deltas),
      ...(video.offsets === null ? [] : [timeToSample('ctts', video.cttsVersion, offsets)]),
      table('stss', 0, sync.length, 4, (b, p, i) => b.writeUInt32BE(sync[i]!, p)),
      stsc(videoChunks.map((c) => c.samples.length)),
      stsz(sizes),
      chunkOffsetBox(
        videoChunks.map((c) => chunkPositions.get(c)!),
        wide,
      ),
    ];
    const audioStbl = [
      timeToSample('stts', 0, audio.deltas),
      stsc(audioUsed.map((c) => c.samples.length)),
      stsz(audio.sizes),
      chunkOffsetBox(
        audioUsed.map((c) => chunkPositions.get(c)!),
        wide,
      ),
      ...audio.kept,
    ];
    const videoEdts = video.edit === null ? null : elst(videoSegment, video.edit.mediaTime);
    const soundEdts = audio.edit === null ? null : elst(audio.edit.segmentDuration, audio.edit.mediaTime);
    return box(
      'moov',
      mvhd,
      trak(videoTkhd, videoEdts, videoMdhd, video, videoStbl),
      trak(soundTkhd, soundEdts, audio.mdhd, audio, audioStbl),
    );
  };

  const ftyp = first.ftyp;
  // Sizes first (they do not depend on the offsets), then the real offsets.
  let wide = false;
  let mdatHeader = 8;
  let moovSize = moovFor(0, wide).length;
  if (options.wideOffsets === true || ftyp.length + moovSize + mdatHeader + dataBytes > U32_MAX) {
    wide = true;
    mdatHeader = 16;
    moovSize = moovFor(0, wide).length;
  }
  const moov = moovFor(ftyp.length + moovSize + mdatHeader, wide);
  const mdat = Buffer.alloc(mdatHeader);
  if (wide) {
    mdat.writeUInt32BE(1, 0);
    mdat.write('mdat', 4, 'latin1');
    mdat.writeBigUInt64BE(BigInt(mdatHeader + dataBytes), 8);
  } else {
    mdat.writeUInt32BE(mdatHeader + dataBytes, 0);
    mdat.write('mdat', 4, 'latin1');
  }
  await writeFile(outputPath, Buffer.concat([ftyp, moov, mdat]), layout, soundtrackPath);
  return true;
}

/** Copies at most this much per read: large enough for few system calls, small enough to stay flat. */
const COPY_BUFFER_BYTES = 4 << 20;

/** The head, then every chunk's samples, merging ranges that lie next to each other in their file. */
async function writeFile(outputPath: string, head: Buffer, layout: readonly Chunk[], keepOpen: string): Promise<void> {
  const out = await fs.open(outputPath, 'w');
  const inputs = new Map<string, fs.FileHandle>();
  const buffer = Buffer.alloc(COPY_BUFFER_BYTES);
  try {
    await out.write(head);
    for (const chunk of layout) {
      let input = inputs.get(chunk.file);
      if (input === undefined) {
        input = await fs.open(chunk.file, 'r');
        inputs.set(chunk.file, input);
      }
      const ranges: { position: number; size: number }[] = [];
      for (const s of chunk.samples) {
        const last = ranges.at(-1);
        if (last !== undefined && last.position + last.size === s.position) last.size += s.size;
        else ranges.push({ ...s });
      }
      for (const range of ranges) {
        for (let done = 0; done < range.size;) {
          const want = Math.min(buffer.length, range.size - done);
          const { bytesRead } = await input.read(buffer, 0, want, range.position + done);
          if (bytesRead === 0) throw new Error(`${chunk.file} is shorter than its sample table says`);
          await out.write(buffer, 0, bytesRead);
          done += bytesRead;
        }
      }
      // A clip is read once; only the soundtrack is read between them.
      if (chunk.file !== keepOpen) {
        await input.close();
        inputs.delete(chunk.file);
      }
    }
  } finally {
    await Promise.all([...inputs.values()].map((h) => h.close()));
    await out.close();
  }
}
