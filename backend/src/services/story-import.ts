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
 * BadRequestError that lists every wrong segment or block, numbered from 1. Pure: nothing is written, so
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
  const problems: Problem[] = [];
  const segments: NewSegment[] = [];
  items.forEach((item, index) => {
    // Numbered from 1, like text blocks, because people read these numbers.
    const where = `Segment ${index + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push({ code: 'import_invalid_segment', title: 'Invalid segment', line: `${where} is not an object` });
      return;
    }
    const { text_content: text, image_prompt: prompt } = item as Record<string, unknown>;
    if (typeof text !== 'string' || text.trim() === '') {
      problems.push(
        text === undefined || text === null || typeof text === 'string'
          ? { code: 'import_missing_text', title: 'Missing text_content', line: `${where} is missing text_content` }
          : { code: 'import_invalid_segment', title: 'Invalid text_content', line: `${where} has a text_content that is not a string` },
      );
    }
    if (prompt !== undefined && prompt !== null && typeof prompt !== 'string') {
      problems.push({ code: 'import_invalid_segment', title: 'Invalid image_prompt', line: `${where} has an image_prompt that is not a string` });
    }
    const promptOk = prompt === undefined || prompt === null || typeof prompt === 'string';
    if (typeof text === 'string' && promptOk) {
      segments.push({ text_content: text.trim(), image_prompt: typeof prompt === 'string' ? prompt.trim() : '' });
    }
  });
  throwIfAny(problems, 'segments');
  return segments;
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
  const problems: Problem[] = [];
  const segments = filled.map((lines, i) => {
    const text: string[] = [];
    const prompt: string[] = [];
    for (const line of lines) {
      const match = FIELD_LINE.exec(line);
      const value = match?.[2]?.trim();
      if (match === null || value === undefined || value === '') continue;
      (match[1]?.toLowerCase() === 'text' ? text : prompt).push(value);
    }
    if (text.length === 0) {
      problems.push({ code: 'import_missing_text', title: 'Missing text', line: `Block ${i + 1} has no "Text:" line with narration` });
    }
    return { text_content: text.join(' '), image_prompt: prompt.join(' ') };
  });
  throwIfAny(problems, 'blocks');
  return segments;
}

/** One thing wrong with one segment or block; all of them are reported together. */
type Problem = { code: 'import_missing_text' | 'import_invalid_segment'; title: string; line: string };

/**
 * Fails with every problem listed in `details` (one line each, in input order), so the
 * user fixes the whole story in one pass. One problem keeps its own title and code; several
 * are summed up, with their shared code or import_invalid_segment when they differ.
 */
function throwIfAny(problems: Problem[], noun: 'segments' | 'blocks'): void {
  const [first] = problems;
  if (first === undefined) return;
  const title = problems.length === 1 ? first.title : `${problems.length} ${noun} need fixing`;
  const code = problems.every((p) => p.code === first.code) ? first.code : 'import_invalid_segment';
  throw new BadRequestError(code, title, problems.map((p) => p.line));
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
