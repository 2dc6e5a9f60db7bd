/** The render engine's public surface. A library: no HTTP, database or task-manager imports. */
export { renderVideo, type RenderInput, type RenderResult, type RenderOptions, type RenderSegment } from './video-renderer.js';
export type { RenderProgress } from './render-progress.js';
export { RenderError, type RenderStage } from './errors.js';
export type { RenderCaptions } from './caption-track.js';
export { previewSize, segmentFrameJpeg, type SegmentFrameInput } from './segment-frame.js';
export { narrationFrameCount } from './timeline.js';
export { checkFfmpeg, checkFfprobe } from './check-ffmpeg.js';
export { resolveMediaTools, type MediaTools, type ResolvedTool, type ToolResolution, type ToolSource } from './tools/media-tools.js';
export { MOTION_PRESETS, MOTIONS, presetForPosition, type FocusPoint, type Motion, type MotionPreset } from './ken-burns.js';
export { planTimeline, type Timeline, type TransitionKind } from './timeline.js';
export { QUALITY_MODES, type QualityMode } from './quality.js';
export { hashFile } from './file-hash.js';
export {
  buildSoundtrack,
  type SoundtrackMusic,
  type SoundtrackNarration,
  type SoundtrackPlan,
  type SoundtrackResult,
} from './soundtrack.js';
export { decodeWholeImage, FLATTEN_BACKGROUND, makeThumbnail, MAX_IMAGE_PIXELS, readImageFile } from './images.js';
