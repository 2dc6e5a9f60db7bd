import type { ImportSegmentInput } from '@storyflow/contract';

export type ParsedJsonImport =
  | { ok: true; segments: ImportSegmentInput[]; title?: string }
  | { ok: false; error: string };

/**
 * Reads what the user pasted in JSON mode: an array of segments, or an object with
 * `segments` (and optionally `title`). Only the shape is checked here; the server judges
 * each segment and answers with per-segment errors (SPEC §2.2).
 */
export function parseJsonImport(raw: string): ParsedJsonImport {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    const message = err instanceof Error ? err.message : 'Invalid JSON';
    return { ok: false, error: `This is not valid JSON: ${message}` };
  }
  let title: string | undefined;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    if (typeof obj.title === 'string') title = obj.title;
    value = obj.segments;
  }
  if (!Array.isArray(value)) {
    return { ok: false, error: 'Expected an array of segments, or an object with a "segments" array.' };
  }
  return { ok: true, segments: value as ImportSegmentInput[], title };
}

/** Number of blocks in the `Text:`/`Prompt:` format (blocks are split by a line of 3+ hyphens). */
export function countTextBlocks(raw: string): number {
  if (raw.trim() === '') return 0;
  return raw
    .replace(/\r\n?/g, '\n')
    .split(/^[ \t]*-{3,}[ \t]*$/m)
    .filter((block) => block.trim() !== '').length;
}

/** Turns the server's `details` (string, list, or object) into lines a person can read. */
export function describeDetails(details: unknown): string[] {
  if (details == null) return [];
  if (typeof details === 'string') return details.trim() ? [details] : [];
  if (typeof details === 'number' || typeof details === 'boolean') return [String(details)];
  if (Array.isArray(details)) return details.flatMap((item) => describeDetails(item));
  if (typeof details === 'object') {
    const obj = details as Record<string, unknown>;
    const message = obj.message ?? obj.error ?? obj.detail;
    if (typeof message === 'string') {
      const where =
        typeof obj.index === 'number'
          ? `Segment ${obj.index + 1}: `
          : typeof obj.block === 'number'
            ? `Block ${obj.block}: `
            : '';
      return [`${where}${message}`];
    }
    return Object.entries(obj).flatMap(([key, value]) =>
      describeDetails(value).map((line) => `${key.replace(/_/g, ' ')}: ${line}`),
    );
  }
  return [];
}
