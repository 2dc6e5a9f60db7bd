import { ApiError, getProject } from '@/lib/api';
import { EARLY_READ_GLOBAL, EARLY_READ_SCRIPT } from '@/lib/early-read-script';
import { setTransport, type Transport, type TransportRequest } from '@/lib/http';
import { SAVE_SENT_ON_LEAVING_KEY } from '@/lib/leaving-saves';

/** What the API client itself asked for (not the early read). */
let asked: TransportRequest[];
let original: Transport;
const fetchMock = vi.fn(async () => Response.json({ id: 'early', segments: [] }));

/** The root layout's inline script, run as the browser runs it while parsing the page at `url`. */
function loadPage(url: string) {
  window.history.replaceState(null, '', url);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the script is ours and runs as a page script would
  new Function(EARLY_READ_SCRIPT)();
}

beforeEach(() => {
  asked = [];
  original = setTransport(async (request) => {
    asked.push(request);
    return { status: 200, body: { id: 'asked', segments: [] } };
  });
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  setTransport(original);
  vi.unstubAllGlobals();
  fetchMock.mockClear();
  (window as Window & { [EARLY_READ_GLOBAL]?: unknown })[EARLY_READ_GLOBAL] = undefined;
  window.sessionStorage.clear();
  window.history.replaceState(null, '', '/');
});

describe('the early project read', () => {
  it('starts while the editor page loads, and answers its first read of that project only', async () => {
    loadPage('/projects/p%201');
    expect(fetchMock).toHaveBeenCalledWith('/api/projects/p%201/', { headers: { Accept: 'application/json' } });
    await expect(getProject('p 1')).resolves.toEqual({ id: 'early', segments: [] });
    expect(asked).toEqual([]);
    // A refresh must see what the API has now.
    await expect(getProject('p 1')).resolves.toEqual({ id: 'asked', segments: [] });
    expect(asked.map((r) => r.url)).toEqual(['/projects/p%201/']);
  });

  it('is not started on other pages, nor used for another project', async () => {
    loadPage('/');
    loadPage('/projects/p1/segments');
    expect(fetchMock).not.toHaveBeenCalled();
    loadPage('/projects/p1/');
    await getProject('p2');
    expect(asked.map((r) => r.url)).toEqual(['/projects/p2/']);
  });

  it('is not started when a save left with the previous page, and the next read asks the API', async () => {
    window.sessionStorage.setItem(SAVE_SENT_ON_LEAVING_KEY, '1');
    loadPage('/projects/p1');
    expect(fetchMock).not.toHaveBeenCalled();
    await getProject('p1');
    expect(asked).toHaveLength(1);
    expect(window.sessionStorage.getItem(SAVE_SENT_ON_LEAVING_KEY)).toBeNull();
  });

  it('is not used when that save was noted only after the read started', async () => {
    loadPage('/projects/p1');
    window.sessionStorage.setItem(SAVE_SENT_ON_LEAVING_KEY, '1');
    await expect(getProject('p1')).resolves.toEqual({ id: 'asked', segments: [] });
  });

  it('turns an error answer into ApiError like any read', async () => {
    fetchMock.mockResolvedValueOnce(
      Response.json({ error: 'Project not found', code: 'project_not_found' }, { status: 404 }),
    );
    loadPage('/projects/gone');
    const err = await getProject('gone').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(404);
    expect(asked).toEqual([]);
  });
});
