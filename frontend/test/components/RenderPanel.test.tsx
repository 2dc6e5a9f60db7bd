import '@/test/helpers/dom-polyfills';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { toast } from 'sonner';
import { RenderPanel } from '@/components/RenderPanel';
import { VideoPreview } from '@/components/VideoPreview';
import { POLL_INTERVAL_MS } from '@/lib/stores';
import type { Project } from '@storyflow/contract';
import type { FakeApi } from '@/test/helpers/fake-api';
import {
  ACCEPTED,
  OUTPUT,
  OUTPUT_URL,
  RENDER_URL,
  STATUS_URL,
  completed,
  processing,
  progress,
  project,
  segment,
} from '@/test/helpers/render-fixtures';
import { endRenderTest, startRenderTest } from '@/test/helpers/render-store';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn() } }));

const SEGMENTS = [segment(0), segment(1)];

/** The footer controls and the preview, as the editor places them. */
function Editor({ p }: { p: Project }) {
  return (
    <>
      <VideoPreview projectId={p.id} />
      <RenderPanel project={p} segments={SEGMENTS} />
    </>
  );
}
let api: FakeApi;

beforeEach(() => {
  vi.mocked(toast.success).mockClear();
  api = startRenderTest();
});

afterEach(() => endRenderTest(api));

describe('RenderPanel', () => {
  it('resumes polling when it opens a PROCESSING project', async () => {
    api.on('GET', STATUS_URL, { status: 200, data: processing(progress(4, 12, 30)) });
    render(<Editor p={project({ status: 'PROCESSING' })} />);

    expect(screen.getByRole('button', { name: 'Rendering…' })).toBeDisabled();
    expect(await screen.findByText('Segment 4/12 (30%)')).toBeInTheDocument();
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(1);
  });

  it('shows the video at once when it opens a COMPLETED project', () => {
    api.on('GET', STATUS_URL, 'pending');
    render(
      <Editor p={project({ status: 'COMPLETED', output_path: OUTPUT_URL, updated_at: '2025-01-05T00:00:00.000Z' })} />,
    );

    expect(screen.getByRole('region', { name: 'Video preview' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Download' })).toHaveAttribute(
      'href',
      `${OUTPUT_URL}?v=${encodeURIComponent('2025-01-05T00:00:00.000Z')}`,
    );
    expect(screen.getByRole('button', { name: 'Download Video' })).toBeEnabled();
  });

  it('shows the last failure when it opens a FAILED project', () => {
    render(
      <Editor p={project({ status: 'FAILED', render_error: 'Render interrupted: the server stopped' })} />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Render interrupted: the server stopped');
    expect(screen.getByRole('button', { name: 'Retry Render' })).toBeEnabled();
    expect(api.calls).toHaveLength(0);
  });

  it('stops polling when the editor unmounts', async () => {
    vi.useFakeTimers();
    api.on('GET', STATUS_URL, { status: 200, data: processing() });
    const view = render(<Editor p={project({ status: 'PROCESSING' })} />);
    await act(() => vi.advanceTimersByTimeAsync(0));
    view.unmount();
    await act(() => vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 5));
    expect(api.callsTo('GET', STATUS_URL)).toHaveLength(1);
  });

  it('goes from Export Video through progress to the preview', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    api.on('POST', RENDER_URL, { status: 202, data: ACCEPTED });
    api.on(
      'GET',
      STATUS_URL,
      { status: 200, data: processing(progress(7, 12, 58)) },
      { status: 200, data: completed() },
    );
    render(<Editor p={project()} />);
    expect(screen.queryByRole('region', { name: 'Video preview' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Export Video' }));
    expect(await screen.findByText('Segment 7/12 (58%)')).toBeInTheDocument();

    await act(() => vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS));
    expect(screen.getByRole('region', { name: 'Video preview' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download Video' })).toBeEnabled();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Download' })).toHaveAttribute(
      'href',
      `${OUTPUT_URL}?v=${encodeURIComponent(OUTPUT.rendered_at)}`,
    );
    expect(toast.success).toHaveBeenCalledWith('Your video is ready');
  });
});
