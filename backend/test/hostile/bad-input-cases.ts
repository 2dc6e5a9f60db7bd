import sharp from 'sharp';
import { expect, it } from 'vitest';
import { KeepAliveClient, multipartBody, type Answer } from './http-client.js';

/**
 * Bad input that once ended in a 5xx or a stuck connection (issue 15), sent over one
 * kept-alive connection to a running server. Shared by the API port's test and the web
 * port's e2e test, so both ports are held to the same answers.
 */
export function badInputCases(base: () => string): void {
  async function withClient(run: (client: KeepAliveClient, ids: Ids) => Promise<void>): Promise<void> {
    const client = new KeepAliveClient(base());
    try {
      await run(client, await makeProject(client));
    } finally {
      client.close();
    }
  }

  /**
   * After a refusal the next request answers correctly: on the same socket, unless the
   * refusal said it closes the connection (a server may, rather than read a huge body).
   */
  async function expectConnectionFit(client: KeepAliveClient, refused: Answer, ids: Ids): Promise<void> {
    const next = await client.request('GET', `/api/projects/${ids.project}/`);
    expect(next.status).toBe(200);
    expect(next.json()).toMatchObject({ id: ids.project });
    if (refused.headers.connection !== 'close') expect(next.socketPort).toBe(refused.socketPort);
  }

  function expectJsonError(answer: Answer, status: number, what = ''): void {
    expect(answer.status, `${what} ${answer.body}`).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.json()).toMatchObject({ error: expect.any(String) });
  }

  const png = () => sharp({ create: { width: 32, height: 24, channels: 3, background: '#0a0' } }).png().toBuffer();

  it('answers multipart with the wrong field, an unclosed or a mismatched boundary with 400', async () => {
    await withClient(async (client, ids) => {
      const image = await png();
      const bodies: [string, Buffer, string][] = [
        ['wrong field', multipartBody('b0undary', 'file', image), 'b0undary'],
        ['unclosed boundary', multipartBody('b0undary', 'image', image, { close: false }), 'b0undary'],
        ['mismatched boundary', multipartBody('b0undary', 'image', image), 'other-boundary'],
        ['no boundary', multipartBody('b0undary', 'image', image), ''],
      ];
      for (const [what, body, boundary] of bodies) {
        const answer = await client.request('POST', `/api/segments/${ids.segment}/upload-image/`, {
          headers: { 'content-type': `multipart/form-data${boundary ? `; boundary=${boundary}` : ''}` },
          body,
        });
        expectJsonError(answer, 400, what);
        await expectConnectionFit(client, answer, ids);
      }
      const segment = await client.request('GET', `/api/segments/${ids.segment}/`);
      expect(segment.json()).toMatchObject({ image_file: null });
    });
  });

  it('answers a page number past any integer with 404', async () => {
    await withClient(async (client, ids) => {
      for (const path of ['/api/projects/?page=99999999999999999999', `/api/segments/?project=${ids.project}&page=1e400`]) {
        const answer = await client.request('GET', path);
        expectJsonError(answer, 404);
        await expectConnectionFit(client, answer, ids);
      }
    });
  });

  it('answers a URL the router cannot decode with a 4xx in the API error shape', async () => {
    await withClient(async (client, ids) => {
      for (const path of ['/api/projects/%ff/', '/api/segments/%E0%A4%A/', `/api/projects/${'a'.repeat(5000)}/`]) {
        const answer = await client.request('GET', path);
        expect(answer.status, path).toBeGreaterThanOrEqual(400);
        expect(answer.status, path).toBeLessThan(500);
        expect(answer.json()).toMatchObject({ error: 'The request URL is not valid', code: 'bad_request' });
        await expectConnectionFit(client, answer, ids);
      }
    });
  });

  it('refuses a 30 MiB upload with 413 before reading it, and the connection stays fit', async () => {
    await withClient(async (client, ids) => {
      const body = Buffer.alloc(30 * 1024 * 1024, 1);
      const answer = await client.request('POST', `/api/segments/${ids.segment}/upload-image/`, {
        headers: { 'content-type': 'multipart/form-data; boundary=b0undary' },
        body: multipartBody('b0undary', 'image', body),
      });
      expectJsonError(answer, 413);
      await expectConnectionFit(client, answer, ids);
    });
  });

  it('refuses a 3 MiB JSON body with 413 every time', async () => {
    await withClient(async (client, ids) => {
      const body = JSON.stringify({ title: 'x'.repeat(3 * 1024 * 1024) });
      for (let i = 0; i < 3; i++) {
        const answer = await client.request('POST', '/api/projects/', {
          headers: { 'content-type': 'application/json' },
          body,
        });
        expectJsonError(answer, 413);
        await expectConnectionFit(client, answer, ids);
      }
    });
  });

  it('refuses an upload to an unknown or a locked segment with 4xx, and the connection stays fit', async () => {
    await withClient(async (client, ids) => {
      const body = multipartBody('b0undary', 'image', Buffer.concat([await png(), Buffer.alloc(4 * 1024 * 1024)]));
      const headers = { 'content-type': 'multipart/form-data; boundary=b0undary' };
      for (let i = 0; i < 3; i++) {
        const unknown = await client.request('POST', '/api/segments/no-such-segment/upload-image/', { headers, body });
        expectJsonError(unknown, 404);
        await expectConnectionFit(client, unknown, ids);
        const locked = await client.request('POST', `/api/segments/${ids.locked}/upload-image/`, { headers, body });
        expectJsonError(locked, 400);
        await expectConnectionFit(client, locked, ids);
      }
    });
  });

  it('refuses text with a lone UTF-16 surrogate with 400 and stores nothing', async () => {
    await withClient(async (client, ids) => {
      const json = { 'content-type': 'application/json' };
      const bodies = [
        '{"title": "Bad \\ud800 title"}', // a lone surrogate as a JSON escape
        Buffer.concat([Buffer.from('{"title": "Bad '), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]), // …as CESU-8 bytes
        Buffer.concat([Buffer.from('{"title": "Bad '), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]), // not UTF-8 at all
      ];
      for (const body of bodies) {
        const answer = await client.request('POST', '/api/projects/', { headers: json, body });
        expectJsonError(answer, 400);
        await expectConnectionFit(client, answer, ids);
      }
      const key = await client.request('POST', '/api/segments/', {
        headers: json,
        body: `{"project": "${ids.project}", "text_content": "ok", "\\udfff": 1}`,
      });
      expectJsonError(key, 400);
      const projects = (await client.request('GET', '/api/projects/')).json() as { results: { title: string }[] };
      expect(projects.results.filter((p) => p.title.startsWith('Bad'))).toEqual([]);
      const segments = await client.request('GET', `/api/segments/?project=${ids.project}`);
      expect(segments.json()).toMatchObject({ count: 2 });
    });
  });
}

type Ids = { project: string; segment: string; locked: string };

async function makeProject(client: KeepAliveClient): Promise<Ids> {
  const json = { 'content-type': 'application/json' };
  const project = await client.request('POST', '/api/projects/', { headers: json, body: JSON.stringify({ title: 'Hostile' }) });
  expect(project.status).toBe(201);
  const id = (project.json() as { id: string }).id;
  const segment = async (): Promise<string> => {
    const res = await client.request('POST', '/api/segments/', {
      headers: json,
      body: JSON.stringify({ project: id, text_content: 'Once' }),
    });
    expect(res.status).toBe(201);
    return (res.json() as { id: string }).id;
  };
  const ids = { project: id, segment: await segment(), locked: await segment() };
  const lock = await client.request('PATCH', `/api/segments/${ids.locked}/`, { headers: json, body: '{"is_locked": true}' });
  expect(lock.status).toBe(200);
  return ids;
}
