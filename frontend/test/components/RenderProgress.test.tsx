import type { QueryClient } from '@tanstack/react-query';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RenderProgress } from '@/components/RenderProgress';
import { queryKeys } from '@/lib/query-keys';
import { POLL_INTERVAL_MS, type RenderSnapshot } from '@/lib/render-state';
import type { FakeApi } from '@/test/helpers/fake-api';
import { renderWithProviders } from '@/test/helpers/providers';
import { endRenderTest, putStatus, seedProject, startRenderTest } from '@/test/helpers/render-cache';
import {
  OUTPUT,
  PID,
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

const render = (ui: React.ReactElement) => renderWithProviders(ui, { client });

beforeEach(() => {
  ({ api, client } = startRenderTest());
  // Unless a test says otherwise, polling finds the render still going at the same point.
  api.on('GET', STATUS_URL, 'pending');
});

afterEach(() => endRenderTest(api, client));

describe('RenderProgress', () => {
  it('shows the bar, "Segment 7/12 (58%)", the phase and the time left', () => {
    putStatus(client, processing({ ...progress(7, 12, 58, 'Applying Ken Burns effect to segment 7 of 12'), eta_seconds: 72 }));
    render(<RenderProgress projectId={PID} />);

    expect(screen.getByRole('progressbar', { name: 'Render progress' })).toHaveAttribute('aria-valuenow', '58');
    expect(screen.getByRole('status')).toHaveTextContent('Segment 7/12 (58%)');
    expect(screen.getByText('Applying Ken Burns effect to segment 7 of 12')).toBeInTheDocument();
    expect(screen.getByText('About 1:12 left')).toBeInTheDocument();
  });

  it('says how many clips were reused from the cache', () => {
    putStatus(client, processing({ ...progress(5, 6, 40, 'Applying Ken Burns effect to segment 5 of 6'), clips_cached: 4, clips_total: 6 }));
    render(<RenderProgress projectId={PID} />);
    expect(screen.getByTestId('clips-reused')).toHaveTextContent('4 of 6 clips reused');
  });

  it('estimates the time left from the frame counters when there is no ETA', () => {
    putStatus(client, processing({ ...progress(12, 12, 90, 'Encoding video'), frames_done: 300, frames_total: 900, fps: 60 }));
    render(<RenderProgress projectId={PID} />);

    expect(screen.getByText('About 0:10 left')).toBeInTheDocument();
    expect(screen.getByText(/frame 300\/900 · 60 fps/)).toBeInTheDocument();
  });

  it('says it is waiting while the render is queued without progress', () => {
    putStatus(client, processing(null));
    render(<RenderProgress projectId={PID} />);
    expect(screen.getByRole('status')).toHaveTextContent('Waiting to start…');
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '0');
  });

  it('shows the failure message when the render fails', () => {
    putStatus(client, failed('FFmpeg exited with code 1: invalid filter', progress(3, 12, 20), 'encoder'));
    render(<RenderProgress projectId={PID} />);

    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Render failed');
    expect(alert).toHaveTextContent('FFmpeg exited with code 1: invalid filter');
    expect(alert).toHaveTextContent('Stopped at segment 3/12 (20%)');
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('says "Render cancelled" after a cancel', () => {
    putStatus(client, cancelled(null));
    render(<RenderProgress projectId={PID} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Render cancelled');
    expect(screen.getByRole('alert')).not.toHaveTextContent('Render failed');
  });

  it.each(['idle', 'validating', 'completed'] as const)('shows nothing when %s', (renderStatus) => {
    if (renderStatus === 'completed') putStatus(client, completed());
    else seedProject(client, project());
    if (renderStatus === 'validating') {
      void client
        .getMutationCache()
        .build(client, { mutationKey: ['start-render', PID], mutationFn: () => new Promise(() => {}) })
        .execute(undefined);
    }
    const { container } = render(<RenderProgress projectId={PID} />);
    expect(container).toBeEmptyDOMElement();
  });

  it('polls every 3 s while rendering, updates live and stops when it leaves the page', async () => {
    vi.useFakeTimers();
    api.on(
      'GET',
      STATUS_URL,
      { status: 200, data: processing(progress(2, 12, 10)) },
      { status: 200, data: processing(progress(7, 12, 58)) },
      { status: 200, data: processing(progress(8, 12, 66)) },
    );
    seedProject(client, project({ status: 'PROCESSING' }));
    const view = render(<RenderProgress projectId={PID} />);

    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(screen.getByRole('status')).toHaveTextContent('Segment 2/12 (10%)');
    await act(() => vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS));
    expect(screen.getByRole('status')).toHaveTextContent('Segment 7/12 (58%)');
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(2);

    view.unmount();
    await act(() => vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 4));
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(2);
  });

  it('stops polling and disappears once the render completes', async () => {
    vi.useFakeTimers();
    api.on('GET', STATUS_URL, { status: 200, data: processing(progress(11, 12, 95)) }, { status: 200, data: completed() });
    seedProject(client, project({ status: 'PROCESSING' }));
    const { container } = render(<RenderProgress projectId={PID} />);

    await act(() => vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS));
    expect(container).toBeEmptyDOMElement();
    expect(client.getQueryData<RenderSnapshot>(queryKeys.renderStatus(PID))?.output).toEqual(OUTPUT);
    await act(() => vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 3));
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(2);
  });

  it('never shows the percentage going backwards', async () => {
    vi.useFakeTimers();
    api.on(
      'GET',
      STATUS_URL,
      { status: 200, data: processing(progress(7, 12, 58)) },
      { status: 200, data: processing(progress(7, 12, 55, 'Encoding video')) },
    );
    seedProject(client, project({ status: 'PROCESSING' }));
    render(<RenderProgress projectId={PID} />);

    await act(() => vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS));
    expect(screen.getByRole('status')).toHaveTextContent('Segment 7/12 (58%)');
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '58');
  });

  it('offers "Check again" after losing contact, and resumes', async () => {
    const user = userEvent.setup();
    putStatus(client, processing(progress(4, 12, 33)));
    api.on('GET', STATUS_URL, 'network-error', { status: 200, data: processing(progress(5, 12, 41)) });
    render(<RenderProgress projectId={PID} />);

    expect(await screen.findByText(/Lost track of the render/)).toHaveTextContent('Cannot reach the StoryFlow server.');
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Check again' }));

    expect(await screen.findByText('Segment 5/12 (41%)')).toBeInTheDocument();
    expect(screen.queryByText(/Lost track of the render/)).not.toBeInTheDocument();
  });

  it('reads "Preparing…" before the first segment, not "Segment 0/6"', () => {
    putStatus(client, processing(progress(0, 6, 0, 'Waiting for 1 task(s) ahead')));
    render(<RenderProgress projectId={PID} />);
    expect(screen.getByRole('status')).toHaveTextContent('Preparing…');
    expect(screen.getByRole('status')).not.toHaveTextContent('Segment 0/6');
    expect(screen.getByText('Waiting for 1 task(s) ahead')).toBeInTheDocument();
  });

  it('hides the time left until a tenth of the frames are done', async () => {
    putStatus(client, processing({ ...progress(1, 6, 3), frames_done: 40, frames_total: 1500, fps: 3, eta_seconds: 492 }));
    render(<RenderProgress projectId={PID} />);
    expect(screen.queryByText(/left/)).not.toBeInTheDocument();

    await act(async () => putStatus(client, processing({ ...progress(2, 6, 20), frames_done: 300, frames_total: 1500, fps: 30, eta_seconds: 40 })));
    expect(screen.getByText('About 0:40 left')).toBeInTheDocument();
  });

  it('says nothing about where a cancelled render stopped before it drew a segment', () => {
    putStatus(client, cancelled(progress(0, 6, 0, 'Starting render')));
    render(<RenderProgress projectId={PID} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Render cancelled');
    expect(screen.getByRole('alert')).not.toHaveTextContent('Stopped at');
  });

  it('treats a failure as a failure whatever its text, unless its code says cancelled', () => {
    putStatus(client, failed('Stopped at your request', null, 'interrupted'));
    render(<RenderProgress projectId={PID} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Render failed');
  });
});
