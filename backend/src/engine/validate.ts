/** Checks a render plan up front, before anything is spawned (STYLE §2). */
import { RenderError } from './errors.js';
import type { RenderInput } from './video-renderer.js';

export function validateRenderInput(input: RenderInput): void {
  const invalid = (what: string): RenderError => new RenderError(`The render settings are invalid: ${what}`, { stage: 'validate-plan' });
  const isEvenSize = (n: number): boolean => Number.isInteger(n) && n >= 16 && n <= 8192 && n % 2 === 0;
  if (!isEvenSize(input.width) || !isEvenSize(input.height)) {
    throw invalid('width and height must be even whole numbers between 16 and 8192');
  }
  if (!(Number.isFinite(input.fps) && input.fps > 0 && input.fps <= 120)) throw invalid('fps must be between 1 and 120');
  if (!(input.zoomIntensity >= 1 && input.zoomIntensity <= 2)) throw invalid('zoom intensity must be between 1.0 and 2.0');
  if (input.segments.length === 0) throw invalid('the project has no segments');
  if (!/^[a-z]+$/.test(input.preset ?? 'medium')) throw invalid('unknown encoder preset');
}
