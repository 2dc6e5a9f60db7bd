/** Checks a render plan up front, before anything is spawned (STYLE §2). */
import { MAX_FRAMERATE, MAX_FRAME_SIZE, MAX_ZOOM_INTENSITY, MIN_FRAME_SIZE, MIN_ZOOM_INTENSITY } from '@storyflow/contract';
import { RenderError } from './errors.js';
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
  if (!/^[a-z]+$/.test(input.preset ?? 'medium')) throw invalid('unknown encoder preset');
}
