import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DUCK_DEPTH_DB } from '../../src/engine/ducking.js';
import { decodeMusic } from '../../src/engine/music-decode.js';
import { buildSoundtrack, buildStemsGraph, type SoundtrackNarration } from '../../src/engine/soundtrack.js';
import {
  MUSIC_BAND,
  audioStreamFacts,
  decodeAudio,
  ebur128,
  makeMusicFile,
  makeNarrationWav,
  percentile,
  rmsDb,
  windowLevels,
} from './audio-measure.js';
import { FFMPEG } from './media.js';

const PHRASES = [
  'The lighthouse keeper climbed the stairs every evening.',
  'He counted each step.',
  'Far below, the sea kept its own time, and the ships came home.',
];

describe('buildSoundtrack', () => {
  // One folder for the whole file: the narrations and the music are made once.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storyflow-soundtrack-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  let narrations: SoundtrackNarration[] = [];
  let musicWav = '';
  let totalSeconds = 0;
  /** Where the music is free of any ramp: before the first phrase and mid long pause. */
  let quietWindows: [number, number][] = [];

  beforeAll(async () => {
    // Phrase 2 follows phrase 1 after 0.3 s (the music stays down); phrase 3 after 3 s (it comes back up).
    const gaps = [0.8, 0.3, 3];
    let t = 0;
    narrations = [];
    for (const [i, text] of PHRASES.entries()) {
      const file = path.join(dir, `n${i}.wav`);
      const seconds = await makeNarrationWav(file, text);
      t += gaps[i] ?? 0;
      narrations.push({ audioPath: file, startSeconds: t, durationSeconds: seconds });
      t += seconds;
    }
    totalSeconds = t + 1.5;
    const pauseStart = (narrations[1]?.startSeconds ?? 0) + (narrations[1]?.durationSeconds ?? 0);
    quietWindows = [
      [0.1, 0.6],
      [pauseStart + 1, pauseStart + 2.5],
    ];
    // The real upload path: an MP3 decoded by StoryFlow into its own WAV.
    const mp3 = path.join(dir, 'music.mp3');
    makeMusicFile(mp3, 4, ['-c:a', 'libmp3lame', '-b:a', '192k']);
    musicWav = path.join(dir, 'music.wav');
    await decodeMusic({ ffmpegPath: FFMPEG, sourcePath: mp3, outputPath: musicWav });
  });

  it('ducks the music by the envelope: on target under speech, steady, down from the first 100 ms, back up in long pauses', async () => {
    const outputPath = path.join(dir, 'soundtrack.wav');
    const result = await buildSoundtrack({
      outputPath,
      durationSeconds: totalSeconds,
      narrations,
      music: { audioPath: musicWav, volumeDb: -6, loop: true, fadeOutSeconds: 0 },
      loudnessTargetLufs: -14,
      ffmpegPath: FFMPEG,
    });
    expect(result.sampleRate).toBe(48000);
    const music = decodeAudio(outputPath, MUSIC_BAND);
    const reference = quietWindows.map(([a, b]) => rmsDb(music, a, b));
    // Free music is at one level before the speech and in the long pause: it came back up.
    expect(Math.abs((reference[0] ?? 0) - (reference[1] ?? 0))).toBeLessThanOrEqual(1);
    const free = reference[0] ?? 0;

    const gains: number[] = [];
    for (const n of narrations) {
      const levels = windowLevels(music, n.startSeconds, n.startSeconds + n.durationSeconds).map((l) => l - free);
      gains.push(...levels);
      // Already down in the phrase's first 100 ms.
      const onset = rmsDb(music, n.startSeconds, n.startSeconds + 0.1) - free;
      expect(Math.abs(onset - DUCK_DEPTH_DB)).toBeLessThanOrEqual(1);
    }
    const median = percentile(gains, 50);
    expect(Math.abs(median - DUCK_DEPTH_DB)).toBeLessThanOrEqual(1);
    expect(percentile(gains, 90) - percentile(gains, 10)).toBeLessThanOrEqual(2);

    // The 0.3 s gap between phrases 1 and 2 stays down.
    const gapStart = (narrations[0]?.startSeconds ?? 0) + (narrations[0]?.durationSeconds ?? 0);
    expect(Math.abs(rmsDb(music, gapStart, gapStart + 0.3) - free - DUCK_DEPTH_DB)).toBeLessThanOrEqual(1);
  });

  it('meets −14 LUFS ±1 and ≤ −1.5 dBTP at 48 kHz, with music and with narration alone', async () => {
    for (const withMusic of [true, false]) {
      const outputPath = path.join(dir, `loud-${withMusic}.wav`);
      await buildSoundtrack({
        outputPath,
        durationSeconds: totalSeconds,
        narrations,
        music: withMusic ? { audioPath: musicWav, volumeDb: -12, loop: true, fadeOutSeconds: 2 } : undefined,
        loudnessTargetLufs: -14,
        ffmpegPath: FFMPEG,
      });
      const measured = ebur128(outputPath);
      expect(Math.abs(measured.integratedLufs + 14)).toBeLessThanOrEqual(1);
      expect(measured.truePeakDbtp).toBeLessThanOrEqual(-1.5);
      const facts = audioStreamFacts(outputPath);
      expect(facts.sampleRate).toBe(48000);
      expect(facts.durationTs).toBe(Math.round(totalSeconds * 48000));
    }
  });

  it('starts from the previous build’s limiter loss: one gain pass instead of several, the same loudness', async () => {
    // Counts the gain passes: each writes pass-N.wav through the limiter.
    const log = path.join(dir, 'passes.log');
    const counting = path.join(dir, 'ffmpeg-passes.sh');
    fs.writeFileSync(counting, `#!/bin/sh\ncase "$*" in *pass-*) echo x >> '${log}';; esac\nexec ${FFMPEG} "$@"\n`, { mode: 0o755 });
    const passes = (): number => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0);
    const plan = { durationSeconds: totalSeconds, narrations, loudnessTargetLufs: -14 as const, ffmpegPath: counting };
    const cold = await buildSoundtrack({ ...plan, outputPath: path.join(dir, 'cold.wav') });
    const coldPasses = passes();
    // Espeak-ng speech is peaky: the limiters take back about half of the first gain, so a cold build corrects at least once.
    expect(coldPasses).toBeGreaterThan(1);
    expect(cold.limiterLossDb).toBeGreaterThan(0);
    // The same story with its last phrase edited shorter: much the same speech.
    const edited = path.join(dir, 'n2-edited.wav');
    const seconds = await makeNarrationWav(edited, 'Far below, the sea kept its own time.');
    const editedNarrations = narrations.map((n, i) => (i === 2 ? { ...n, audioPath: edited, durationSeconds: seconds } : n));
    const warm = await buildSoundtrack({ ...plan, narrations: editedNarrations, outputPath: path.join(dir, 'warm.wav'), limiterLossHintDb: cold.limiterLossDb });
    expect(passes() - coldPasses).toBe(1);
    expect(Math.abs(ebur128(path.join(dir, 'warm.wav')).integratedLufs + 14)).toBeLessThanOrEqual(0.5);
    expect(warm.truePeakDbtp).toBeLessThanOrEqual(-1.5);
  });

  it('offers −23 LUFS for broadcast', async () => {
    const outputPath = path.join(dir, 'broadcast.wav');
    await buildSoundtrack({ outputPath, durationSeconds: totalSeconds, narrations, loudnessTargetLufs: -23, ffmpegPath: FFMPEG });
    const measured = ebur128(outputPath);
    expect(Math.abs(measured.integratedLufs + 23)).toBeLessThanOrEqual(1);
    expect(measured.truePeakDbtp).toBeLessThanOrEqual(-1.5);
  });

  it('loops short music to the video length and fades the last second out; unlooped music stops', async () => {
    const short = path.join(dir, 'short.wav');
    makeMusicFile(short, 1.3, ['-ar', '48000', '-c:a', 'pcm_s16le']);
    const seconds = 5;
    const render = async (loop: boolean): Promise<Float32Array> => {
      const outputPath = path.join(dir, `loop-${loop}.wav`);
      await buildSoundtrack({
        outputPath,
        durationSeconds: seconds,
        narrations: [],
        music: { audioPath: short, volumeDb: 0, loop, fadeOutSeconds: 1 },
        loudnessTargetLufs: -14,
        ffmpegPath: FFMPEG,
      });
      expect(audioStreamFacts(outputPath).durationTs).toBe(seconds * 48000);
      return decodeAudio(outputPath);
    };
    const looped = await render(true);
    const steady = rmsDb(looped, 0.2, 1.2);
    // Still playing long after the 1.3 s file ended, at the same level until the fade.
    expect(Math.abs(rmsDb(looped, 2.6, 3.9) - steady)).toBeLessThanOrEqual(0.5);
    const fade = [4, 4.25, 4.5, 4.75, 5].slice(0, -1).map((t) => rmsDb(looped, t, t + 0.25));
    for (let i = 1; i < fade.length; i++) expect(fade[i] ?? 0).toBeLessThan((fade[i - 1] ?? 0) - 1);
    expect(rmsDb(looped, 4.95, 5)).toBeLessThan(steady - 20);

    const once = await render(false);
    expect(rmsDb(once, 1.5, 3.5)).toBeLessThan(-90);
  });

  it('lands each of 1000 narrations on its sample (a graph too long for one argument)', async () => {
    const blip = path.join(dir, 'blip.wav');
    execFileSync(FFMPEG, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=1000:sample_rate=48000:duration=0.02', '-c:a', 'pcm_s16le', blip]);
    const count = 1000;
    const starts = Array.from({ length: count }, (_, i) => 0.1 + i * 0.05 + (i % 7) / 48000);
    const outputPath = path.join(dir, 'many.wav');
    await buildSoundtrack({
      outputPath,
      durationSeconds: 0.2 + count * 0.05,
      narrations: starts.map((startSeconds) => ({ audioPath: blip, startSeconds, durationSeconds: 0.02 })),
      loudnessTargetLufs: -14,
      ffmpegPath: FFMPEG,
    });
    // Longer than one argument may be (128 KiB on Linux): the graph went through a file.
    const graph = buildStemsGraph(starts.map((t) => Math.round(t * 48000)), Math.round((0.2 + count * 0.05) * 48000), undefined);
    expect(graph.length).toBeGreaterThan(100_000);
    const samples = decodeAudio(outputPath);
    const peak = samples.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    for (const start of starts) {
      const first = Math.round(start * 48000);
      // The first loud sample of each blip is its first sample (its sine starts at 0, so sample 2).
      let onset = first - 10;
      while (Math.abs(samples[onset] ?? 0) < peak * 0.05) onset++;
      expect(Math.abs(onset - first)).toBeLessThanOrEqual(3);
    }
  });

  it('refuses overlapping narrations and writes nothing', async () => {
    const outputPath = path.join(dir, 'bad.wav');
    const first = narrations[0];
    if (first === undefined) throw new Error('no narration');
    await expect(
      buildSoundtrack({
        outputPath,
        durationSeconds: 10,
        narrations: [first, { ...first, startSeconds: first.startSeconds + first.durationSeconds / 2 }],
        loudnessTargetLufs: -14,
        ffmpegPath: FFMPEG,
      }),
    ).rejects.toThrow(/overlaps/);
    expect(fs.existsSync(outputPath)).toBe(false);
  });
});
