import { describe, expect, it } from 'vitest';
import { findProject } from '../../src/db/projects.js';
import { buildTestApp } from '../helper.js';
import {
  countRows,
  expectFieldErrors,
  expectMalformedJsonRefused,
  expectMethodNotAllowed,
  expectReply,
  expectServing,
  makeProject,
  makeSegments,
  request,
  segmentsOf,
} from './fixtures.js';

const RAW_TEXT = [
  'Text: The lighthouse keeper had not seen a ship in forty years.',
  'Prompt: a lonely lighthouse at dusk, oil painting',
  '---',
  'Text: Then, one night, a light answered his.',
  "Prompt: a distant ship's lantern on a black sea",
].join('\n');

describe('POST /api/projects/import', () => {
  it('creates a project with its segments from JSON', async () => {
    const app = await buildTestApp();
    const res = await request(app, 'POST', '/api/projects/import/', {
      format: 'json',
      title: ' Lighthouse ',
      segments: [{ text_content: 'One.', image_prompt: 'sea', ignored: true }, { text_content: 'Two.' }],
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ title: 'Lighthouse', status: 'DRAFT' });
    expect(body.segments.map((s: Record<string, unknown>) => [s.sequence_index, s.text_content, s.image_prompt, s.project])).toEqual([
      [0, 'One.', 'sea', body.id],
      [1, 'Two.', '', body.id],
    ]);
    expect(segmentsOf(app, body.id)).toHaveLength(2);
  });

  it('creates a project with its segments from text', async () => {
    const app = await buildTestApp();
    const res = await request(app, 'POST', '/api/projects/import', {
      format: 'text',
      title: 'Lighthouse',
      raw_text: RAW_TEXT.replace(/\n/g, '\r\n'),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().segments.map((s: { text_content: string; image_prompt: string }) => [s.text_content, s.image_prompt])).toEqual([
      ['The lighthouse keeper had not seen a ship in forty years.', 'a lonely lighthouse at dusk, oil painting'],
      ['Then, one night, a light answered his.', "a distant ship's lantern on a black sea"],
    ]);
  });

  it('returns 400 naming the segment missing text_content and creates nothing', async () => {
    const app = await buildTestApp();
    const res = await request(app, 'POST', '/api/projects/import/', {
      format: 'json',
      title: 'Broken',
      segments: [{ text_content: 'a' }, { text_content: 'b' }, { image_prompt: 'no text' }],
    });
    expectReply(res, 400, { error: 'Missing text_content', code: 'import_missing_text', details: ['Segment 3 is missing text_content'] });
    expect(countRows(app, 'projects')).toBe(0);
    expect(countRows(app, 'segments')).toBe(0);
    await expectServing(app);
  });

  it('returns 400 naming the block without a Text: line and creates nothing', async () => {
    const app = await buildTestApp();
    const res = await request(app, 'POST', '/api/projects/import/', {
      format: 'text',
      title: 'Broken',
      raw_text: `${RAW_TEXT}\n---\nPrompt: a prompt only`,
    });
    expectReply(res, 400, { error: 'Missing text', code: 'import_missing_text', details: ['Block 3 has no "Text:" line with narration'] });
    expect(countRows(app, 'projects')).toBe(0);
  });

  it('lists every bad block of a text import at once, numbered from 1', async () => {
    const app = await buildTestApp();
    const res = await request(app, 'POST', '/api/projects/import/', {
      format: 'text',
      title: 'Broken',
      raw_text: 'Prompt: no narration\n---\nText: fine\n---\nText:\nPrompt: empty narration\n---\nText: fine too',
    });
    expectReply(res, 400, {
      error: '2 blocks need fixing',
      code: 'import_missing_text',
      details: ['Block 1 has no "Text:" line with narration', 'Block 3 has no "Text:" line with narration'],
    });
    expect(countRows(app, 'projects')).toBe(0);
    expect(countRows(app, 'segments')).toBe(0);
  });

  it('lists every bad segment of a JSON import at once, numbered from 1', async () => {
    const app = await buildTestApp();
    const res = await request(app, 'POST', '/api/projects/import/', {
      format: 'json',
      title: 'Broken',
      segments: [{ text_content: '  ' }, { text_content: 'fine' }, { text_content: 'fine', image_prompt: 7 }, { text_content: 'fine' }],
    });
    expectReply(res, 400, {
      error: '2 segments need fixing',
      code: 'import_invalid_segment',
      details: ['Segment 1 is missing text_content', 'Segment 3 has an image_prompt that is not a string'],
    });
    expect(countRows(app, 'projects')).toBe(0);
    expect(countRows(app, 'segments')).toBe(0);
  });

  it.each([
    [{ format: 'json', title: 'T', segments: [] }, { error: 'No segments', code: 'import_empty', details: 'The import contains no segments' }],
    [{ format: 'json', title: 'T' }, { error: 'Missing segments', code: 'import_missing_segments', details: 'A json import needs a "segments" array' }],
    [{ format: 'text', title: 'T' }, { error: 'Missing raw_text', code: 'import_missing_raw_text', details: 'A text import needs "raw_text"' }],
  ])('returns 400 for %j', async (payload, error) => {
    const app = await buildTestApp();
    expectReply(await request(app, 'POST', '/api/projects/import/', payload), 400, error);
    expect(countRows(app, 'projects')).toBe(0);
  });

  it.each([
    [{ format: 'csv', title: 'T', raw_text: 'x' }, 'format'],
    [{ format: 'json', segments: [{ text_content: 'a' }] }, 'title'],
    [{ format: 'json', title: 'T', segments: 'not a list' }, 'segments'],
    [{ format: 'text', title: 'T', raw_text: 5 }, 'raw_text'],
  ])('returns 400 field errors for %j', async (payload, field) => {
    const app = await buildTestApp();
    expectFieldErrors(await request(app, 'POST', '/api/projects/import/', payload), [field]);
    expect(countRows(app, 'projects')).toBe(0);
  });

  it('returns 400 for more than 2,000 segments and creates nothing', async () => {
    const app = await buildTestApp();
    const segments = Array.from({ length: 2001 }, () => ({ text_content: 'x' }));
    const res = await request(app, 'POST', '/api/projects/import/', { format: 'json', title: 'Huge', segments });
    expectReply(res, 400, {
      error: 'Too many segments', code: 'import_too_many_segments',
      details: 'An import may contain at most 2000 segments; this one has 2001',
    });
    expect(countRows(app, 'projects')).toBe(0);
  });

  it('imports exactly 2,000 segments', async () => {
    const app = await buildTestApp();
    const segments = Array.from({ length: 2000 }, (_, i) => ({ text_content: `Line ${i}` }));
    const res = await request(app, 'POST', '/api/projects/import/', { format: 'json', title: 'Long', segments });
    expect(res.statusCode).toBe(201);
    expect(res.json().segments).toHaveLength(2000);
    expect(res.json().segments[1999]).toMatchObject({ sequence_index: 1999, text_content: 'Line 1999' });
  });

  it('returns 413 for a body over 2 MB and creates nothing', async () => {
    const app = await buildTestApp();
    const raw_text = `Text: ${'a'.repeat(2 * 1024 * 1024)}`;
    const res = await request(app, 'POST', '/api/projects/import/', { format: 'text', title: 'Too big', raw_text });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: 'Request body too large', code: 'body_too_large' });
    expect(countRows(app, 'projects')).toBe(0);
    await expectServing(app);
  });

  it('returns 400 for malformed JSON and creates nothing', async () => {
    const app = await buildTestApp();
    await expectMalformedJsonRefused(app, 'POST', '/api/projects/import/', '{"format": "json", "segments": [');
    expect(countRows(app, 'projects')).toBe(0);
  });

  it.each(['GET', 'PATCH', 'DELETE'] as const)('returns 405 for %s', async (method) => {
    const app = await buildTestApp();
    await expectMethodNotAllowed(app, method, '/api/projects/import/');
  });
});

describe('POST /api/projects/:id/import-segments', () => {
  it('appends the parsed segments after the last one and returns the whole list', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const existing = makeSegments(app, project.id, 2);
    const res = await request(app, 'POST', `/api/projects/${project.id}/import-segments/`, { format: 'text', raw_text: RAW_TEXT });
    expect(res.statusCode).toBe(201);
    const list = res.json();
    expect(list.map((s: { id: string }) => s.id).slice(0, 2)).toEqual(existing.map((s) => s.id));
    expect(list.map((s: { sequence_index: number }) => s.sequence_index)).toEqual([0, 1, 2, 3]);
    expect(list[2].text_content).toBe('The lighthouse keeper had not seen a ship in forty years.');
    expect(segmentsOf(app, project.id)).toHaveLength(4);
  });

  it('ignores a title and keeps the project title', async () => {
    const app = await buildTestApp();
    const project = makeProject(app, 'Kept');
    const res = await request(app, 'POST', `/api/projects/${project.id}/import-segments`, {
      format: 'json',
      title: 'Ignored',
      segments: [{ text_content: 'One.' }],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toHaveLength(1);
    expect(findProject(app.ctx.db, project.id)?.title).toBe('Kept');
  });

  it('returns 400 and appends nothing when one segment is bad', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    makeSegments(app, project.id, 1);
    const res = await request(app, 'POST', `/api/projects/${project.id}/import-segments/`, {
      format: 'json',
      segments: [{ text_content: 'ok' }, { text_content: '' }],
    });
    expectReply(res, 400, { error: 'Missing text_content', code: 'import_missing_text', details: ['Segment 2 is missing text_content'] });
    expect(segmentsOf(app, project.id)).toHaveLength(1);
  });

  it('returns 404 for an unknown project', async () => {
    const app = await buildTestApp();
    const res = await request(app, 'POST', '/api/projects/no-such-id/import-segments/', { format: 'json', segments: [{ text_content: 'One.' }] });
    expectReply(res, 404, { error: 'Project not found', code: 'project_not_found' });
    expect(countRows(app, 'segments')).toBe(0);
  });
});
