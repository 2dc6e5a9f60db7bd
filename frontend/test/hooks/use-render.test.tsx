import type { QueryClient } from '@tanstack/react-query';
import { act } from '@testing-library/react';
import { toast } from 'sonner';
import { useCancelRender, useProjectRender, useRenderPolling, useStartRender } from '@/hooks/use-render';
import { queryKeys } from '@/lib/query-keys';
import { IDLE_RENDER, POLL_INTERVAL_MS } from '@/lib/render-state';
import type { FakeApi } from '@/test/helpers/fake-api';
import { renderHookWithProviders } from '@/test/helpers/providers';
import { endRenderTest, seedProject, startRenderTest } from '@/test/helpers/render-cache';
import {
  ACCEPTED,
  CANCEL_URL,
  OUTPUT,
  OUTPUT_URL,
  PID,
  RENDER_URL,
  STATUS_URL,
  cancelled,
  completed,
  failed,
  processing,
  progress,
  project,
} from '@/test/helpers/render-fixtures';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn() } }));

let api: FakeApi;
let client: QueryClient;

/** What the editor mounts for one project: the render view, the one poller, start and cancel. */
function mountEditor(id = PID) {
  return renderHookWithProviders(
    () => ({
      render: useProjectRender(id),
      checkAgain: useRenderPolling(id),
      start: useStartRender(id),
      cancel: useCancelRender(id),
    }),
    client,
  );
}

/** Lets the fake API's promises and React settle, then moves the clock on. */
async function advance(ms: number) {
  await act(() => vi.advanceTimersByTimeAsync(ms));
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.mocked(toast.error).mockClear();
  vi.mocked(toast.success).mockClear();
  ({ api, client } = startRenderTest());
});

afterEach(() => endRenderTest(api, client));

describe('useStartRender', () => {
  it('goes idle → validating → rendering and polls the status at once', async () => {
    seedProject(client, project());
    api.on('POST', RENDER_URL, { status: 202, data: ACCEPTED });
    api.on('GET', STATUS_URL, { status: 200, data: processing(progress(1, 12, 4)) });
    const { result } = mountEditor();
    expect(result.current.render.renderStatus).toBe('idle');

    await act(async () => {
      await expect(result.current.start.start()).resolves.toBe(true);
    });
    await advance(0);

    expect(api.callsTo('POST', RENDER_URL)[0]?.body).toEqual({});
    expect(result.current.render.renderStatus).toBe('rendering');
    expect(result.current.start.accepted?.task_id).toBe(`render_${PID}`);
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(1);
    expect(result.current.render.renderProgress).toEqual(progress(1, 12, 4));
  });

  it('says validating while the server checks the project', async () => {
    seedProject(client, project());
    api.on('POST', RENDER_URL, 'pending');
    const { result } = mountEditor();
    act(() => void result.current.start.start());
    await advance(0);
    expect(result.current.render.renderStatus).toBe('validating');
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(0);
  });

  it('reads "Preparing…" from 0 % until the first status answer', async () => {
    seedProject(client, project());
    api.on('POST', RENDER_URL, { status: 202, data: ACCEPTED });
    api.on('GET', STATUS_URL, 'pending');
    const { result } = mountEditor();
    await act(() => result.current.start.start());
    expect(result.current.render.renderStatus).toBe('rendering');
    expect(result.current.render.renderProgress).toMatchObject({ current_segment: 0, total_segments: 12, percentage: 0, current_phase: 'Preparing…' });
  });

  it('sends force when asked to re-render', async () => {
    seedProject(client, project());
    api.on('POST', RENDER_URL, { status: 202, data: ACCEPTED });
    api.on('GET', STATUS_URL, { status: 200, data: processing() });
    const { result } = mountEditor();
    await act(() => result.current.start.start({ force: true }));
    expect(api.callsTo('POST', RENDER_URL)[0]?.body).toEqual({ force: true });
  });

  it('returns to idle and toasts the missing assets when the server answers 400', async () => {
    seedProject(client, project());
    api.on('POST', RENDER_URL, {
      status: 400,
      data: {
        error: 'Project not ready for rendering',
        code: 'not_ready',
        details: { missing_images: ['s1', 's2'], missing_audio: ['s3'], message: '3 segments are missing required assets' },
      },
    });
    const { result } = mountEditor();
    await act(async () => {
      await expect(result.current.start.start()).resolves.toBe(false);
    });
    await advance(POLL_INTERVAL_MS);

    expect(result.current.render.renderStatus).toBe('idle');
    expect(toast.error).toHaveBeenCalledWith('Project not ready for rendering', {
      description: '3 segments are missing required assets',
    });
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(0);
  });

  it('follows the running render when the server answers 409', async () => {
    seedProject(client, project());
    api.on('POST', RENDER_URL, {
      status: 409,
      data: { error: 'Project is already being rendered', project_id: PID, status: 'PROCESSING' },
    });
    api.on('GET', STATUS_URL, { status: 200, data: processing(progress(5, 12, 40)) });
    const { result } = mountEditor();
    await act(async () => {
      await expect(result.current.start.start()).resolves.toBe(false);
    });
    await advance(0);

    expect(toast.error).toHaveBeenCalledWith('Project is already being rendered', undefined);
    expect(result.current.render.renderStatus).toBe('rendering');
    expect(result.current.render.renderProgress?.percentage).toBe(40);
  });

  it("shows the server's FFmpeg message on 500 and keeps the completed state", async () => {
    seedProject(client, project({ status: 'COMPLETED', output_path: OUTPUT_URL }));
    api.on('GET', STATUS_URL, { status: 200, data: completed() });
    const { result } = mountEditor();
    await advance(0);
    api.on('POST', RENDER_URL, { status: 500, data: { error: 'FFmpeg is required to render video. Install it with: sudo apt install ffmpeg' } });

    await act(async () => {
      await expect(result.current.start.start({ force: true })).resolves.toBe(false);
    });

    expect(toast.error).toHaveBeenCalledWith(
      'FFmpeg is required to render video. Install it with: sudo apt install ffmpeg',
      { duration: 15000 },
    );
    expect(result.current.render.renderStatus).toBe('completed');
    expect(result.current.render.outputUrl).toBe(OUTPUT_URL);
  });

  it('toasts a network failure and stays idle', async () => {
    seedProject(client, project());
    api.on('POST', RENDER_URL, 'network-error');
    const { result } = mountEditor();
    await act(async () => {
      await expect(result.current.start.start()).resolves.toBe(false);
    });
    expect(result.current.render.renderStatus).toBe('idle');
    expect(toast.error).toHaveBeenCalledWith('Cannot reach the StoryFlow server. Check that it is running.', undefined);
  });

  it('ignores a second click while a render is starting', async () => {
    seedProject(client, project());
    api.on('POST', RENDER_URL, 'pending');
    const { result } = mountEditor();
    let second!: Promise<boolean>;
    act(() => {
      void result.current.start.start();
      second = result.current.start.start();
    });
    await act(async () => {
      await expect(second).resolves.toBe(false);
    });
    expect(api.callsTo('POST', RENDER_URL)).toHaveLength(1);
  });
});

describe('useRenderPolling', () => {
  it('polls every 3 s and stops at COMPLETED with the output facts', async () => {
    api.on(
      'GET',
      STATUS_URL,
      { status: 200, data: processing(progress(1, 12, 5)) },
      { status: 200, data: processing(progress(7, 12, 58)) },
      { status: 200, data: completed() },
    );
    seedProject(client, project({ status: 'PROCESSING' }));
    const { result } = mountEditor();
    await advance(0);
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(1);

    await advance(POLL_INTERVAL_MS - 1);
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(1);
    await advance(1);
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(2);
    expect(result.current.render.renderProgress).toEqual(progress(7, 12, 58));

    await advance(POLL_INTERVAL_MS);
    expect(result.current.render).toMatchObject({
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
      { status: 200, data: failed('Image for segment 4 could not be read', null, 'segment_image') },
    );
    seedProject(client, project({ status: 'PROCESSING' }));
    const { result } = mountEditor();
    await advance(POLL_INTERVAL_MS);

    expect(result.current.render).toMatchObject({
      renderStatus: 'failed',
      error: 'Image for segment 4 could not be read',
      errorCode: 'segment_image',
    });
    expect(result.current.render.renderProgress?.percentage).toBe(20);
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
    seedProject(client, project({ status: 'PROCESSING' }));
    const { result } = mountEditor();
    await advance(POLL_INTERVAL_MS);
    expect(result.current.render.renderProgress).toEqual(progress(7, 12, 58, 'Encoding video'));
  });

  it('starts again from 0% for a new render and keeps the old video meanwhile', async () => {
    api.on('GET', STATUS_URL, { status: 200, data: completed() });
    seedProject(client, project({ status: 'COMPLETED', output_path: OUTPUT_URL }));
    const { result } = mountEditor();
    await advance(0);
    api.on('POST', RENDER_URL, { status: 202, data: ACCEPTED });
    api.on('GET', STATUS_URL, { status: 200, data: processing(progress(1, 12, 3)) });
    await act(() => result.current.start.start({ force: true }));
    await advance(0);
    expect(result.current.render.renderProgress?.percentage).toBe(3);
    expect(result.current.render.outputUrl).toBeNull();
    expect(result.current.render.previousVideo).toEqual({ url: OUTPUT_URL, version: OUTPUT.rendered_at, output: OUTPUT });
  });

  it('stops and says so when a status request fails', async () => {
    api.on('GET', STATUS_URL, { status: 200, data: processing() }, 'network-error');
    seedProject(client, project({ status: 'PROCESSING' }));
    const { result } = mountEditor();
    await advance(POLL_INTERVAL_MS);

    expect(result.current.render.renderStatus).toBe('rendering');
    expect(result.current.render.pollError).toBe('Cannot reach the StoryFlow server. Check that it is running.');
    expect(toast.error).toHaveBeenCalledWith(
      'Could not read the render status: Cannot reach the StoryFlow server. Check that it is running.',
      expect.anything(),
    );
    await advance(POLL_INTERVAL_MS * 3);
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(2);
  });

  it('resumes after "check again" when the render still runs', async () => {
    api.on('GET', STATUS_URL, 'network-error', { status: 200, data: processing(progress(5, 12, 41)) });
    seedProject(client, project({ status: 'PROCESSING' }));
    const { result } = mountEditor();
    await advance(POLL_INTERVAL_MS);
    expect(result.current.render.pollError).not.toBeNull();
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(1);

    act(() => result.current.checkAgain());
    await advance(0);
    expect(result.current.render.pollError).toBeNull();
    expect(result.current.render.renderProgress?.percentage).toBe(41);
    await advance(POLL_INTERVAL_MS);
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(3);
  });

  it('stops when the component leaves the page', async () => {
    api.on('GET', STATUS_URL, { status: 200, data: processing() });
    seedProject(client, project({ status: 'PROCESSING' }));
    const { unmount } = mountEditor();
    await advance(0);
    unmount();
    await advance(POLL_INTERVAL_MS * 4);
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(1);
  });

  it('reads once per interval however many components show the render', async () => {
    api.on('GET', STATUS_URL, { status: 200, data: processing() });
    seedProject(client, project({ status: 'PROCESSING' }));
    renderHookWithProviders(
      () => [useProjectRender(PID), useProjectRender(PID), useProjectRender(PID), useRenderPolling(PID)],
      client,
    );
    await advance(0);
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(1);
    await advance(POLL_INTERVAL_MS);
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(2);
  });
});

describe('opening a project (the seeded status)', () => {
  it('resumes polling for a PROCESSING project', async () => {
    api.on('GET', STATUS_URL, { status: 200, data: processing(progress(4, 12, 30)) });
    seedProject(client, project({ status: 'PROCESSING' }));
    const { result } = mountEditor();
    expect(result.current.render.renderStatus).toBe('rendering');
    await advance(0);
    expect(result.current.render.renderProgress?.percentage).toBe(30);
  });

  it('shows a COMPLETED project at once, then fills in the file facts', async () => {
    api.on('GET', STATUS_URL, 'pending');
    seedProject(client, project({ status: 'COMPLETED', output_path: OUTPUT_URL, updated_at: '2025-01-01T09:00:00.000Z' }));
    const { result } = mountEditor();
    expect(result.current.render).toMatchObject({
      renderStatus: 'completed',
      outputUrl: OUTPUT_URL,
      outputVersion: '2025-01-01T09:00:00.000Z',
      output: null,
    });
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(1);

    api.on('GET', STATUS_URL, { status: 200, data: completed() });
    act(() => result.current.checkAgain());
    await advance(0);
    expect(result.current.render.output).toEqual(OUTPUT);
    expect(toast.success).not.toHaveBeenCalled();
  });

  it('shows a FAILED project with its render_error and does not poll', async () => {
    seedProject(client, project({ status: 'FAILED', render_error: 'Render interrupted: the server stopped', render_error_code: 'interrupted' }));
    const { result } = mountEditor();
    await advance(POLL_INTERVAL_MS);
    expect(result.current.render).toMatchObject({
      renderStatus: 'failed',
      error: 'Render interrupted: the server stopped',
      errorCode: 'interrupted',
    });
    expect(api.calls).toHaveLength(0);
  });

  it('treats a DRAFT project as idle', () => {
    seedProject(client, project({ status: 'DRAFT' }));
    const { result } = mountEditor();
    expect(result.current.render).toEqual(IDLE_RENDER);
  });

  it('keeps render state per project', () => {
    seedProject(client, project({ status: 'FAILED', render_error: 'boom' }));
    seedProject(client, project({ id: 'other', status: 'DRAFT' }));
    expect(mountEditor().result.current.render.renderStatus).toBe('failed');
    expect(mountEditor('other').result.current.render.renderStatus).toBe('idle');
  });

  it('reads the status again when a newer project row disagrees with the cache', async () => {
    seedProject(client, project({ status: 'COMPLETED', output_path: OUTPUT_URL }));
    api.on('GET', STATUS_URL, { status: 200, data: completed() });
    const { result } = mountEditor();
    await advance(0);
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(1);

    // Another tab started a re-render; the list (or the editor's reload) says PROCESSING.
    api.on('GET', STATUS_URL, { status: 200, data: processing(progress(2, 12, 10)) });
    act(() => seedProject(client, project({ status: 'PROCESSING', output_path: OUTPUT_URL })));
    await advance(0);
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(2);
    expect(result.current.render.renderStatus).toBe('rendering');
  });
});

describe('useCancelRender', () => {
  it('asks the server to cancel and shows the cancelled state without an error toast', async () => {
    api.on('GET', STATUS_URL, { status: 200, data: processing() });
    seedProject(client, project({ status: 'PROCESSING' }));
    const { result } = mountEditor();
    await advance(0);
    api.on('POST', CANCEL_URL, { status: 200, data: { message: 'Render cancelled' } });
    api.on('GET', STATUS_URL, { status: 200, data: cancelled() });

    act(() => result.current.cancel());
    await advance(0);

    expect(api.callsTo('POST', CANCEL_URL)).toHaveLength(1);
    expect(result.current.render).toMatchObject({
      renderStatus: 'failed',
      error: 'Stopped at your request',
      errorCode: 'cancelled',
      cancelling: false,
    });
    expect(toast.error).not.toHaveBeenCalled();
  });

  it('says cancelling until the server has answered', async () => {
    api.on('GET', STATUS_URL, { status: 200, data: processing() });
    seedProject(client, project({ status: 'PROCESSING' }));
    const { result } = mountEditor();
    await advance(0);
    api.on('POST', CANCEL_URL, 'pending');
    act(() => result.current.cancel());
    act(() => result.current.cancel());
    await advance(0);
    expect(result.current.render.cancelling).toBe(true);
    expect(result.current.render.renderStatus).toBe('rendering');
    expect(api.callsTo('POST', CANCEL_URL)).toHaveLength(1);
  });

  it('announces no failure for the outcome of its own cancel, whatever the message', async () => {
    api.on('GET', STATUS_URL, { status: 200, data: processing() });
    seedProject(client, project({ status: 'PROCESSING' }));
    const { result } = mountEditor();
    await advance(0);
    api.on('POST', CANCEL_URL, { status: 200, data: { message: 'Render cancelled' } });
    api.on('GET', STATUS_URL, { status: 200, data: failed('Stopped', progress(3, 12, 20), null) });

    act(() => result.current.cancel());
    await advance(0);
    expect(result.current.render.renderStatus).toBe('failed');
    expect(toast.error).not.toHaveBeenCalled();
  });

  it('toasts a 409 and shows what the server says the render did', async () => {
    api.on('GET', STATUS_URL, { status: 200, data: processing() });
    seedProject(client, project({ status: 'PROCESSING' }));
    const { result } = mountEditor();
    await advance(0);
    api.on('POST', CANCEL_URL, { status: 409, data: { error: 'Project is not being rendered', code: 'not_rendering' } });
    api.on('GET', STATUS_URL, { status: 200, data: completed() });

    act(() => result.current.cancel());
    await advance(0);
    expect(toast.error).toHaveBeenCalledWith('Project is not being rendered');
    expect(result.current.render.renderStatus).toBe('completed');
  });
});

describe('a render that ends', () => {
  it('invalidates the project list, so the dashboard shows the new status', async () => {
    api.on('GET', STATUS_URL, { status: 200, data: processing() }, { status: 200, data: completed() });
    seedProject(client, project({ status: 'PROCESSING' }));
    client.setQueryData(queryKeys.projects(), []);
    mountEditor();
    await advance(0);
    expect(client.getQueryState(queryKeys.projects())?.isInvalidated).toBe(false);
    await advance(POLL_INTERVAL_MS);
    expect(client.getQueryState(queryKeys.projects())?.isInvalidated).toBe(true);
  });
});
