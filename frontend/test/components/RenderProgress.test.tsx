import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RenderProgress } from '@/components/RenderProgress';
import { POLL_INTERVAL_MS, useRenderStore } from '@/lib/stores';
import type { FakeApi } from '@/test/helpers/fake-api';
import { OUTPUT, OUTPUT_URL, PID, STATUS_URL, completed, processing, progress } from '@/test/helpers/render-fixtures';
import { endRenderTest, setRender, startRenderTest } from '@/test/helpers/render-store';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn() } }));

let api: FakeApi;

beforeEach(() => {
  api = startRenderTest();
  // Unless a test says otherwise, polling finds the render still going at the same point.
  api.on('GET', STATUS_URL, 'pending');
});

afterEach(() => endRenderTest(api));

describe('RenderProgress', () => {
  it('shows the bar, "Segment 7/12 (58%)", the phase and the time left', () => {
    setRender({
      renderStatus: 'rendering',
      renderProgress: { ...progress(7, 12, 58, 'Applying Ken Burns effect to segment 7 of 12'), eta_seconds: 72 },
    });
    render(<RenderProgress projectId={PID} />);

    expect(screen.getByRole('progressbar', { name: 'Render progress' })).toHaveAttribute('aria-valuenow', '58');
    expect(screen.getByRole('status')).toHaveTextContent('Segment 7/12 (58%)');
    expect(screen.getByText('Applying Ken Burns effect to segment 7 of 12')).toBeInTheDocument();
    expect(screen.getByText('About 1:12 left')).toBeInTheDocument();
  });

  it('says how many clips were reused from the cache', () => {
    setRender({
      renderStatus: 'rendering',
      renderProgress: { ...progress(5, 6, 40, 'Applying Ken Burns effect to segment 5 of 6'), clips_cached: 4, clips_total: 6 },
    });
    render(<RenderProgress projectId={PID} />);
    expect(screen.getByTestId('clips-reused')).toHaveTextContent('4 of 6 clips reused');
  });

  it('estimates the time left from the frame counters when there is no ETA', () => {
    setRender({
      renderStatus: 'rendering',
      renderProgress: { ...progress(12, 12, 90, 'Encoding video'), frames_done: 300, frames_total: 900, fps: 60 },
    });
    render(<RenderProgress projectId={PID} />);

    expect(screen.getByText('About 0:10 left')).toBeInTheDocument();
    expect(screen.getByText(/frame 300\/900 · 60 fps/)).toBeInTheDocument();
  });

  it('says it is waiting while the render is queued without progress', () => {
    setRender({ renderStatus: 'rendering', renderProgress: null });
    render(<RenderProgress projectId={PID} />);
    expect(screen.getByRole('status')).toHaveTextContent('Waiting to start…');
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '0');
  });

  it('shows the failure message when the render fails', () => {
    setRender({ renderStatus: 'failed', error: 'FFmpeg exited with code 1: invalid filter', renderProgress: progress(3, 12, 20) });
    render(<RenderProgress projectId={PID} />);

    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Render failed');
    expect(alert).toHaveTextContent('FFmpeg exited with code 1: invalid filter');
    expect(alert).toHaveTextContent('Stopped at segment 3/12 (20%)');
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('says "Render cancelled" after a cancel', () => {
    setRender({ renderStatus: 'failed', error: 'Cancelled by user' });
    render(<RenderProgress projectId={PID} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Render cancelled');
    expect(screen.getByRole('alert')).not.toHaveTextContent('Render failed');
  });

  it.each(['idle', 'validating', 'completed'] as const)('shows nothing when %s', (renderStatus) => {
    setRender({ renderStatus, outputUrl: renderStatus === 'completed' ? OUTPUT_URL : null });
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
    setRender({ renderStatus: 'rendering' });
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
    setRender({ renderStatus: 'rendering' });
    const { container } = render(<RenderProgress projectId={PID} />);

    await act(() => vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS));
    expect(container).toBeEmptyDOMElement();
    expect(useRenderStore.getState().renders[PID]?.output).toEqual(OUTPUT);
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
    setRender({ renderStatus: 'rendering' });
    render(<RenderProgress projectId={PID} />);

    await act(() => vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS));
    expect(screen.getByRole('status')).toHaveTextContent('Segment 7/12 (58%)');
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '58');
  });

  it('offers "Check again" after losing contact, and resumes', async () => {
    const user = userEvent.setup();
    setRender({ renderStatus: 'rendering', renderProgress: progress(4, 12, 33), pollError: 'Cannot reach the StoryFlow server.' });
    api.on('GET', STATUS_URL, { status: 200, data: processing(progress(5, 12, 41)) });
    render(<RenderProgress projectId={PID} />);

    expect(screen.getByText(/Lost track of the render/)).toHaveTextContent('Cannot reach the StoryFlow server.');
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Check again' }));

    expect(await screen.findByText('Segment 5/12 (41%)')).toBeInTheDocument();
    expect(screen.queryByText(/Lost track of the render/)).not.toBeInTheDocument();
  });
});
