import '@/test/helpers/dom-polyfills';
import type { QueryClient } from '@tanstack/react-query';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { toast } from 'sonner';
import { RenderPanel } from '@/components/RenderPanel';
import { VideoPreview } from '@/components/VideoPreview';
import { POLL_INTERVAL_MS } from '@/lib/render-state';
import type { Project } from '@storyflow/contract';
import type { FakeApi } from '@/test/helpers/fake-api';
import { renderWithProviders } from '@/test/helpers/providers';
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
import { endRenderTest, seedProject, startRenderTest } from '@/test/helpers/render-cache';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn() } }));

const SEGMENTS = [segment(0), segment(1)];

/** The footer controls and the preview, as the editor places them. */
function Editor({ p }: { p: Project }) {
  return (
    <>
      <VideoPreview projectId={p.id} />
      <RenderPanel projectId={p.id} segments={SEGMENTS} />
    </>
  );
}
let api: FakeApi;
let client: QueryClient;

/** Opens the editor on project `p`: its load seeds the render status first. */
function render(ui: React.ReactElement<{ p: Project }>) {
  seedProject(client, ui.props.p);
  return renderWithProviders(ui, { client });
}

beforeEach(() => {
  vi.mocked(toast.success).mockClear();
  ({ api, client } = startRenderTest());
});

afterEach(() => endRenderTest(api, client));

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

  it('keeps the old video on screen while a re-render runs, then shows the new one', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const renderedAt = '2025-03-01T00:00:00.000Z';
    api.on('GET', STATUS_URL, { status: 200, data: completed() });
    render(<Editor p={project({ status: 'COMPLETED', output_path: OUTPUT_URL })} />);
    await act(() => vi.advanceTimersByTimeAsync(0));
    const oldSrc = `${OUTPUT_URL}?v=${encodeURIComponent(OUTPUT.rendered_at)}`;

    api.on('POST', RENDER_URL, { status: 202, data: ACCEPTED });
    api.on('GET', STATUS_URL, { status: 200, data: processing(progress(2, 12, 15)) }, { status: 200, data: completed({ ...OUTPUT, rendered_at: renderedAt }) });
    await user.click(screen.getByRole('button', { name: 'More export options' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Re-Render' }));

    expect(await screen.findByText('Segment 2/12 (15%)')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Previous video' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Download' })).toHaveAttribute('href', oldSrc);

    await act(() => vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS));
    expect(screen.getByRole('heading', { name: 'Your video' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Download' })).toHaveAttribute('href', `${OUTPUT_URL}?v=${encodeURIComponent(renderedAt)}`);
  });
});
