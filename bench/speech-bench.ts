/**
 * Speech throughput: seconds of audio produced per second of wall time, the way the
 * task worker runs it (one segment after another + WAV normalisation), for espeak-ng's
 * WebAssembly build (worker thread, with word timings) and, when one is installed, the
 * system espeak-ng CLI (child process).
 * Run: npx tsx bench/speech-bench.ts   (not part of npm test)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSpeechService } from '../backend/src/engine/speech/index.js';
import { resolveMediaTools, type ToolResolution } from '../backend/src/engine/tools/media-tools.js';
import { decodeWav, encodeWav16, normalizePeak } from '../backend/src/engine/wav.js';

const NARRATION = [
  'The lighthouse keeper had not seen a ship in forty years, yet every evening he climbed the iron stairs and lit the lamp.',
  'Then, one night, far out on the black water, a light answered his, blinking slowly, as if it had been waiting for him.',
  'He watched it until dawn, counting the flashes and writing them down in the margin of his old logbook.',
  'In the morning the sea was empty, and the gulls circled the rocks as they always had, crying over nothing.',
  'He told no one in the village, because no one in the village had asked him anything for a very long time.',
  'The second night the light came closer, and he could see the outline of a mast against the rising moon.',
  'By the third night he had polished the great lens until it shone, and he wore his father\'s brass-buttoned coat.',
  'The ship did not anchor; it drifted past the point with its sails full, though there was no wind at all.',
  'On its deck stood a figure holding a lantern, and it raised the lantern once, the way old friends wave.',
  'When the keeper finally lowered his own lamp in reply, the ship was gone, and the sea was calm and silver.',
];

const engines: [string, ToolResolution][] = [['espeak-ng WebAssembly', (await resolveMediaTools({ ...process.env, ESPEAK_PATH: undefined })).espeak]];
const native = (await resolveMediaTools({ ...process.env, ESPEAK_PATH: process.env.ESPEAK_PATH ?? 'espeak-ng' })).espeak;
if (native.ok) engines.push([`espeak-ng CLI (${native.path})`, native]);
else console.log(`no system espeak-ng: ${native.message}`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'speech-bench-'));
try {
  for (const [label, tool] of engines) {
    const speech = createSpeechService({ espeak: tool, modelsDir: '/nonexistent' });
    const runs: { wallS: number; audioS: number }[] = [];
    await speech.speak({ text: 'Warm up.', voiceId: 'espeak:en-us', speed: 1, outputFile: path.join(dir, 'warm.wav') });
    for (let run = 0; run < 3; run++) {
      let audioS = 0;
      const start = performance.now();
      for (const [i, text] of NARRATION.entries()) {
        const r = await speech.speak({ text, voiceId: 'espeak:en-us', speed: 1, outputFile: path.join(dir, `${i}.wav`) });
        audioS += r.durationSeconds;
      }
      runs.push({ wallS: (performance.now() - start) / 1000, audioS });
    }
    runs.sort((a, b) => a.wallS - b.wallS);
    const median = runs[1]!;
    console.log(`${label}, ${NARRATION.length} segments, ${median.audioS.toFixed(1)} s of audio`);
    for (const r of runs) console.log(`  wall ${r.wallS.toFixed(2)} s → ${(r.audioS / r.wallS).toFixed(1)} s audio per wall second`);
    console.log(`  median: ${(median.audioS / median.wallS).toFixed(1)} s of audio per second of wall time`);
  }
  // The in-process part: decode, normalise and encode one minute of 22 kHz audio.
  const oneMinute = Buffer.concat([fs.readFileSync(path.join(dir, '0.wav'))]);
  const audio = decodeWav(oneMinute);
  const reps = Math.ceil(60 / (audio.samples.length / audio.sampleRate));
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) {
    const decoded = decodeWav(oneMinute);
    encodeWav16({ sampleRate: decoded.sampleRate, samples: normalizePeak(decoded.samples) });
  }
  const normaliseMsPerMinute = performance.now() - t0;

  console.log(`decode + normalise + encode: ${normaliseMsPerMinute.toFixed(1)} ms per minute of audio (main thread)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
