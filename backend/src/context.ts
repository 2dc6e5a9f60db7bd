import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { TaskManager } from './tasks/task-manager.js';
import type { SpeechService } from './engine/speech/index.js';
import type { MediaTools } from './engine/tools/media-tools.js';
import type { NaturalVoices } from './services/natural-voices.js';
import type { VoiceSamples } from './services/voice-samples.js';

/** What every route module and service is given: no globals, so tests build their own. */
export type AppContext = {
  readonly config: Config;
  readonly db: Db;
  /** The one background worker (SPEC §2.5): speech and render tasks queue here. */
  readonly tasks: TaskManager;
  /** Speech engines (espeak-ng, Kokoro when installed). */
  readonly speech: SpeechService;
  /** The Kokoro model download behind Settings → "Download natural voices". */
  readonly naturalVoices: NaturalVoices;
  /** Cached "Play sample" WAVs. */
  readonly voiceSamples: VoiceSamples;
  /** The ffmpeg, ffprobe and espeak-ng in use, resolved once at start-up. */
  readonly tools: MediaTools;
};
