import fs from 'node:fs';
import path from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import { insertProject, type Project } from '../../src/db/projects.js';
import { appendSegments, listSegments, type Segment } from '../../src/db/segments.js';
import { LOCAL } from '../helper.js';

/** Shared set-up for the projects/segments/import/images/media tests. */

export function makeProject(app: App, title = 'Lighthouse'): Project {
  return insertProject(app.ctx.db, { title });
}

export function makeSegments(app: App, projectId: string, count: number): Segment[] {
  return appendSegments(
    app.ctx.db,
    projectId,
    Array.from({ length: count }, (_, i) => ({ text_content: `Text ${i}`, image_prompt: `Prompt ${i}` })),
  );
}

export function segmentsOf(app: App, projectId: string): Segment[] {
  return listSegments(app.ctx.db, projectId);
}

export function countRows(app: App, table: 'projects' | 'segments'): number {
  return (app.ctx.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

export async function pngBytes(width = 64, height = 48, background = '#f00'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background } }).png().toBuffer();
}

/** A multipart body as a browser would send it (FormData through the Fetch encoder). */
export async function multipart(
  parts: Record<string, { data: Buffer; filename: string; type?: string } | string>,
): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const [name, part] of Object.entries(parts)) {
    if (typeof part === 'string') form.append(name, part);
    else form.append(name, new Blob([new Uint8Array(part.data)], { type: part.type ?? 'application/octet-stream' }), part.filename);
  }
  const res = new Response(form);
  return {
    payload: Buffer.from(await res.arrayBuffer()),
    headers: { ...LOCAL, 'content-type': res.headers.get('content-type') ?? '' },
  };
}

export async function uploadImage(app: App, segmentId: string, data: Buffer, filename = 'photo.png') {
  const body = await multipart({ image: { data, filename } });
  return app.inject({ method: 'POST', url: `/api/segments/${segmentId}/upload-image/`, ...body });
}

/** Every file under the media directory, relative and sorted: for "nothing changed on disk" checks. */
export function mediaFiles(app: App): string[] {
  const root = app.ctx.config.mediaDir;
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)))
    .sort();
}

/** Writes a media file directly (e.g. audio the speech task would have made). */
export function writeMediaFile(app: App, relative: string, data: Buffer | string = 'x'): string {
  const full = path.join(app.ctx.config.mediaDir, relative);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, data);
  return full;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A same-origin request as the web app sends it; an object payload goes as JSON. */
export function request(
  app: App,
  method: Method,
  url: string,
  payload?: InjectOptions['payload'],
): Promise<LightMyRequestResponse> {
  return app.inject(payload === undefined ? { method, url, headers: LOCAL } : { method, url, headers: LOCAL, payload });
}

/** The response has this status and exactly this JSON body. */
export function expectReply(res: LightMyRequestResponse, status: number, body: unknown): void {
  expect(res.statusCode).toBe(status);
  expect(res.json()).toEqual(body);
}

/** The response is a field-validation 400 with exactly these messages: the SPEC's field map plus its code. */
export function expectFieldReply(res: LightMyRequestResponse, fields: Record<string, string[]>): void {
  expectReply(res, 400, { ...fields, code: 'validation_failed' });
}

/** The response is a 400 whose body names exactly these fields, with the field-validation code. */
export function expectFieldErrors(res: LightMyRequestResponse, fields: string[]): void {
  expect(res.statusCode).toBe(400);
  const { code, ...fieldMap } = res.json<Record<string, unknown>>();
  expect(code).toBe('validation_failed');
  expect(Object.keys(fieldMap).sort()).toEqual([...fields].sort());
}

/** The path answers 405 naming the method. */
export async function expectMethodNotAllowed(
  app: App,
  method: Method,
  url: string,
  payload?: InjectOptions['payload'],
): Promise<void> {
  expectReply(await request(app, method, url, payload), 405, { error: `Method ${method} not allowed on ${url}`, code: 'method_not_allowed' });
}

/** A body sent as JSON that does not parse is refused with 400, and the server keeps serving. */
export async function expectMalformedJsonRefused(app: App, method: Method, url: string, raw: string): Promise<void> {
  const res = await app.inject({ method, url, headers: { ...LOCAL, 'content-type': 'application/json' }, payload: raw });
  expect(res.statusCode).toBe(400);
  expect(res.json()).toMatchObject({ error: 'Malformed JSON body', code: 'malformed_json' });
  await expectServing(app);
}

/** The server still answers after a bad request. */
export async function expectServing(app: App): Promise<void> {
  const res = await app.inject({ method: 'GET', url: '/api/projects/', headers: LOCAL });
  expect(res.statusCode).toBe(200);
}
