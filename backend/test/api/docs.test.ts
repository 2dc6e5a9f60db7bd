import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../helper.js';
import { request } from './fixtures.js';

type Content = Record<string, { schema: unknown }>;
type OpenApiDoc = {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: { content: Content }; responses: Record<string, { content?: Content }> }>>;
};

/** Fastify's `/api/projects/:id/` as OpenAPI writes it: `/api/projects/{id}/`. */
function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z_]+)/g, '{$1}');
}

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document listing every registered route and method', async () => {
    const app = await buildTestApp();
    const res = await request(app, 'GET', '/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json<OpenApiDoc>();
    expect(doc.openapi).toBe('3.1.0');

    // HEAD is Fastify's automatic twin of each GET; hidden routes are the docs page's own files.
    const documented = app.routes.filter((r) => !r.hidden && r.method !== 'HEAD');
    expect(documented.length).toBeGreaterThan(20);
    const missing = documented
      .filter((r) => doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()] === undefined)
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('describes bodies from the contract schemas', async () => {
    const app = await buildTestApp();
    const doc = (await request(app, 'GET', '/api/openapi.json')).json<OpenApiDoc>();
    const create = doc.paths['/api/projects']?.post?.requestBody?.content['application/json']?.schema;
    expect(create).toMatchObject({
      type: 'object',
      properties: { title: { type: 'string', maxLength: 200 }, resolution_width: { maximum: 7680 } },
      required: ['title'],
    });
  });

  it('gives every route the error shape with its stable codes', async () => {
    const app = await buildTestApp();
    const doc = (await request(app, 'GET', '/api/openapi.json')).json<OpenApiDoc>();
    const responses = doc.paths['/api/projects/{id}/render/']?.post?.responses;
    expect(Object.keys(responses ?? {})).toEqual(expect.arrayContaining(['202', '4XX', '5XX']));
    expect(responses?.['4XX']?.content?.['application/json']?.schema).toMatchObject({
      anyOf: [
        { required: ['error', 'code'], properties: { code: { enum: expect.arrayContaining(['project_not_ready', 'render_in_progress']) } } },
        { required: ['code'], properties: { code: { enum: ['validation_failed'] } } },
      ],
    });
  });
});

describe('GET /api/docs', () => {
  it('serves the browsable page and every file it loads from this server, with no outside URL', async () => {
    const app = await buildTestApp();
    const page = await request(app, 'GET', '/api/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(3);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      const res = await request(app, 'GET', new URL(asset, 'http://127.0.0.1/api/docs/').pathname);
      expect(res.statusCode, asset).toBe(200);
    }
    const init = await request(app, 'GET', '/api/docs/static/swagger-initializer.js');
    expect(init.body).toContain("resolveUrl('./json')");
    expect(init.body).toContain('validatorUrl: null');
    expect((await request(app, 'GET', '/api/docs/json')).json<OpenApiDoc>().openapi).toBe('3.1.0');
  });
});
