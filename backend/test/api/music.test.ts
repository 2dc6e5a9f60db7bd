import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { setSegmentAudio } from '../../src/db/segments.js';
import { audioPath, resolveMediaPath } from '../../src/storage/media.js';
import { buildTestApp, LOCAL } from '../helper.js';
import { makeReadyProject } from '../fixtures/media.js';
import {
  MUSIC_BAND,
  audioStreamFacts,
  decodeAudio,
  ebur128,
  makeMusicFile,
  makeNarrationWav,
  percentile,
  windowLevels,
} from '../engine/audio-measure.js';
import { FFMPEG } from '../engine/media.js';
import { expectServing, makeProject, mediaFiles, multipart, request } from './fixtures.js';

type MusicBody = { file: string; name: string; duration_seconds: number; volume_db: number; loop: boolean; fade_out_seconds: number };
type ProjectBody = { id: string; status: string; music: MusicBody | null; loudness_target: number; output_path: string | null };

// Uploads made once for the file: each format (3 s of music) and each kind of bad file.
const files = fs.mkdtempSync(path.join(os.tmpdir(), 'storyflow-music-files-'));
afterAll(() => fs.rmSync(files, { recursive: true, force: true }));
const FORMATS = {
  mp3: ['-c:a', 'libmp3lame', '-b:a', '128k'],
  m4a: ['-c:a', 'aac', '-b:a', '128k'],
  aac: ['-c:a', 'aac', '-b:a', '128k', '-f', 'adts'],
  wav: ['-c:a', 'pcm_s16le'],
  ogg: ['-c:a', 'libvorbis'],
  flac: ['-c:a', 'flac'],
} as const;
const file = (name: string): Buffer => fs.readFileSync(path.join(files, name));

beforeAll(() => {
  for (const [ext, args] of Object.entries(FORMATS)) makeMusicFile(path.join(files, `music.${ext}`), 3, [...args]);
  // 25 minutes of silence: a FLAC of a few kilobytes that decodes to over 270 MB.
  execFileSync(FFMPEG, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'anullsrc=r=8000:cl=mono', '-t', '1500', '-c:a', 'flac', path.join(files, 'bomb.flac')]);
});

function upload(app: App, projectId: string, data: Buffer, filename: string, field = 'music') {
  return multipart({ [field]: { data, filename } }).then((body) =>
    app.inject({ method: 'POST', url: `/api/projects/${projectId}/music/`, ...body }),
  );
}

async function projectJson(app: App, id: string): Promise<ProjectBody> {
  return (await request(app, 'GET', `/api/projects/${id}/`)).json<ProjectBody>();
}

/** A WAV header that claims a sample rate of 100 Hz: 200 kB of samples "last" 2000 s. */
function slowWav(): Buffer {
  const data = Buffer.alloc(200_000, 128);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(100, 24);
  header.writeUInt32LE(100, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

const half = (b: Buffer): Buffer => b.subarray(0, Math.floor(b.length / 2));

describe('POST /api/projects/{id}/music/', () => {
  it('accepts MP3, AAC, M4A, WAV, OGG and FLAC by their content and stores a 48 kHz WAV it decoded', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    for (const ext of Object.keys(FORMATS)) {
      // A misleading name on purpose: the bytes decide.
      const res = await upload(app, project.id, file(`music.${ext}`), `My Song (${ext}).dat`);
      expect(res.statusCode, ext).toBe(201);
      const music = res.json<{ music: MusicBody }>().music;
      expect(music).toMatchObject({ name: `My Song (${ext}).dat`, volume_db: -12, loop: true, fade_out_seconds: 3 });
      expect(music.file).toMatch(new RegExp(`^/media/projects/${project.id}/music/[0-9a-f-]+\\.wav$`));
      expect(Math.abs(music.duration_seconds - 3)).toBeLessThanOrEqual(0.1);
      const stored = resolveMediaPath(app.ctx.config.mediaDir, music.file.replace(/^\/media\//, ''));
      expect(audioStreamFacts(stored)).toMatchObject({ sampleRate: 48000, codec: 'pcm_s16le' });
      expect((await projectJson(app, project.id)).music).toEqual(music);
      // One music file at a time: the previous one is gone, and no temp files remain.
      expect(mediaFiles(app).filter((f) => f.includes('/music/'))).toEqual([music.file.replace(/^\/media\//, '')]);
    }
    const served = await app.inject({ method: 'GET', url: (await projectJson(app, project.id)).music?.file ?? '', headers: LOCAL });
    expect(served.statusCode).toBe(200);
  });

  it('refuses every bad file with a 400 or 413 JSON error and keeps the previous music', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    expect((await upload(app, project.id, file('music.ogg'), 'bed.ogg')).statusCode).toBe(201);
    const before = await projectJson(app, project.id);
    const keptFiles = mediaFiles(app);

    const random = crypto.randomBytes(64 * 1024);
    const cases: [string, Buffer, string, number, string, RegExp][] = [
      ['zero-length', Buffer.alloc(0), 'empty.mp3', 400, 'music_empty', /empty/],
      ['an HTML page named .mp3', Buffer.from('<!DOCTYPE html><html><body>Not found</body></html>'), 'song.mp3', 400, 'music_unsupported_format', /not MP3/],
      ['random bytes', random, 'noise.wav', 400, 'music_unsupported_format', /not MP3/],
      ['an Ogg header on random bytes', Buffer.concat([Buffer.from('OggS'), random]), 'x.ogg', 400, 'music_truncated', /incomplete/],
      ['an MPEG frame header on random bytes', Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), random]), 'x.mp3', 400, 'music_corrupt', /could not be decoded/],
      ['a truncated MP3', half(file('music.mp3')), 'cut.mp3', 400, 'music_truncated', /incomplete/],
      ['a truncated M4A', half(file('music.m4a')), 'cut.m4a', 400, 'music_corrupt', /could not be decoded/],
      ['a truncated OGG', half(file('music.ogg')), 'cut.ogg', 400, 'music_truncated', /incomplete/],
      ['a truncated FLAC', half(file('music.flac')), 'cut.flac', 400, 'music_corrupt', /could not be decoded/],
      ['a truncated WAV', half(file('music.wav')), 'cut.wav', 400, 'music_truncated', /incomplete/],
      ['a WAV claiming 2000 s at 100 Hz', slowWav(), 'slow.wav', 400, 'music_too_long', /longer than 20 minutes/],
      ['25 minutes of silence in a tiny FLAC', file('bomb.flac'), 'bomb.flac', 400, 'music_too_long', /longer than 20 minutes/],
      ['a 60 MB file', Buffer.concat([file('music.wav'), Buffer.alloc(60 * 1024 * 1024)]), 'huge.wav', 413, 'file_too_large', /50 MB/],
    ];
    for (const [label, data, name, status, code, details] of cases) {
      const res = await upload(app, project.id, data, name);
      expect(res.statusCode, label).toBe(status);
      const body = res.json<{ error: string; code: string; details: string }>();
      expect(body.code, label).toBe(code);
      expect(body.error, label).toMatch(/music|too large/i);
      expect(body.details, label).toMatch(details);
      expect(await projectJson(app, project.id), label).toEqual(before);
      expect(mediaFiles(app), label).toEqual(keptFiles);
    }
    await expectServing(app);
  });

  it('asks for the file in the "music" field and 404s for an unknown project', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const wrongField = await upload(app, project.id, file('music.wav'), 'a.wav', 'image');
    expect(wrongField.statusCode).toBe(400);
    expect(wrongField.json()).toMatchObject({ error: 'No music file', code: 'music_file_missing' });
    const json = await request(app, 'POST', `/api/projects/${project.id}/music/`, { music: 'x' });
    expect(json.statusCode).toBe(400);
    expect((await upload(app, crypto.randomUUID(), file('music.wav'), 'a.wav')).statusCode).toBe(404);
    expect(mediaFiles(app)).toEqual([]);
  });
});

describe('DELETE /api/projects/{id}/music/ and PATCH of the soundtrack settings', () => {
  it('removes the music file and clears it from the project', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    await upload(app, project.id, file('music.flac'), 'bed.flac');
    const res = await request(app, 'DELETE', `/api/projects/${project.id}/music/`);
    expect(res.statusCode).toBe(204);
    expect((await projectJson(app, project.id)).music).toBeNull();
    expect(mediaFiles(app)).toEqual([]);
    expect((await request(app, 'DELETE', `/api/projects/${project.id}/music/`)).statusCode).toBe(204);
    expect((await request(app, 'DELETE', `/api/projects/${crypto.randomUUID()}/music/`)).statusCode).toBe(404);
  });

  it('changes volume, loop, fade-out and the loudness target, and refuses values out of range', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    expect((await projectJson(app, project.id)).loudness_target).toBe(-14);
    await upload(app, project.id, file('music.wav'), 'bed.wav');
    const res = await request(app, 'PATCH', `/api/projects/${project.id}/`, {
      music: { volume_db: -20.5, loop: false },
      loudness_target: -23,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<ProjectBody>()).toMatchObject({
      loudness_target: -23,
      music: { volume_db: -20.5, loop: false, fade_out_seconds: 3 },
    });
    const fade = await request(app, 'PATCH', `/api/projects/${project.id}/`, { music: { fade_out_seconds: 0 } });
    expect(fade.json<ProjectBody>().music).toMatchObject({ volume_db: -20.5, loop: false, fade_out_seconds: 0 });

    const after = await projectJson(app, project.id);
    for (const [body, field] of [
      [{ music: { volume_db: 7 } }, 'music.volume_db'],
      [{ music: { fade_out_seconds: -1 } }, 'music.fade_out_seconds'],
      [{ music: { loop: 'yes' } }, 'music.loop'],
      [{ loudness_target: -16 }, 'loudness_target'],
    ] as const) {
      const bad = await request(app, 'PATCH', `/api/projects/${project.id}/`, body);
      expect(bad.statusCode, field).toBe(400);
      expect(bad.json(), field).toMatchObject({ code: 'validation_failed' });
      expect(Object.keys(bad.json()).filter((k) => k !== 'code'), field).toEqual([field]);
    }
    expect(await projectJson(app, project.id)).toEqual(after);
    expect((await request(app, 'PATCH', `/api/projects/${crypto.randomUUID()}/`, { loudness_target: -14 })).statusCode).toBe(404);
  });
});

describe('a render with music', () => {
  const PHRASES = ['The keeper lit the lamp at dusk.', 'Far away, a ship turned towards the light, and the crew cheered.'];

  /** A ready project whose narration is real espeak-ng speech. */
  async function speakingProject(app: App) {
    const { project, segments } = await makeReadyProject(app, { segments: 2 });
    const spans: { start: number; end: number }[] = [];
    let t = 0;
    for (const [i, segment] of segments.entries()) {
      const rel = audioPath(project.id, segment.id);
      const seconds = await makeNarrationWav(resolveMediaPath(app.ctx.config.mediaDir, rel), PHRASES[i] ?? '');
      setSegmentAudio(app.ctx.db, segment.id, { file: rel, durationSeconds: seconds, wordTimings: null });
      spans.push({ start: t, end: t + seconds });
      t += seconds;
    }
    return { project, spans };
  }

  async function renderAndWait(app: App, id: string): Promise<string> {
    expect((await request(app, 'POST', `/api/projects/${id}/render/`, {})).statusCode).toBe(202);
    for (;;) {
      const body = await projectJson(app, id);
      if (body.status !== 'PROCESSING') {
        expect(body.status).toBe('COMPLETED');
        return resolveMediaPath(app.ctx.config.mediaDir, (body.output_path ?? '').replace(/^\/media\//, ''));
      }
      await sleep(50);
    }
  }

  it('ducks the uploaded music steadily under the narration and meets −14 LUFS and −1.5 dBTP in the MP4; narration alone and −23 too', async () => {
    const app = await buildTestApp();
    const { project, spans } = await speakingProject(app);
    expect((await upload(app, project.id, file('music.mp3'), 'bed.mp3')).statusCode).toBe(201);
    await request(app, 'PATCH', `/api/projects/${project.id}/`, { music: { volume_db: -6, fade_out_seconds: 0 } });

    const withMusic = await renderAndWait(app, project.id);
    const facts = audioStreamFacts(withMusic);
    expect(facts).toMatchObject({ codec: 'aac', sampleRate: 48000 });
    const loud = ebur128(withMusic);
    expect(Math.abs(loud.integratedLufs + 14)).toBeLessThanOrEqual(1);
    expect(loud.truePeakDbtp).toBeLessThanOrEqual(-1.5);
    const music = decodeAudio(withMusic, MUSIC_BAND);
    const under = spans.flatMap((s) => windowLevels(music, s.start + 0.05, s.end - 0.05));
    // The 3 s music loops under the whole narration, flat (no pumping).
    expect(percentile(under, 10)).toBeGreaterThan(-60);
    expect(percentile(under, 90) - percentile(under, 10)).toBeLessThanOrEqual(2);

    await request(app, 'DELETE', `/api/projects/${project.id}/music/`);
    const alone = ebur128(await renderAndWait(app, project.id));
    expect(Math.abs(alone.integratedLufs + 14)).toBeLessThanOrEqual(1);
    expect(alone.truePeakDbtp).toBeLessThanOrEqual(-1.5);

    await request(app, 'PATCH', `/api/projects/${project.id}/`, { loudness_target: -23 });
    const broadcast = ebur128(await renderAndWait(app, project.id));
    expect(Math.abs(broadcast.integratedLufs + 23)).toBeLessThanOrEqual(1);
  });
});
