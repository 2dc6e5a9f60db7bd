/**
 * User music → a WAV StoryFlow owns (SPEC §7.4, §7.7). The upload is judged by its content
 * (magic bytes, then a real decode) and decoded by a maintained decoder, with a time limit
 * and an output size limit:
 * - a current FFmpeg (5 or newer) in a child process, restricted to the one demuxer the
 *   bytes claim, the audio decoders StoryFlow accepts and local files;
 * - else (the npm-bundled 2018 FFmpeg may only ever read files StoryFlow wrote) the WASM
 *   decoders of `audio-decode` in a worker thread, streaming, into a WAV StoryFlow wrote,
 *   which that FFmpeg then only resamples to 48 kHz.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { WasmDecodeJob, WasmDecodeOutcome, WasmFormat } from './music-decode-worker.js';
import { runProcess } from './ffmpeg.js';
import { startEngineWorker } from './start-worker.js';
import { parseWavHeader } from './wav.js';

export type MusicContainer = 'mp3' | 'aac' | 'm4a' | 'wav' | 'ogg' | 'flac';

/** Longest music accepted: a bed loops, so 20 minutes is plenty, and it bounds the WAV (230 MB). */
export const MAX_MUSIC_SECONDS = 20 * 60;
/** Shorter than this is not music but a click. */
export const MIN_MUSIC_SECONDS = 0.1;
/** A decode of the longest accepted file takes a few seconds; a hostile one is stopped here. */
export const MUSIC_DECODE_TIMEOUT_MS = 120_000;
export const MUSIC_SAMPLE_RATE = 48000;
const MUSIC_CHANNELS = 2;
const BYTES_PER_SECOND = MUSIC_SAMPLE_RATE * MUSIC_CHANNELS * 2;
/** The oldest FFmpeg StoryFlow trusts with files from outside. */
const MIN_FFMPEG_MAJOR = 5;
/** Bytes read from each end of the upload to judge it. */
const SNIFF_BYTES = 64 * 1024;

export type MusicDecodeFailure = 'unsupported' | 'corrupt' | 'truncated' | 'too-long' | 'no-audio' | 'timeout' | 'decoder-missing';

export class MusicDecodeError extends Error {
  override readonly name = 'MusicDecodeError';
  constructor(
    readonly reason: MusicDecodeFailure,
    message: string,
    readonly stderrTail?: string,
  ) {
    super(message);
  }
}

/** Demuxers FFmpeg may use for each container the bytes claim. */
const DEMUXERS: Record<MusicContainer, string> = {
  mp3: 'mp3',
  aac: 'aac',
  m4a: 'mov,mp4,m4a,3gp,3g2,mj2',
  wav: 'wav',
  ogg: 'ogg',
  flac: 'flac',
};
/** Decoders for the formats those containers carry in practice; nothing else is opened. */
const DECODERS = [
  'mp3float', 'mp3', 'aac', 'aac_fixed', 'alac', 'vorbis', 'libvorbis', 'opus', 'libopus', 'flac',
  'pcm_s16le', 'pcm_s24le', 'pcm_s32le', 'pcm_f32le', 'pcm_f64le', 'pcm_u8', 'pcm_s16be', 'pcm_alaw', 'pcm_mulaw',
].join(',');

/** The container named by the first bytes, or null for anything else (an HTML page, a ZIP …). */
export function sniffMusicContainer(head: Buffer): MusicContainer | null {
  const ascii = (from: number, to: number): string => head.toString('latin1', from, to);
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'wav';
  if (ascii(0, 4) === 'fLaC') return 'flac';
  if (ascii(0, 4) === 'OggS') return 'ogg';
  if (ascii(4, 8) === 'ftyp') return 'm4a';
  let offset = 0;
  if (ascii(0, 3) === 'ID3' && head.length >= 10) {
    // ID3v2 size: four 7-bit bytes, plus the 10-byte header (and a footer when flagged).
    const size = ((head[6] ?? 0) << 21) | ((head[7] ?? 0) << 14) | ((head[8] ?? 0) << 7) | (head[9] ?? 0);
    offset = 10 + size + (((head[5] ?? 0) & 0x10) !== 0 ? 10 : 0);
    // A tag longer than the sniffed head (cover art): the audio after it is judged by the decoder.
    if (offset + 2 > head.length) return 'mp3';
  }
  const b0 = head[offset];
  const b1 = head[offset + 1];
  if (b0 !== 0xff || b1 === undefined || (b1 & 0xe0) !== 0xe0) return null;
  const layer = (b1 >> 1) & 0x3;
  if (layer === 0 && (b1 & 0x16) === 0x10) return 'aac';
  // MPEG audio layer III, version not "reserved".
  if (layer === 1 && ((b1 >> 3) & 0x3) !== 1) return 'mp3';
  return null;
}

/**
 * A cut-off upload that FFmpeg would decode without complaint up to the cut: an Ogg file
 * whose last page is incomplete or not the end of the stream, an MP3 shorter than its
 * Xing/Info header says, a WAV shorter than its data chunk. Other containers make FFmpeg
 * fail on their own (checked by the decode).
 */
export function findTruncation(container: MusicContainer, head: Buffer, tail: Buffer, fileSize: number): string | null {
  if (container === 'ogg') {
    const last = tail.lastIndexOf('OggS');
    if (last < 0 || last + 27 > tail.length) return 'the last Ogg page is missing';
    const segments = tail[last + 26] ?? 0;
    let pageSize = 27 + segments;
    for (let i = 0; i < segments; i++) pageSize += tail[last + 27 + i] ?? 0;
    if (last + pageSize !== tail.length) return 'the last Ogg page is cut off';
    if (((tail[last + 5] ?? 0) & 0x04) === 0) return 'the Ogg stream does not end';
    return null;
  }
  if (container === 'wav') {
    try {
      const dataChunk = head.indexOf('data', 12, 'latin1');
      if (dataChunk < 0) return null;
      const declared = head.readUInt32LE(dataChunk + 4);
      const info = parseWavHeader(head);
      // 0 and 0xFFFFFFFF mean "unknown" (a streaming writer); anything else must be there.
      if (declared !== 0 && declared !== 0xffffffff && info.dataOffset + declared > fileSize) return 'the WAV data is shorter than its header says';
    } catch {
      return null;
    }
    return null;
  }
  if (container === 'mp3') {
    const xing = Math.max(head.indexOf('Xing', 0, 'latin1'), head.indexOf('Info', 0, 'latin1'));
    if (xing < 0 || xing > 200 || xing + 16 > head.length) return null;
    const flags = head.readUInt32BE(xing + 4);
    if ((flags & 0x2) === 0) return null;
    const bytesOffset = xing + 8 + ((flags & 0x1) !== 0 ? 4 : 0);
    const declared = head.readUInt32BE(bytesOffset);
    // The declared size counts from the first MPEG frame, after any ID3 tag.
    const firstFrame = head.lastIndexOf(0xff, xing);
    const audioBytes = fileSize - Math.max(0, firstFrame);
    if (declared > 0 && audioBytes < declared * 0.98) return 'the MP3 is shorter than its header says';
  }
  return null;
}

/** The major version of the FFmpeg at this path, or null if it does not run. */
export async function ffmpegMajorVersion(ffmpegPath: string): Promise<number | null> {
  try {
    const result = await runProcess(ffmpegPath, ['-hide_banner', '-version'], { collectStdout: true }).done;
    const version = /^ffmpeg version n?(\d+)\./.exec(result.stdout)?.[1];
    // Git builds ("N-…") are newer than any release.
    if (/^ffmpeg version N-/.test(result.stdout)) return Number.MAX_SAFE_INTEGER;
    return result.exitCode === 0 && version !== undefined ? Number.parseInt(version, 10) : null;
  } catch {
    return null;
  }
}

export type MusicDecoder = 'ffmpeg' | 'wasm';
export type DecodedMusic = { container: MusicContainer; durationSeconds: number; decoder: MusicDecoder };

/** A current FFmpeg decodes user audio itself; an older one gets the WASM decoder's output. */
export function chooseMusicDecoder(ffmpegMajor: number): MusicDecoder {
  return ffmpegMajor >= MIN_FFMPEG_MAJOR ? 'ffmpeg' : 'wasm';
}

/**
 * Judges `sourcePath` and decodes it to a 48 kHz stereo 16-bit WAV at `outputPath`.
 * Throws MusicDecodeError for every way an upload can be bad; the output is left behind
 * only on success (the caller owns both paths).
 */
export async function decodeMusic(input: {
  ffmpegPath: string;
  sourcePath: string;
  outputPath: string;
  signal?: AbortSignal;
  /** Chosen from the FFmpeg's version when left out. */
  decoder?: MusicDecoder;
}): Promise<DecodedMusic> {
  const { head, tail, size } = await readEnds(input.sourcePath);
  if (size === 0) throw new MusicDecodeError('no-audio', 'The file is empty');
  const container = sniffMusicContainer(head);
  if (container === null) throw new MusicDecodeError('unsupported', 'The file is not MP3, AAC/M4A, WAV, OGG or FLAC audio');
  const truncation = findTruncation(container, head, tail, size);
  if (truncation !== null) throw new MusicDecodeError('truncated', `The file is incomplete: ${truncation}`);
  const major = await ffmpegMajorVersion(input.ffmpegPath);
  if (major === null) throw new MusicDecodeError('decoder-missing', 'Music needs FFmpeg; install it or set FFMPEG_PATH');
  const decoder = input.decoder ?? chooseMusicDecoder(major);
  const timeout = AbortSignal.timeout(MUSIC_DECODE_TIMEOUT_MS);
  const signal = input.signal === undefined ? timeout : AbortSignal.any([input.signal, timeout]);
  const onFailure = (result: { exitCode: number | null; stderrTail: string }, what: string): void => {
    if (timeout.aborted) throw new MusicDecodeError('timeout', 'The file took too long to decode');
    if (input.signal?.aborted === true) throw input.signal.reason;
    if (result.exitCode !== 0) throw new MusicDecodeError('corrupt', what, result.stderrTail);
  };
  if (decoder === 'ffmpeg') {
    const result = await runProcess(input.ffmpegPath, decodeArgs(container, input.sourcePath, input.outputPath), { signal }).done;
    onFailure(result, 'The file could not be decoded: it is damaged or not really audio');
  } else {
    // The WASM AAC decoder (@audio/decode-aac, FAAD2) declares plain "GPL-2.0", which could be
    // GPL-2.0-only and so could not be loaded into StoryFlow's GPL-3.0 process
    // (docs/licensing.md). Without a current FFmpeg, AAC/M4A is refused instead.
    if (container === 'aac' || container === 'm4a') {
      throw new MusicDecodeError(
        'unsupported',
        'AAC/M4A music needs a current FFmpeg (5 or newer) on this machine; install it, or use MP3, OGG, FLAC or WAV',
      );
    }
    const ownWav = path.join(path.dirname(input.outputPath), `.wasm-${path.basename(input.outputPath)}`);
    try {
      const decoded = await decodeWithWasm({ sourcePath: input.sourcePath, format: wasmFormat(container, head), outputPath: ownWav, maxSeconds: MAX_MUSIC_SECONDS }, signal);
      if (timeout.aborted) throw new MusicDecodeError('timeout', 'The file took too long to decode');
      if (!decoded.ok) {
        throw new MusicDecodeError(decoded.reason, decoded.reason === 'corrupt' ? 'The file could not be decoded: it is damaged or not really audio' : decoded.message);
      }
      const declared = container === 'flac' ? flacTotalSamples(head) : null;
      if (declared !== null && decoded.frames < declared * 0.99) throw new MusicDecodeError('truncated', 'The file is incomplete: the FLAC stream ends early');
      // The old FFmpeg only ever reads this WAV, which StoryFlow wrote.
      const result = await runProcess(input.ffmpegPath, resampleArgs(ownWav, input.outputPath), { signal }).done;
      onFailure(result, 'The decoded music could not be resampled');
    } finally {
      await fs.rm(ownWav, { force: true });
    }
  }
  const durationSeconds = await wavSeconds(input.outputPath);
  if (durationSeconds > MAX_MUSIC_SECONDS) {
    throw new MusicDecodeError('too-long', `The music is longer than ${MAX_MUSIC_SECONDS / 60} minutes`);
  }
  if (durationSeconds < MIN_MUSIC_SECONDS) throw new MusicDecodeError('no-audio', 'The file contains no audio');
  return { container, durationSeconds, decoder };
}

/** The WASM decoder for a container; Ogg carries Vorbis or Opus, told apart by its first packet. */
function wasmFormat(container: MusicContainer, head: Buffer): WasmFormat {
  if (container === 'ogg') return head.includes('OpusHead', 0, 'latin1') ? 'opus' : 'oga';
  return container;
}

/** STREAMINFO's total sample count (36 bits after rate, channels and depth); null when unknown (0). */
export function flacTotalSamples(head: Buffer): number | null {
  if (head.length < 26) return null;
  const total = ((head[21] ?? 0) & 0x0f) * 2 ** 32 + head.readUInt32BE(22);
  return total === 0 ? null : total;
}

function decodeWithWasm(job: WasmDecodeJob, signal: AbortSignal): Promise<WasmDecodeOutcome> {
  return new Promise((resolve, reject) => {
    // A bounded heap: a hostile file can exhaust the worker, never the server.
    const worker = startEngineWorker(import.meta.url, 'music-decode-worker', { workerData: job, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    const onAbort = (): void => void worker.terminate();
    signal.addEventListener('abort', onAbort, { once: true });
    let outcome: WasmDecodeOutcome | undefined;
    worker.once('message', (message: WasmDecodeOutcome) => {
      outcome = message;
    });
    worker.once('error', (err) => {
      outcome ??= { ok: false, reason: 'corrupt', message: err.message };
    });
    worker.once('exit', () => {
      signal.removeEventListener('abort', onAbort);
      if (outcome !== undefined) resolve(outcome);
      else if (signal.aborted) resolve({ ok: false, reason: 'corrupt', message: 'stopped' });
      else reject(new Error('The music decoder stopped without an answer'));
    });
  });
}

function resampleArgs(wavPath: string, outputPath: string): string[] {
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
    '-f', 'wav', '-i', wavPath,
    '-ar', String(MUSIC_SAMPLE_RATE), '-ac', String(MUSIC_CHANNELS), '-c:a', 'pcm_s16le', '-f', 'wav', outputPath,
  ];
}

export function decodeArgs(container: MusicContainer, sourcePath: string, outputPath: string): string[] {
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
    // Stop at the first damaged packet instead of decoding around it.
    '-xerror',
    '-protocol_whitelist', 'file',
    '-format_whitelist', DEMUXERS[container],
    '-codec_whitelist', DECODERS,
    '-i', sourcePath,
    '-map', '0:a:0',
    // A little past the limit, so "too long" can be told apart from "exactly the limit".
    '-t', String(MAX_MUSIC_SECONDS + 1),
    '-fs', String(BYTES_PER_SECOND * (MAX_MUSIC_SECONDS + 2)),
    '-ar', String(MUSIC_SAMPLE_RATE),
    '-ac', String(MUSIC_CHANNELS),
    '-c:a', 'pcm_s16le',
    '-map_metadata', '-1',
    '-f', 'wav',
    outputPath,
  ];
}

async function readEnds(file: string): Promise<{ head: Buffer; tail: Buffer; size: number }> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, SNIFF_BYTES));
    await handle.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(size, SNIFF_BYTES));
    await handle.read(tail, 0, tail.length, size - tail.length);
    return { head, tail, size };
  } finally {
    await handle.close();
  }
}

/** Length of a WAV FFmpeg wrote, from its header and the file size (not the whole file read). */
async function wavSeconds(file: string): Promise<number> {
  const { head, size } = await readEnds(file);
  const info = parseWavHeader(head);
  const frameBytes = (info.channels * info.bitsPerSample) / 8;
  return Math.floor((size - info.dataOffset) / frameBytes) / info.sampleRate;
}
