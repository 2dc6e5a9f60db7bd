import {
  ApiError,
  getProject,
  getTaskStatus,
  importProject,
  listProjects,
  reorderSegments,
  toApiError,
  updateSettings,
  uploadSegmentImage,
} from '@/lib/api';
import { setTransport, type Transport, type TransportRequest } from '@/lib/http';
import { useConnectionStore } from '@/lib/connection';

type Reply = { status: number; data: unknown };

let requests: TransportRequest[];
let original: Transport | null = null;

/** Answers every request with `reply`, the way the real server would. */
function serve(reply: Reply) {
  requests = [];
  original = setTransport(async (request) => {
    requests.push(request);
    return { status: reply.status, body: reply.data };
  });
}

/** No answer at all: what fetch throws when the server is not there. */
function unreachable() {
  original = setTransport(async () => {
    throw new TypeError('Failed to fetch');
  });
}

afterEach(() => {
  if (original) setTransport(original);
  original = null;
  useConnectionStore.setState({ reachable: true });
});

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    return err as ApiError;
  }
  throw new Error('expected the call to fail');
}

describe('API error mapping', () => {
  it('turns a {error, details} body into ApiError with the server message', async () => {
    serve({
      status: 400,
      data: { error: 'Missing text_content', code: 'import_missing_text', details: 'Segment at index 2 is missing text_content' },
    });
    const err = await failure(importProject({ format: 'json', title: 'T', segments: [] }));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.error).toBe('Missing text_content');
    expect(err.code).toBe('import_missing_text');
    expect(err.details).toBe('Segment at index 2 is missing text_content');
    expect(err.fieldErrors).toBeNull();
  });

  it('keeps structured details (render validation)', async () => {
    const details = { missing_images: ['s1'], missing_audio: [], message: '1 segments are missing required assets' };
    serve({ status: 400, data: { error: 'Project not ready for rendering', details } });
    const err = await failure(getProject('p'));
    expect(err.details).toEqual(details);
  });

  it('keeps extra keys of a 409 body as details', async () => {
    serve({
      status: 409,
      data: { error: 'Project is already being rendered', code: 'render_in_progress', project_id: 'p', status: 'PROCESSING' },
    });
    const err = await failure(getProject('p'));
    expect(err.status).toBe(409);
    expect(err.error).toBe('Project is already being rendered');
    expect(err.code).toBe('render_in_progress');
    expect(err.details).toEqual({ project_id: 'p', status: 'PROCESSING' });
  });

  it('turns a field-validation body into fieldErrors and a readable message', async () => {
    serve({ status: 400, data: { tts_speed: ['Ensure this value is less than or equal to 2.0.'], code: 'validation_failed' } });
    const err = await failure(updateSettings({ tts_speed: 3 }));
    expect(err.code).toBe('validation_failed');
    expect(err.fieldErrors).toEqual({ tts_speed: ['Ensure this value is less than or equal to 2.0.'] });
    expect(err.error).toBe('Tts speed: Ensure this value is less than or equal to 2.0.');
  });

  it('falls back to a message by status when the body is not JSON', async () => {
    serve({ status: 502, data: '<html>Bad gateway</html>' });
    const err = await failure(getProject('p'));
    expect(err.status).toBe(502);
    expect(err.error).toMatch(/^The StoryFlow API server is not reachable\. Check that StoryFlow is running/);
  });

  it('reads a plain-text 500 from the web server\'s proxy as the API being down', async () => {
    serve({ status: 500, data: 'Internal Server Error' });
    const err = await failure(getProject('p'));
    expect(err.status).toBe(500);
    expect(err.error).toMatch(/^The StoryFlow API server is not reachable/);
  });

  it('keeps the API\'s own message on a JSON 500', async () => {
    serve({ status: 500, data: { error: 'FFmpeg is required to render videos.' } });
    const err = await failure(getProject('p'));
    expect(err.error).toBe('FFmpeg is required to render videos.');
  });

  it('reports an unreachable server as status 0, and the connection as lost', async () => {
    unreachable();
    const err = await failure(getProject('p'));
    expect(err.status).toBe(0);
    expect(err.error).toMatch(/Cannot reach the StoryFlow server/);
    expect(useConnectionStore.getState().reachable).toBe(false);
  });

  it('marks a cancelled request as aborted', async () => {
    original = setTransport(
      (request) =>
        new Promise((_resolve, reject) =>
          request.signal?.addEventListener('abort', () => reject(new DOMException('The request was cancelled', 'AbortError'))),
        ),
    );
    const controller = new AbortController();
    const pending = failure(getProject('p', { signal: controller.signal }));
    controller.abort();
    const err = await pending;
    expect(err.aborted).toBe(true);
    expect(useConnectionStore.getState().reachable).toBe(true);
    expect(toApiError(new DOMException('cancelled', 'AbortError')).aborted).toBe(true);
  });
});

describe('API paths', () => {
  it('encodes path parameters and ends with a slash', async () => {
    serve({ status: 200, data: {} });
    await getTaskStatus('tts_a/b c');
    expect(requests[0]?.url).toBe('/tasks/tts_a%2Fb%20c/status/');
  });

  it('puts query parameters after the path, leaving out the unset ones', async () => {
    serve({ status: 200, data: { count: 0, next: null, previous: null, results: [] } });
    await listProjects({ page: 2 });
    await listProjects({ page: undefined });
    expect(requests.map((r) => r.url)).toEqual(['/projects/?page=2', '/projects/']);
  });

  it('sends reorder as {project_id, segment_order}', async () => {
    serve({ status: 200, data: { message: 'ok', segments: [] } });
    await reorderSegments('p1', ['b', 'a']);
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.url).toBe('/segments/reorder/');
    expect(JSON.parse(requests[0]?.body as string)).toEqual({ project_id: 'p1', segment_order: ['b', 'a'] });
  });

  it('uploads the image as multipart field "image"', async () => {
    serve({ status: 200, data: { id: 's1', image_file: '/media/x.png', message: 'ok' } });
    const file = new File(['png'], 'x.png', { type: 'image/png' });
    await uploadSegmentImage('s1', file);
    const body = requests[0]?.body;
    expect(body).toBeInstanceOf(FormData);
    expect((body as FormData).get('image')).toBeInstanceOf(File);
    expect(requests[0]?.url).toBe('/segments/s1/upload-image/');
  });
});

describe('the browser transport', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('GETs below /api asking for JSON, and reads a JSON answer', async () => {
    const fetchMock = vi.fn(async () => Response.json({ id: 'p' }));
    vi.stubGlobal('fetch', fetchMock);
    await expect(getProject('p')).resolves.toEqual({ id: 'p' });
    expect(fetchMock).toHaveBeenCalledWith('/api/projects/p/', expect.objectContaining({ method: 'GET', body: undefined }));
    const init = (fetchMock.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect(init.headers).toEqual({ Accept: 'application/json' });
  });

  it('sends a JSON body with its type, and a form without one (the browser adds the boundary)', async () => {
    const fetchMock = vi.fn(async () => Response.json({}));
    vi.stubGlobal('fetch', fetchMock);
    await updateSettings({ tts_speed: 1.5 });
    await uploadSegmentImage('s1', new File(['png'], 'x.png', { type: 'image/png' }));
    const [, json] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    const [, form] = fetchMock.mock.calls[1] as unknown as [string, RequestInit];
    expect(json).toMatchObject({ method: 'PATCH', body: '{"tts_speed":1.5}' });
    expect(json.headers).toEqual({ Accept: 'application/json', 'Content-Type': 'application/json' });
    expect(form.body).toBeInstanceOf(FormData);
    expect(form.headers).toEqual({ Accept: 'application/json' });
  });

  it('reads a text answer that is not JSON as text', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('Too many segments', { status: 400 })));
    const err = await failure(getProject('p'));
    expect(err.error).toBe('Too many segments');
  });
});
