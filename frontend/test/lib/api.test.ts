import { AxiosError, AxiosHeaders, type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios';
import {
  ApiError,
  getProject,
  getTaskStatus,
  http,
  importProject,
  reorderSegments,
  toApiError,
  updateSettings,
  uploadSegmentImage,
} from '@/lib/api';
import { axiosResponse } from '@/test/helpers/fake-api';

type Reply = { status: number; data: unknown };

let requests: InternalAxiosRequestConfig[];
const originalAdapter = http.defaults.adapter;

/** Answers every request with `reply`, the way the real server would (Axios rejects non-2xx). */
function serve(reply: Reply) {
  requests = [];
  const adapter: AxiosAdapter = async (config) => {
    requests.push(config);
    const response = axiosResponse(config, reply.status, reply.data);
    if (reply.status >= 400) {
      throw new AxiosError('Request failed', 'ERR_BAD_REQUEST', config, null, response);
    }
    return response;
  };
  http.defaults.adapter = adapter;
}

afterEach(() => {
  http.defaults.adapter = originalAdapter;
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

  it('reports an unreachable server as status 0', () => {
    const err = toApiError(new AxiosError('Network Error', 'ERR_NETWORK'));
    expect(err.status).toBe(0);
    expect(err.error).toMatch(/Cannot reach the StoryFlow server/);
  });

  it('marks a cancelled request as aborted', () => {
    const err = toApiError(new AxiosError('canceled', 'ERR_CANCELED'));
    expect(err.aborted).toBe(true);
  });
});

describe('API paths', () => {
  it('encodes path parameters and ends with a slash', async () => {
    serve({ status: 200, data: {} });
    await getTaskStatus('tts_a/b c');
    expect(requests[0]?.baseURL).toBe('/api');
    expect(requests[0]?.url).toBe('/tasks/tts_a%2Fb%20c/status/');
  });

  it('sends reorder as {project_id, segment_order}', async () => {
    serve({ status: 200, data: { message: 'ok', segments: [] } });
    await reorderSegments('p1', ['b', 'a']);
    expect(requests[0]?.method).toBe('post');
    expect(requests[0]?.url).toBe('/segments/reorder/');
    expect(JSON.parse(String(requests[0]?.data))).toEqual({ project_id: 'p1', segment_order: ['b', 'a'] });
  });

  it('uploads the image as multipart field "image"', async () => {
    serve({ status: 200, data: { id: 's1', image_file: '/media/x.png', message: 'ok' } });
    const file = new File(['png'], 'x.png', { type: 'image/png' });
    await uploadSegmentImage('s1', file);
    const body = requests[0]?.data;
    expect(body).toBeInstanceOf(FormData);
    expect((body as FormData).get('image')).toBeInstanceOf(File);
    expect(requests[0]?.url).toBe('/segments/s1/upload-image/');
    expect(AxiosHeaders.from(requests[0]?.headers).getContentType()).not.toBe('application/json');
  });
});
