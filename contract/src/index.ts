/**
 * @storyflow/contract: the API's shapes, defined once. The backend validates with the
 * zod schemas; the web app takes the types with `import type` (no zod in its bundle).
 */
export * from './errors.js';
export * from './fields.js';
export * from './import.js';
export * from './limits.js';
export * from './music.js';
export * from './project.js';
export * from './render.js';
export * from './render-settings.js';
export * from './segment.js';
export * from './settings.js';
export * from './speech.js';
export * from './status.js';
export * from './task.js';
export * from './system.js';
