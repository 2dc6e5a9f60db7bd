import { countTextBlocks, describeDetails, parseJsonImport } from '@/lib/import-format';

describe('parseJsonImport', () => {
  it('accepts an array of segments', () => {
    expect(parseJsonImport('[{"text_content":"a"}]')).toEqual({ ok: true, segments: [{ text_content: 'a' }] });
  });

  it('accepts an object with title and segments', () => {
    expect(parseJsonImport('{"title":"T","segments":[]}')).toEqual({ ok: true, segments: [], title: 'T' });
  });

  it('explains invalid JSON and wrong shapes', () => {
    const bad = parseJsonImport('{oops');
    expect(bad.ok).toBe(false);
    expect(parseJsonImport('{"x":1}')).toEqual({
      ok: false,
      error: 'Expected an array of segments, or an object with a "segments" array.',
    });
  });
});

describe('countTextBlocks', () => {
  it('splits on lines of three or more hyphens, tolerating CRLF and spaces', () => {
    expect(countTextBlocks('Text: a\r\n---  \r\nText: b\n-----\nText: c')).toBe(3);
    expect(countTextBlocks('   ')).toBe(0);
  });
});

describe('describeDetails', () => {
  it('reads strings, lists and objects', () => {
    expect(describeDetails('Segment at index 2 is missing text_content')).toEqual([
      'Segment at index 2 is missing text_content',
    ]);
    expect(describeDetails(['a', { index: 1, message: 'empty' }])).toEqual(['a', 'Segment 2: empty']);
    expect(describeDetails({ block_3: 'has no Text: line' })).toEqual(['block 3: has no Text: line']);
  });
});
