import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from './atomic-file.js';

/**
 * WAV post-processing for speech (SPEC §2.4): every engine's output becomes a mono
 * 16-bit PCM WAV at the engine's own rate, peak-normalised to −1 dBFS, written to a
 * temporary file and renamed over the target so a regenerate replaces it atomically.
 *
 * This runs on the main thread on purpose: decode + normalise + encode is a few linear
 * passes over typed arrays, 20–50 ms per minute of 22 kHz audio on this 2-core machine
 * (bench/speech-bench.ts, docs/speech.md), so 1–5 ms for a typical 5–30 s segment. A
 * worker thread costs ~30 ms to start and an ffmpeg child ~40 ms, more than the work
 * for every realistic segment. The slow part, synthesis, already runs in a child
 * process (espeak-ng) or on onnxruntime's native threads (Kokoro).
 */

/** −1 dBFS as a linear amplitude: 10^(−1/20). */
export const TARGET_PEAK_DBFS = -1;
const TARGET_PEAK = 10 ** (TARGET_PEAK_DBFS / 20);
const INT16_FULL_SCALE = 32768;

export type PcmAudio = {
  sampleRate: number;
  /** Mono samples in [−1, 1]. */
  samples: Float32Array;
};

export type WavInfo = {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** 1 = integer PCM, 3 = IEEE float. */
  format: number;
  frames: number;
  durationSeconds: number;
  /** Byte offset and length of the data chunk. */
  dataOffset: number;
  dataBytes: number;
};

export class WavFormatError extends Error {
  override readonly name = 'WavFormatError';
}

/** Reads the RIFF header: format, rate, channels and where the samples are. */
export function parseWavHeader(buf: Buffer): WavInfo {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new WavFormatError('Not a RIFF/WAVE file');
  }
  let offset = 12;
  let fmt: { format: number; channels: number; sampleRate: number; bitsPerSample: number } | undefined;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      let format = buf.readUInt16LE(body);
      // WAVE_FORMAT_EXTENSIBLE keeps the real format code in its sub-format GUID.
      if (format === 0xfffe && size >= 26) format = buf.readUInt16LE(body + 24);
      fmt = {
        format,
        channels: buf.readUInt16LE(body + 2),
        sampleRate: buf.readUInt32LE(body + 4),
        bitsPerSample: buf.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (fmt === undefined) throw new WavFormatError('WAV data chunk comes before its fmt chunk');
      // A writer that was cut short (or streams) may leave the size unset: trust the file length.
      const blockAlign = (fmt.channels * fmt.bitsPerSample) / 8;
      const available = buf.length - body;
      let dataBytes = size === 0 || size === 0xffffffff || size > available ? available : size;
      dataBytes -= dataBytes % blockAlign;
      const frames = dataBytes / blockAlign;
      return { ...fmt, frames, durationSeconds: frames / fmt.sampleRate, dataOffset: body, dataBytes };
    }
    offset = body + size + (size % 2);
  }
  throw new WavFormatError('WAV file has no data chunk');
}

/** Decodes integer PCM (8/16/24/32-bit) or float WAV and mixes all channels down to mono. */
export function decodeWav(buf: Buffer): PcmAudio {
  const info = parseWavHeader(buf);
  const { channels, bitsPerSample, format, frames, dataOffset } = info;
  if (channels < 1 || info.sampleRate < 1) throw new WavFormatError('WAV file has no channels or no sample rate');
  const samples = new Float32Array(frames);
  if (format === 1 && bitsPerSample === 16) {
    // The common case (espeak-ng): read through a typed array, ~10× faster than readInt16LE per sample.
    const ints = new Int16Array(buf.buffer.slice(buf.byteOffset + dataOffset, buf.byteOffset + dataOffset + frames * channels * 2));
    for (let frame = 0; frame < frames; frame++) {
      let sum = 0;
      for (let ch = 0; ch < channels; ch++) sum += ints[frame * channels + ch] ?? 0;
      samples[frame] = sum / channels / 32768;
    }
    return { sampleRate: info.sampleRate, samples };
  }
  const read = sampleReader(buf, format, bitsPerSample);
  const bytesPerSample = bitsPerSample / 8;
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    const base = dataOffset + frame * channels * bytesPerSample;
    for (let ch = 0; ch < channels; ch++) sum += read(base + ch * bytesPerSample);
    samples[frame] = sum / channels;
  }
  return { sampleRate: info.sampleRate, samples };
}

function sampleReader(buf: Buffer, format: number, bits: number): (offset: number) => number {
  if (format === 3 && bits === 32) return (o) => buf.readFloatLE(o);
  if (format === 3 && bits === 64) return (o) => buf.readDoubleLE(o);
  if (format === 1 && bits === 16) return (o) => buf.readInt16LE(o) / 32768;
  if (format === 1 && bits === 8) return (o) => (buf.readUInt8(o) - 128) / 128;
  if (format === 1 && bits === 24) return (o) => buf.readIntLE(o, 3) / 8388608;
  if (format === 1 && bits === 32) return (o) => buf.readInt32LE(o) / 2147483648;
  throw new WavFormatError(`Unsupported WAV sample format ${format} with ${bits} bits`);
}

/** Scales so the loudest sample sits at −1 dBFS. Silence is left silent. */
export function normalizePeak(samples: Float32Array): Float32Array {
  let peak = 0;
  for (const s of samples) peak = Math.max(peak, Math.abs(s));
  const out = new Float32Array(samples.length);
  if (peak === 0) return out;
  const gain = TARGET_PEAK / peak;
  for (let i = 0; i < samples.length; i++) out[i] = (samples[i] ?? 0) * gain;
  return out;
}

/** A mono 16-bit PCM WAV file image. */
export function encodeWav16(audio: PcmAudio): Buffer {
  const { sampleRate, samples } = audio;
  const dataBytes = samples.length * 2;
  const buf = Buffer.alloc(44 + dataBytes);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + dataBytes, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // integer PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * 2, 28); // byte rate
  buf.writeUInt16LE(2, 32); // block align
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(dataBytes, 40);
  const ints = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const scaled = Math.round((samples[i] ?? 0) * INT16_FULL_SCALE);
    ints[i] = Math.max(-32768, Math.min(32767, scaled));
  }
  // Int16Array is little-endian on every platform Node supports here (x64, arm64).
  Buffer.from(ints.buffer, ints.byteOffset, ints.byteLength).copy(buf, 44);
  return buf;
}

export type WrittenAudio = { sampleRate: number; durationSeconds: number; frames: number };

/**
 * Normalises `audio` and writes it to `outputFile` through a temporary file in the same
 * folder, so readers see either the old file or the complete new one. The duration is
 * measured by reading the written file back, not taken from the input.
 */
export async function writeNormalizedWav(audio: PcmAudio, outputFile: string): Promise<WrittenAudio> {
  if (audio.samples.length === 0) throw new WavFormatError('The speech engine produced no audio');
  const encoded = encodeWav16({ sampleRate: audio.sampleRate, samples: normalizePeak(audio.samples) });
  await fs.mkdir(path.dirname(outputFile), { recursive: true });
  await writeFileAtomically(outputFile, encoded);
  const info = await readWavInfo(outputFile);
  return { sampleRate: info.sampleRate, durationSeconds: info.durationSeconds, frames: info.frames };
}

/** Reads any WAV an engine wrote and writes its normalised mono 16-bit version. */
export async function normalizeWavFile(inputFile: string, outputFile: string): Promise<WrittenAudio> {
  return writeNormalizedWav(decodeWav(await fs.readFile(inputFile)), outputFile);
}

export async function readWavInfo(file: string): Promise<WavInfo> {
  return parseWavHeader(await fs.readFile(file));
}
