/** The render engine's public surface. A library: no HTTP, database or task-manager imports. */
export { renderVideo, type RenderInput, type RenderResult, type RenderOptions } from './video-renderer.js';
export type { RenderProgress } from './render-progress.js';
export { RenderError, type RenderStage } from './errors.js';
export { checkFfmpeg, checkFfprobe, FFMPEG_INSTALL_HINT } from './check-ffmpeg.js';
export { MOTION_PRESETS, presetForPosition, type MotionPreset } from './ken-burns.js';
export { planSegmentFrames, type SegmentFrames } from './render-plan.js';
export {
  buildSoundtrack,
  type SoundtrackMusic,
  type SoundtrackNarration,
  type SoundtrackPlan,
  type SoundtrackResult,
} from './soundtrack.js';
export { decodeWholeImage, MAX_IMAGE_PIXELS } from './images.js';
