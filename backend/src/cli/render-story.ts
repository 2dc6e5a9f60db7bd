import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config.js';
import { renderVideo, type RenderResult } from '../engine/index.js';
import { createSpeechService, type SpeechService } from '../engine/speech/index.js';
import { requireTool, resolveMediaTools, toolEnvOf } from '../engine/tools/media-tools.js';
import type { RenderCommand } from './args.js';
import { InputError, readStory } from './story-file.js';

/** The zoom of a fresh install's settings (SPEC §1). */
const ZOOM_INTENSITY = 1.3;
/** Speech is the first part of the bar, the render the rest. */
const SPEECH_SHARE = 20;

export type CliProgress = (percentage: number, label: string) => void;

export async function cliSpeech(config: Config): Promise<SpeechService> {
  const tools = await resolveMediaTools(toolEnvOf(config));
  return createSpeechService({ espeak: tools.espeak, modelsDir: config.modelsDir });
}

/**
 * `storyflow render`: the web app's import parser, speech service and render engine,
 * with no database and no server. Narration WAVs go to a temp folder that is removed
 * afterwards; the MP4 replaces `output` only when complete (the engine's guarantee).
 */
export async function renderStory(
  cmd: RenderCommand,
  config: Config,
  options: { onProgress: CliProgress; signal: AbortSignal },
): Promise<RenderResult & { voiceId: string }> {
  const segments = await readStory(cmd.story, cmd.images);
  const speech = await cliSpeech(config);
  const tools = await resolveMediaTools(toolEnvOf(config));
  if (!(await speech.isAvailable())) {
    throw new InputError('No speech engine is available. Install espeak-ng (apt install espeak-ng) or set ESPEAK_PATH.');
  }
  const voiceId = cmd.voice ?? (await speech.defaultVoiceId());
  const voices = await speech.listVoices();
  if (!voices.some((v) => v.id === voiceId)) {
    throw new InputError(`Unknown voice "${voiceId}". Run "storyflow voices" to see the voices of this machine.`);
  }
  const output = path.resolve(cmd.output);
  await fs.mkdir(path.dirname(output), { recursive: true });
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'storyflow-cli-'));
  try {
    const audioPaths: string[] = [];
    for (const [i, segment] of segments.entries()) {
      options.onProgress((i / segments.length) * SPEECH_SHARE, `speaking segment ${i + 1}/${segments.length}`);
      const audioPath = path.join(work, `${i + 1}.wav`);
      await speech.speak({ text: segment.text, voiceId, speed: cmd.speed, outputFile: audioPath, signal: options.signal });
      audioPaths.push(audioPath);
    }
    const result = await renderVideo(
      {
        width: cmd.width,
        height: cmd.height,
        fps: cmd.fps,
        zoomIntensity: ZOOM_INTENSITY,
        segments: segments.map((s, i) => ({ imagePath: path.resolve(s.imagePath), audioPath: audioPaths[i]! })),
        outputPath: output,
        ffmpegPath: requireTool(tools.ffmpeg),
        ffprobePath: requireTool(tools.ffprobe),
        quality: cmd.quality,
      },
      {
        signal: options.signal,
        onProgress: (p) =>
          options.onProgress(
            SPEECH_SHARE + (p.percentage * (100 - SPEECH_SHARE)) / 100,
            `${p.phase} ${p.currentSegment}/${p.totalSegments}${p.etaSeconds === null ? '' : `, ${Math.round(p.etaSeconds)} s left`}`,
          ),
      },
    );
    return { ...result, voiceId };
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
