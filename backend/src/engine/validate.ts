/** Checks a render plan up front, before anything is spawned (STYLE §2). */
import { MAX_FRAMERATE, MAX_FRAME_SIZE, MAX_ZOOM_INTENSITY, MIN_FRAME_SIZE, MIN_ZOOM_INTENSITY } from '@storyflow/contract';
import { RenderError } from './errors.js';
import { MOTIONS } from './ken-burns.js';
import { QUALITY_MODES } from './quality.js';
import type { RenderInput } from './video-renderer.js';

export function validateRenderInput(input: RenderInput): void {
  const invalid = (what: string): RenderError => new RenderError(`The render settings are invalid: ${what}`, { stage: 'validate-plan' });
  const isEvenSize = (n: number): boolean => Number.isInteger(n) && n >= MIN_FRAME_SIZE && n <= MAX_FRAME_SIZE && n % 2 === 0;
  if (!isEvenSize(input.width) || !isEvenSize(input.height)) {
    throw invalid(`width and height must be even whole numbers between ${MIN_FRAME_SIZE} and ${MAX_FRAME_SIZE}`);
  }
  if (!(Number.isFinite(input.fps) && input.fps > 0 && input.fps <= MAX_FRAMERATE)) throw invalid(`fps must be between 1 and ${MAX_FRAMERATE}`);
  if (!(input.zoomIntensity >= MIN_ZOOM_INTENSITY && input.zoomIntensity <= MAX_ZOOM_INTENSITY)) {
    throw invalid(`zoom intensity must be between ${MIN_ZOOM_INTENSITY.toFixed(1)} and ${MAX_ZOOM_INTENSITY.toFixed(1)}`);
  }
  if (input.segments.length === 0) throw invalid('the project has no segments');
  if (!QUALITY_MODES.includes(input.quality ?? 'standard')) throw invalid('unknown quality mode');
  if (!['cut', 'crossfade', 'fade_black'].includes(input.transition ?? 'cut')) throw invalid('unknown transition');
  const transitionSeconds = input.transitionSeconds ?? 0.5;
  if (!(transitionSeconds >= 0.1 && transitionSeconds <= 2)) throw invalid('the transition must last 0.1–2 s');
  const pause = input.pauseSeconds ?? 0;
  if (!(pause >= 0 && pause <= 3)) throw invalid('the pause between segments must be 0–3 s');
  for (const [i, s] of input.segments.entries()) {
    if (s.motion !== undefined && !(MOTIONS as readonly string[]).includes(s.motion)) throw invalid(`segment ${i + 1} has an unknown motion`);
    const f = s.focus;
    if (f && !(f.x >= 0 && f.x <= 1 && f.y >= 0 && f.y <= 1)) throw invalid(`segment ${i + 1} has a focus point outside the image`);
  }
}
