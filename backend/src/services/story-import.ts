import { BadRequestError } from '../errors.js';
import { MAX_IMPORT_SEGMENTS } from '@storyflow/contract';
import type { NewSegment } from '../db/segments.js';

export type ImportInput = {
  format: 'json' | 'text';
  segments?: readonly unknown[] | undefined;
  raw_text?: string | undefined;
};

/**
 * Turns an import body (SPEC §2.2) into the segments to create, or throws a
 * BadRequestError that names the wrong segment or block. Pure: nothing is written, so
 * the caller can create everything in one transaction afterwards (all or nothing).
 */
export function parseImport(input: ImportInput): NewSegment[] {
  const segments = input.format === 'json' ? parseJsonSegments(input.segments) : parseTextBlocks(input.raw_text);
  if (segments.length === 0) {
    throw new BadRequestError('import_empty', 'No segments', 'The import contains no segments');
  }
  return segments;
}

export function parseJsonSegments(items: readonly unknown[] | undefined): NewSegment[] {
  if (items === undefined) {
    throw new BadRequestError('import_missing_segments', 'Missing segments', 'A json import needs a "segments" array');
  }
  assertWithinLimit(items.length);
  return items.map((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new BadRequestError('import_invalid_segment', 'Invalid segment', `Segment at index ${index} is not an object`);
    }
    const { text_content: text, image_prompt: prompt } = item as Record<string, unknown>;
    if (typeof text !== 'string' || text.trim() === '') {
      if (text === undefined || text === null || typeof text === 'string') {
        throw new BadRequestError('import_missing_text', 'Missing text_content', `Segment at index ${index} is missing text_content`);
      }
      throw new BadRequestError('import_invalid_segment', 'Invalid text_content', `Segment at index ${index} has a text_content that is not a string`);
    }
    if (prompt !== undefined && prompt !== null && typeof prompt !== 'string') {
      throw new BadRequestError('import_invalid_segment', 'Invalid image_prompt', `Segment at index ${index} has an image_prompt that is not a string`);
    }
    return { text_content: text.trim(), image_prompt: (prompt ?? '').trim() };
  });
}

const SEPARATOR = /^[ \t]*-{3,}[ \t]*$/;
const FIELD_LINE = /^[ \t]*(text|prompt)[ \t]*:(.*)$/i;

/**
 * The text format: blocks separated by a line of three or more hyphens. Blank blocks
 * (a separator at the start or end, or two in a row) are skipped, and blocks are numbered
 * from 1 among the non-blank ones, as a reader counts them.
 */
export function parseTextBlocks(raw: string | undefined): NewSegment[] {
  if (raw === undefined) {
    throw new BadRequestError('import_missing_raw_text', 'Missing raw_text', 'A text import needs "raw_text"');
  }
  const blocks: string[][] = [[]];
  for (const line of raw.split(/\r\n|\r|\n/)) {
    if (SEPARATOR.test(line)) blocks.push([]);
    else blocks[blocks.length - 1]?.push(line);
  }
  const filled = blocks.filter((lines) => lines.some((l) => l.trim() !== ''));
  assertWithinLimit(filled.length);
  return filled.map((lines, i) => {
    const text: string[] = [];
    const prompt: string[] = [];
    for (const line of lines) {
      const match = FIELD_LINE.exec(line);
      const value = match?.[2]?.trim();
      if (match === null || value === undefined || value === '') continue;
      (match[1]?.toLowerCase() === 'text' ? text : prompt).push(value);
    }
    if (text.length === 0) {
      throw new BadRequestError('import_missing_text', 'Missing text', `Block ${i + 1} has no "Text:" line with narration`);
    }
    return { text_content: text.join(' '), image_prompt: prompt.join(' ') };
  });
}

function assertWithinLimit(count: number): void {
  if (count > MAX_IMPORT_SEGMENTS) {
    throw new BadRequestError(
      'import_too_many_segments',
      'Too many segments',
      `An import may contain at most ${MAX_IMPORT_SEGMENTS} segments; this one has ${count}`,
    );
  }
}
