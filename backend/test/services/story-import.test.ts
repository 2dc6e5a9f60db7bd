import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../src/errors.js';
import { parseImport, parseJsonSegments, parseTextBlocks } from '../../src/services/story-import.js';

function failure(fn: () => unknown): { message: string; details: unknown } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestError);
    const e = err as BadRequestError;
    return { message: e.message, details: e.details };
  }
  throw new Error('expected a BadRequestError');
}

describe('parseJsonSegments', () => {
  it('keeps array order, trims, ignores other keys and defaults the prompt to empty', () => {
    expect(
      parseJsonSegments([
        { text_content: '  One. ', image_prompt: ' a cat ', extra: 1 },
        { text_content: 'Two.' },
        { text_content: 'Three.', image_prompt: null },
      ]),
    ).toEqual([
      { text_content: 'One.', image_prompt: 'a cat' },
      { text_content: 'Two.', image_prompt: '' },
      { text_content: 'Three.', image_prompt: '' },
    ]);
  });

  it.each([
    [[{ text_content: 'a' }, { text_content: 'b' }, { image_prompt: 'p' }], 'Missing text_content', ['Segment 3 is missing text_content']],
    [[{ text_content: '   ' }], 'Missing text_content', ['Segment 1 is missing text_content']],
    [[{ text_content: 'a' }, 'plain string'], 'Invalid segment', ['Segment 2 is not an object']],
    [[null], 'Invalid segment', ['Segment 1 is not an object']],
    [[{ text_content: 42 }], 'Invalid text_content', ['Segment 1 has a text_content that is not a string']],
    [[{ text_content: 'a', image_prompt: ['x'] }], 'Invalid image_prompt', ['Segment 1 has an image_prompt that is not a string']],
  ])('rejects %j', (items, message, details) => {
    expect(failure(() => parseJsonSegments(items))).toEqual({ message, details });
  });

  it('rejects a missing segments array', () => {
    expect(failure(() => parseJsonSegments(undefined))).toEqual({
      message: 'Missing segments',
      details: 'A json import needs a "segments" array',
    });
  });

  it('accepts 2,000 segments and rejects 2,001', () => {
    const items = Array.from({ length: 2000 }, () => ({ text_content: 'x' }));
    expect(parseJsonSegments(items)).toHaveLength(2000);
    expect(failure(() => parseJsonSegments([...items, { text_content: 'x' }]))).toEqual({
      message: 'Too many segments',
      details: 'An import may contain at most 2000 segments; this one has 2001',
    });
  });
});

describe('parseTextBlocks', () => {
  it('parses the SPEC example', () => {
    const raw = [
      'Text: The lighthouse keeper had not seen a ship in forty years.',
      'Prompt: a lonely lighthouse at dusk, oil painting',
      '---',
      'Text: Then, one night, a light answered his.',
      "Prompt: a distant ship's lantern on a black sea",
    ].join('\n');
    expect(parseTextBlocks(raw)).toEqual([
      {
        text_content: 'The lighthouse keeper had not seen a ship in forty years.',
        image_prompt: 'a lonely lighthouse at dusk, oil painting',
      },
      { text_content: 'Then, one night, a light answered his.', image_prompt: "a distant ship's lantern on a black sea" },
    ]);
  });

  it('tolerates CRLF, trailing spaces, longer separators and any case of Text:/Prompt:', () => {
    const raw = 'TEXT: One.   \r\nprompt:   sea  \r\n-----   \r\ntext:Two.\r\n';
    expect(parseTextBlocks(raw)).toEqual([
      { text_content: 'One.', image_prompt: 'sea' },
      { text_content: 'Two.', image_prompt: '' },
    ]);
  });

  it('joins several Text: and Prompt: lines with one space and ignores other lines', () => {
    const raw = 'Scene one\nText: First part.\nnot a field\nText: Second part.\nPrompt: a\nPrompt: b';
    expect(parseTextBlocks(raw)).toEqual([{ text_content: 'First part. Second part.', image_prompt: 'a b' }]);
  });

  it('skips blank blocks from leading, trailing or doubled separators', () => {
    const raw = '---\nText: One.\n---\n\n---\nText: Two.\n---\n';
    expect(parseTextBlocks(raw).map((s) => s.text_content)).toEqual(['One.', 'Two.']);
  });

  it('does not treat two hyphens as a separator', () => {
    expect(parseTextBlocks('Text: One.\n--\nText: Two.')).toEqual([{ text_content: 'One. Two.', image_prompt: '' }]);
  });

  it('names the block that has no Text: line', () => {
    const raw = 'Text: One.\n---\nText: Two.\n---\nPrompt: only a prompt';
    expect(failure(() => parseTextBlocks(raw))).toEqual({
      message: 'Missing text',
      details: ['Block 3 has no "Text:" line with narration'],
    });
  });

  it('counts a block whose Text: lines are empty as missing its text', () => {
    expect(failure(() => parseTextBlocks('Text:   \nPrompt: p'))).toEqual({
      message: 'Missing text',
      details: ['Block 1 has no "Text:" line with narration'],
    });
  });

  it('rejects more than 2,000 blocks', () => {
    const raw = Array.from({ length: 2001 }, (_, i) => `Text: ${i}`).join('\n---\n');
    expect(failure(() => parseTextBlocks(raw)).message).toBe('Too many segments');
  });
});

describe('parseImport', () => {
  it('rejects an import with no segments in either format', () => {
    const empty = { message: 'No segments', details: 'The import contains no segments' };
    expect(failure(() => parseImport({ format: 'json', segments: [] }))).toEqual(empty);
    expect(failure(() => parseImport({ format: 'text', raw_text: ' \n---\n ' }))).toEqual(empty);
  });

  it('rejects a text import without raw_text', () => {
    expect(failure(() => parseImport({ format: 'text', segments: [{ text_content: 'a' }] }))).toEqual({
      message: 'Missing raw_text',
      details: 'A text import needs "raw_text"',
    });
  });
});
