/**
 * Worker thread: decodes user music with a maintained WASM decoder (@audio/decode, via
 * `audio-decode`) when the only FFmpeg is too old to be trusted with files from outside
 * (SPEC §7.7). Streams the file in chunks and writes a 16-bit stereo WAV at the source
 * rate as it goes, so memory stays flat; stops as soon as the music passes the length
 * limit. Input via workerData (WasmDecodeJob); posts one WasmDecodeOutcome.
 */
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { decodeChunked } from 'audio-decode/stream';

export type WasmFormat = 'mp3' | 'aac' | 'm4a' | 'wav' | 'oga' | 'opus' | 'flac';
export type WasmDecodeJob = { sourcePath: string; format: WasmFormat; outputPath: string; maxSeconds: number };
export type WasmDecodeOutcome =
  | { ok: true; frames: number; sampleRate: number }
  | { ok: false; reason: 'too-long' | 'corrupt' | 'no-audio'; message: string };

const job = workerData as WasmDecodeJob;
const HEADER_BYTES = 44;

function wavHeader(frames: number, sampleRate: number): Buffer {
  const dataBytes = frames * 4;
  const h = Buffer.alloc(HEADER_BYTES);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(2, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * 4, 28);
  h.writeUInt16LE(4, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** Interleaved 16-bit stereo; mono is doubled, channels past two are dropped. */
function toPcm(channels: Float32Array[]): Buffer {
  const left = channels[0] ?? new Float32Array(0);
  const right = channels[1] ?? left;
  const out = new Int16Array(left.length * 2);
  for (let i = 0; i < left.length; i++) {
    out[2 * i] = Math.round(Math.max(-1, Math.min(1, left[i] ?? 0)) * 32767);
    out[2 * i + 1] = Math.round(Math.max(-1, Math.min(1, right[i] ?? 0)) * 32767);
  }
  // Int16Array is little-endian on every platform Node ships for, as WAV wants.
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

async function run(): Promise<WasmDecodeOutcome> {
  const fd = fs.openSync(job.outputPath, 'w');
  let frames = 0;
  let sampleRate = 0;
  try {
    fs.writeSync(fd, Buffer.alloc(HEADER_BYTES));
    const source = fs.createReadStream(job.sourcePath, { highWaterMark: 64 * 1024 });
    try {
      for await (const chunk of decodeChunked(source, job.format)) {
        const length = chunk.channelData[0]?.length ?? 0;
        if (length === 0) continue;
        sampleRate = chunk.sampleRate;
        fs.writeSync(fd, toPcm(chunk.channelData));
        frames += length;
        if (frames > job.maxSeconds * sampleRate) {
          return { ok: false, reason: 'too-long', message: `The music is longer than ${job.maxSeconds / 60} minutes` };
        }
      }
    } catch (err) {
      return { ok: false, reason: 'corrupt', message: err instanceof Error ? err.message : String(err) };
    } finally {
      source.destroy();
    }
    if (frames === 0 || sampleRate === 0) return { ok: false, reason: 'no-audio', message: 'The file contains no audio' };
    fs.writeSync(fd, wavHeader(frames, sampleRate), 0, HEADER_BYTES, 0);
    return { ok: true, frames, sampleRate };
  } finally {
    fs.closeSync(fd);
  }
}

void run().then(
  (outcome) => parentPort?.postMessage(outcome),
  (err: unknown) => parentPort?.postMessage({ ok: false, reason: 'corrupt', message: err instanceof Error ? err.message : String(err) }),
);
