import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseMusicDecoder, decodeMusic, sniffMusicContainer, type MusicDecoder } from '../../src/engine/music-decode.js';
import { audioStreamFacts, decodeAudio, makeMusicFile, rmsDb } from './audio-measure.js';

const FFMPEG = 'ffmpeg';
/**
 * The fixtures are encoded, and the `ffmpeg` decoder runs, with a current system FFmpeg —
 * the program that decodes user audio. `.ci/run`'s pass with the system programs hidden
 * (stubs that exit 127) has none, so this file is skipped there; the normal run covers it.
 */
const HAS_SYSTEM_FFMPEG = spawnSync(FFMPEG, ['-version']).status === 0;
const FORMATS: Record<string, string[]> = {
  mp3: ['-c:a', 'libmp3lame', '-b:a', '128k'],
  m4a: ['-c:a', 'aac', '-b:a', '128k'],
  aac: ['-c:a', 'aac', '-b:a', '128k', '-f', 'adts'],
  wav: ['-c:a', 'pcm_s16le'],
  ogg: ['-c:a', 'libvorbis'],
  opus: ['-c:a', 'libopus', '-f', 'ogg'],
  flac: ['-c:a', 'flac'],
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storyflow-music-decode-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const at = (name: string): string => path.join(dir, name);

beforeAll(() => {
  if (!HAS_SYSTEM_FFMPEG) return;
  for (const [ext, args] of Object.entries(FORMATS)) makeMusicFile(at(`music.${ext}`), 2, args);
  execFileSync(FFMPEG, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'anullsrc=r=8000:cl=mono', '-t', '1500', '-c:a', 'flac', at('bomb.flac')]);
});

async function decode(source: string, decoder: MusicDecoder, out = at(`out-${crypto.randomUUID()}.wav`)) {
  return { result: await decodeMusic({ ffmpegPath: FFMPEG, sourcePath: source, outputPath: out, decoder }), out };
}

describe.skipIf(!HAS_SYSTEM_FFMPEG)('sniffMusicContainer', () => {
  it('names each container by its first bytes and nothing else', () => {
    for (const ext of ['mp3', 'm4a', 'aac', 'wav', 'flac'] as const) expect(sniffMusicContainer(fs.readFileSync(at(`music.${ext}`)))).toBe(ext);
    expect(sniffMusicContainer(fs.readFileSync(at('music.opus')))).toBe('ogg');
    expect(sniffMusicContainer(Buffer.from('<!DOCTYPE html><html>'))).toBeNull();
    expect(sniffMusicContainer(Buffer.from('PK\u0003\u0004zip'))).toBeNull();
    expect(sniffMusicContainer(Buffer.alloc(0))).toBeNull();
  });
});

describe('chooseMusicDecoder', () => {
  it('trusts FFmpeg 5 and newer with user files and hands older ones the WASM decoder', () => {
    expect(chooseMusicDecoder(4)).toBe('wasm');
    expect(chooseMusicDecoder(5)).toBe('ffmpeg');
    expect(chooseMusicDecoder(7)).toBe('ffmpeg');
  });
});

describe.skipIf(!HAS_SYSTEM_FFMPEG).each(['ffmpeg', 'wasm'] as const)('decodeMusic with the %s decoder', (decoder) => {
  it('decodes MP3, AAC, M4A, WAV, Ogg Vorbis/Opus and FLAC to the same 48 kHz stereo audio', async () => {
    const reference = decodeAudio(at('music.wav'));
    const level = rmsDb(reference, 0.2, 1.8);
    for (const ext of Object.keys(FORMATS)) {
      if (decoder === 'wasm' && (ext === 'aac' || ext === 'm4a')) {
        // Not loaded in-process: the WASM AAC decoder's licence may be GPL-2.0-only (docs/licensing.md).
        await expect(decode(at(`music.${ext}`), decoder)).rejects.toMatchObject({ reason: 'unsupported', message: /current FFmpeg/ });
        continue;
      }
      const { result, out } = await decode(at(`music.${ext}`), decoder);
      expect(result.decoder, ext).toBe(decoder);
      expect(Math.abs(result.durationSeconds - 2), ext).toBeLessThanOrEqual(0.1);
      expect(audioStreamFacts(out), ext).toMatchObject({ sampleRate: 48000, codec: 'pcm_s16le' });
      expect(Math.abs(rmsDb(decodeAudio(out), 0.2, 1.8) - level), ext).toBeLessThanOrEqual(0.5);
    }
  });

  it('refuses corrupt, truncated, empty, mislabelled and huge-duration files', async () => {
    const random = crypto.randomBytes(32 * 1024);
    const cut = (name: string): string => {
      const data = fs.readFileSync(at(name));
      const file = at(`cut-${name}`);
      fs.writeFileSync(file, data.subarray(0, data.length >> 1));
      return file;
    };
    const write = (name: string, data: Buffer): string => {
      fs.writeFileSync(at(name), data);
      return at(name);
    };
    const cases: [string, string, RegExp][] = [
      ['empty', write('empty.mp3', Buffer.alloc(0)), /no-audio/],
      ['an HTML page named .mp3', write('page.mp3', Buffer.from('<!DOCTYPE html><p>hi</p>')), /unsupported/],
      ['an MP4 box on random bytes', write('box.m4a', Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypM4A '), random])), decoder === 'wasm' ? /unsupported/ : /corrupt/],
      ['a truncated M4A', cut('music.m4a'), decoder === 'wasm' ? /unsupported/ : /corrupt/],
      ['a truncated FLAC', cut('music.flac'), /corrupt|truncated/],
      ['a truncated Ogg', cut('music.ogg'), /truncated/],
      ['25 minutes of silence in a tiny FLAC', at('bomb.flac'), /too-long/],
    ];
    for (const [label, file, reason] of cases) {
      const out = at(`bad-${crypto.randomUUID()}.wav`);
      await expect(decode(file, decoder, out).then(() => 'decoded'), label).rejects.toSatisfy(
        (err: unknown) => reason.test(String((err as { reason?: string }).reason)),
      );
    }
  });
});
