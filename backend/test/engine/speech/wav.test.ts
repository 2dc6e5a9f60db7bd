import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeWav,
  encodeWav16,
  normalizePeak,
  normalizeWavFile,
  parseWavHeader,
  WavFormatError,
} from '../../../src/engine/wav.js';
import { makeTempDir } from '../../helper.js';

/** A stereo float32 WAV: what an engine that is not espeak-ng may hand us. */
function stereoFloatWav(left: number[], right: number[], sampleRate: number): Buffer {
  const frames = left.length;
  const data = Buffer.alloc(frames * 8);
  for (let i = 0; i < frames; i++) {
    data.writeFloatLE(left[i] ?? 0, i * 8);
    data.writeFloatLE(right[i] ?? 0, i * 8 + 4);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(3, 20);
  header.writeUInt16LE(2, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 8, 28);
  header.writeUInt16LE(8, 32);
  header.writeUInt16LE(32, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

function peakDbfs(buf: Buffer): number {
  const info = parseWavHeader(buf);
  let peak = 0;
  for (let i = 0; i < info.frames; i++) peak = Math.max(peak, Math.abs(buf.readInt16LE(info.dataOffset + i * 2)));
  return 20 * Math.log10(peak / 32768);
}

describe('wav', () => {
  it('encodes a mono 16-bit PCM header that parses back to the same facts', () => {
    const buf = encodeWav16({ sampleRate: 22050, samples: new Float32Array(22050) });
    expect(buf.length).toBe(44 + 44100);
    expect(parseWavHeader(buf)).toEqual({
      format: 1,
      channels: 1,
      sampleRate: 22050,
      bitsPerSample: 16,
      frames: 22050,
      durationSeconds: 1,
      dataOffset: 44,
      dataBytes: 44100,
    });
  });

  it('mixes channels to mono when decoding', () => {
    const audio = decodeWav(stereoFloatWav([0.5, -0.2, 0], [0.1, -0.4, 1], 24000));
    expect(audio.sampleRate).toBe(24000);
    expect(Array.from(audio.samples).map((s) => Number(s.toFixed(4)))).toEqual([0.3, -0.3, 0.5]);
  });

  it('scales the loudest sample to −1 dBFS, up or down, and leaves silence silent', () => {
    const up = normalizePeak(Float32Array.from([0.1, -0.05]));
    expect(up[0]).toBeCloseTo(10 ** (-1 / 20), 5);
    expect(up[1]).toBeCloseTo(-(10 ** (-1 / 20)) / 2, 5);
    const down = normalizePeak(Float32Array.from([0.2, -1]));
    expect(down[1]).toBeCloseTo(-(10 ** (-1 / 20)), 5);
    expect(Array.from(normalizePeak(new Float32Array(3)))).toEqual([0, 0, 0]);
  });

  it('writes a normalised mono 16-bit file over the target and measures its duration from the file', async () => {
    const dir = makeTempDir();
    const input = path.join(dir, 'in.wav');
    const output = path.join(dir, 'audio', 'out.wav');
    const frames = 12000;
    const left = Array.from({ length: frames }, (_, i) => 0.25 * Math.sin(i / 10));
    fs.writeFileSync(input, stereoFloatWav(left, left, 24000));
    fs.mkdirSync(path.dirname(output));
    fs.writeFileSync(output, 'old content');

    const result = await normalizeWavFile(input, output);

    expect(result).toEqual({ sampleRate: 24000, durationSeconds: 0.5, frames });
    const written = fs.readFileSync(output);
    expect(parseWavHeader(written)).toMatchObject({ format: 1, channels: 1, bitsPerSample: 16, sampleRate: 24000 });
    expect(Math.abs(peakDbfs(written) - -1)).toBeLessThan(0.1);
    expect(fs.readdirSync(path.dirname(output))).toEqual(['out.wav']);
  });

  it('refuses input that is not a WAV file or has no audio', async () => {
    expect(() => parseWavHeader(Buffer.from('not a wav file at all'))).toThrow(WavFormatError);
    const dir = makeTempDir();
    const empty = path.join(dir, 'empty.wav');
    fs.writeFileSync(empty, encodeWav16({ sampleRate: 22050, samples: new Float32Array(0) }));
    await expect(normalizeWavFile(empty, path.join(dir, 'out.wav'))).rejects.toThrow('produced no audio');
    expect(fs.existsSync(path.join(dir, 'out.wav'))).toBe(false);
  });
});
