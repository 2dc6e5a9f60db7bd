import { toast } from 'sonner';
import { IDLE_RENDER, POLL_INTERVAL_MS, liveProjectStatus, useRenderStore } from '@/lib/stores';
import { installFakeApi, type FakeApi } from '@/test/helpers/fake-api';
import {
  ACCEPTED,
  CANCEL_URL,
  OUTPUT,
  OUTPUT_URL,
  PID,
  RENDER_URL,
  STATUS_URL,
  completed,
  failed,
  processing,
  progress,
  project,
} from '@/test/helpers/render-fixtures';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn() } }));

const store = () => useRenderStore.getState();
const render = (id = PID) => store().renders[id] ?? IDLE_RENDER;

let api: FakeApi;

/** Lets the fake API's promises settle, then moves the clock on. */
async function advance(ms: number) {
  await vi.advanceTimersByTimeAsync(ms);
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.mocked(toast.error).mockClear();
  vi.mocked(toast.success).mockClear();
  store().resetRenderState();
  api = installFakeApi();
});

afterEach(() => {
  store().resetRenderState();
  api.restore();
  vi.useRealTimers();
});

describe('startRender', () => {
  it('goes idle → validating → rendering and polls the status at once', async () => {
    api.on('POST', RENDER_URL, { status: 202, data: ACCEPTED });
    api.on('GET', STATUS_URL, { status: 200, data: processing(progress(1, 12, 4)) });

    const started = store().startRender(PID);
    expect(render().renderStatus).toBe('validating');
    await expect(started).resolves.toBe(true);
    await advance(0);

    expect(api.callsTo('POST', RENDER_URL)[0]?.body).toEqual({});
    expect(render().renderStatus).toBe('rendering');
    expect(render().renderTaskId).toBe(`render_${PID}`);
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(1);
    expect(render().renderProgress).toEqual(progress(1, 12, 4));
  });

  it('sends force when asked to re-render', async () => {
    api.on('POST', RENDER_URL, { status: 202, data: ACCEPTED });
    api.on('GET', STATUS_URL, { status: 200, data: processing() });
    await store().startRender(PID, { force: true });
    expect(api.callsTo('POST', RENDER_URL)[0]?.body).toEqual({ force: true });
  });

  it('returns to idle and toasts the missing assets when the server answers 400', async () => {
    api.on('POST', RENDER_URL, {
      status: 400,
      data: {
        error: 'Project not ready for rendering',
        details: { missing_images: ['s1', 's2'], missing_audio: ['s3'], message: '3 segments are missing required assets' },
      },
    });
    await expect(store().startRender(PID)).resolves.toBe(false);
    await advance(POLL_INTERVAL_MS);

    expect(render().renderStatus).toBe('idle');
    expect(toast.error).toHaveBeenCalledWith('Project not ready for rendering', {
      description: '3 segments are missing required assets',
    });
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(0);
  });

  it('follows the running render when the server answers 409', async () => {
    api.on('POST', RENDER_URL, {
      status: 409,
      data: { error: 'Project is already being rendered', project_id: PID, status: 'PROCESSING' },
    });
    api.on('GET', STATUS_URL, { status: 200, data: processing(progress(5, 12, 40)) });
    await expect(store().startRender(PID)).resolves.toBe(false);
    await advance(0);

    expect(toast.error).toHaveBeenCalledWith('Project is already being rendered', undefined);
    expect(render().renderStatus).toBe('rendering');
    expect(render().renderProgress?.percentage).toBe(40);
  });

  it("shows the server's FFmpeg message on 500 and keeps the completed state", async () => {
    store().openProject(project({ status: 'COMPLETED', output_path: OUTPUT_URL }));
    api.on('GET', STATUS_URL, { status: 200, data: completed() });
    await advance(0);
    api.on('POST', RENDER_URL, { status: 500, data: { error: 'FFmpeg is required to render video. Install it with: sudo apt install ffmpeg' } });

    await expect(store().startRender(PID, { force: true })).resolves.toBe(false);

    expect(toast.error).toHaveBeenCalledWith(
      'FFmpeg is required to render video. Install it with: sudo apt install ffmpeg',
      { duration: 15000 },
    );
    expect(render().renderStatus).toBe('completed');
    expect(render().outputUrl).toBe(OUTPUT_URL);
  });

  it('toasts a network failure and stays idle', async () => {
    api.on('POST', RENDER_URL, 'network-error');
    await expect(store().startRender(PID)).resolves.toBe(false);
    expect(render().renderStatus).toBe('idle');
    expect(toast.error).toHaveBeenCalledWith('Cannot reach the StoryFlow server. Check that it is running.', undefined);
  });

  it('ignores a second click while a render is starting', async () => {
    api.on('POST', RENDER_URL, 'pending');
    void store().startRender(PID);
    await expect(store().startRender(PID)).resolves.toBe(false);
    expect(api.callsTo('POST', RENDER_URL)).toHaveLength(1);
  });
});

describe('pollRenderStatus', () => {
  it('polls every 3 s and stops at COMPLETED with the output facts', async () => {
    api.on(
      'GET',
      STATUS_URL,
      { status: 200, data: processing(progress(1, 12, 5)) },
      { status: 200, data: processing(progress(7, 12, 58)) },
      { status: 200, data: completed() },
    );
    store().openProject(project({ status: 'PROCESSING' }));
    await advance(0);
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(1);

    await advance(POLL_INTERVAL_MS - 1);
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(1);
    await advance(1);
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(2);
    expect(render().renderProgress).toEqual(progress(7, 12, 58));

    await advance(POLL_INTERVAL_MS);
    expect(render()).toMatchObject({
      renderStatus: 'completed',
      outputUrl: OUTPUT_URL,
      output: OUTPUT,
      outputVersion: OUTPUT.rendered_at,
    });
    expect(toast.success).toHaveBeenCalledWith('Your video is ready');

    await advance(POLL_INTERVAL_MS * 5);
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(3);
  });

  it('stops at FAILED and keeps the failure message and last progress', async () => {
    api.on(
      'GET',
      STATUS_URL,
      { status: 200, data: processing(progress(3, 12, 20)) },
      { status: 200, data: failed('Image for segment 4 could not be read', null) },
    );
    store().openProject(project({ status: 'PROCESSING' }));
    await advance(POLL_INTERVAL_MS);

    expect(render()).toMatchObject({ renderStatus: 'failed', error: 'Image for segment 4 could not be read' });
    expect(render().renderProgress?.percentage).toBe(20);
    expect(toast.error).toHaveBeenCalledWith('Render failed: Image for segment 4 could not be read');
    await advance(POLL_INTERVAL_MS * 3);
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(2);
  });

  it('never lets the percentage go backwards during one render', async () => {
    api.on(
      'GET',
      STATUS_URL,
      { status: 200, data: processing(progress(7, 12, 58)) },
      { status: 200, data: processing(progress(7, 12, 41, 'Encoding video')) },
    );
    store().openProject(project({ status: 'PROCESSING' }));
    await advance(POLL_INTERVAL_MS);
    expect(render().renderProgress).toEqual(progress(7, 12, 58, 'Encoding video'));
  });

  it('starts again from 0% for a new render', async () => {
    api.on('GET', STATUS_URL, { status: 200, data: completed() });
    store().openProject(project({ status: 'COMPLETED', output_path: OUTPUT_URL }));
    await advance(0);
    api.on('POST', RENDER_URL, { status: 202, data: ACCEPTED });
    api.on('GET', STATUS_URL, { status: 200, data: processing(progress(1, 12, 3)) });
    await store().startRender(PID, { force: true });
    await advance(0);
    expect(render().renderProgress?.percentage).toBe(3);
    expect(render().outputUrl).toBeNull();
  });

  it('stops and says so when a status request fails', async () => {
    api.on('GET', STATUS_URL, { status: 200, data: processing() }, 'network-error');
    store().openProject(project({ status: 'PROCESSING' }));
    await advance(POLL_INTERVAL_MS);

    expect(render().renderStatus).toBe('rendering');
    expect(render().pollError).toBe('Cannot reach the StoryFlow server. Check that it is running.');
    expect(toast.error).toHaveBeenCalledWith(
      'Could not read the render status: Cannot reach the StoryFlow server. Check that it is running.',
    );
    await advance(POLL_INTERVAL_MS * 3);
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(2);
  });

  it('stops when the returned stop function runs (leaving the page)', async () => {
    api.on('GET', STATUS_URL, { status: 200, data: processing() });
    store().openProject(project({ status: 'PROCESSING' }));
    await advance(0);
    const stop = store().pollRenderStatus(PID);
    stop();
    await advance(POLL_INTERVAL_MS * 4);
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(1);
  });

  it('runs one poller per project however often it is asked', async () => {
    api.on('GET', STATUS_URL, { status: 200, data: processing() });
    store().pollRenderStatus(PID);
    store().pollRenderStatus(PID);
    await advance(POLL_INTERVAL_MS);
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(2);
  });
});

describe('openProject', () => {
  it('resumes polling for a PROCESSING project', async () => {
    api.on('GET', STATUS_URL, { status: 200, data: processing(progress(4, 12, 30)) });
    store().openProject(project({ status: 'PROCESSING' }));
    expect(render().renderStatus).toBe('rendering');
    await advance(0);
    expect(render().renderProgress?.percentage).toBe(30);
  });

  it('shows a COMPLETED project at once, then fills in the file facts', async () => {
    api.on('GET', STATUS_URL, 'pending');
    store().openProject(project({ status: 'COMPLETED', output_path: OUTPUT_URL, updated_at: '2025-01-01T09:00:00.000Z' }));
    expect(render()).toMatchObject({
      renderStatus: 'completed',
      outputUrl: OUTPUT_URL,
      outputVersion: '2025-01-01T09:00:00.000Z',
      output: null,
    });

    store().stopPolling(PID);
    api.on('GET', STATUS_URL, { status: 200, data: completed() });
    store().pollRenderStatus(PID);
    await advance(0);
    expect(render().output).toEqual(OUTPUT);
    expect(toast.success).not.toHaveBeenCalled();
  });

  it('shows a FAILED project with its render_error and does not poll', async () => {
    store().openProject(project({ status: 'FAILED', render_error: 'Render interrupted: the server stopped' }));
    await advance(POLL_INTERVAL_MS);
    expect(render()).toMatchObject({ renderStatus: 'failed', error: 'Render interrupted: the server stopped' });
    expect(api.calls).toHaveLength(0);
  });

  it('treats a DRAFT project as idle', () => {
    store().openProject(project({ status: 'DRAFT' }));
    expect(render()).toEqual(IDLE_RENDER);
  });
});

describe('cancelRender', () => {
  it('asks the server to cancel and shows the cancelled state without an error toast', async () => {
    api.on('GET', STATUS_URL, { status: 200, data: processing() });
    store().openProject(project({ status: 'PROCESSING' }));
    await advance(0);
    api.on('POST', CANCEL_URL, { status: 200, data: { message: 'Render cancelled' } });
    api.on('GET', STATUS_URL, { status: 200, data: failed('Cancelled by user') });

    await store().cancelRender(PID);
    await advance(0);

    expect(api.callsTo('POST', CANCEL_URL)).toHaveLength(1);
    expect(render()).toMatchObject({ renderStatus: 'failed', error: 'Cancelled by user', cancelling: false });
    expect(toast.error).not.toHaveBeenCalled();
  });

  it('toasts a 409 and shows what the server says the render did', async () => {
    api.on('GET', STATUS_URL, { status: 200, data: processing() });
    store().openProject(project({ status: 'PROCESSING' }));
    await advance(0);
    api.on('POST', CANCEL_URL, { status: 409, data: { error: 'Project is not being rendered' } });
    api.on('GET', STATUS_URL, { status: 200, data: completed() });

    await store().cancelRender(PID);
    await advance(0);
    expect(toast.error).toHaveBeenCalledWith('Project is not being rendered');
    expect(render().renderStatus).toBe('completed');
  });
});

describe('downloadVideo', () => {
  it('clicks a same-origin link that downloads final.mp4 with the cache-busting version', async () => {
    api.on('GET', STATUS_URL, { status: 200, data: completed() });
    store().openProject(project({ status: 'COMPLETED', output_path: OUTPUT_URL }));
    await advance(0);
    const clicked: HTMLAnchorElement[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });

    store().downloadVideo(PID);

    expect(clicked).toHaveLength(1);
    expect(clicked[0]?.getAttribute('download')).toBe('final.mp4');
    expect(clicked[0]?.getAttribute('href')).toBe(`${OUTPUT_URL}?v=${encodeURIComponent(OUTPUT.rendered_at)}`);
    expect(clicked[0]?.isConnected).toBe(false);
    click.mockRestore();
  });

  it('toasts when there is nothing to download', () => {
    store().downloadVideo(PID);
    expect(toast.error).toHaveBeenCalledWith('There is no finished video to download yet.');
  });
});

describe('resetRenderState', () => {
  it('forgets the project and stops its polling', async () => {
    api.on('GET', STATUS_URL, { status: 200, data: processing() });
    store().openProject(project({ status: 'PROCESSING' }));
    await advance(0);
    store().resetRenderState(PID);
    await advance(POLL_INTERVAL_MS * 2);
    expect(store().renders[PID]).toBeUndefined();
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(1);
  });

  it('keeps render state per project', () => {
    store().openProject(project({ status: 'FAILED', render_error: 'boom' }));
    store().openProject(project({ id: 'other', status: 'DRAFT' }));
    expect(render().renderStatus).toBe('failed');
    expect(render('other').renderStatus).toBe('idle');
  });
});

describe('liveProjectStatus', () => {
  it('prefers what the browser learned since the page loaded', () => {
    expect(liveProjectStatus(undefined, 'DRAFT')).toBe('DRAFT');
    expect(liveProjectStatus({ ...IDLE_RENDER, renderStatus: 'validating' }, 'COMPLETED')).toBe('COMPLETED');
    expect(liveProjectStatus({ ...IDLE_RENDER, renderStatus: 'rendering' }, 'DRAFT')).toBe('PROCESSING');
    expect(liveProjectStatus({ ...IDLE_RENDER, renderStatus: 'completed' }, 'PROCESSING')).toBe('COMPLETED');
    expect(liveProjectStatus({ ...IDLE_RENDER, renderStatus: 'failed' }, 'PROCESSING')).toBe('FAILED');
  });
});
