import type { QueryClient } from '@tanstack/react-query';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { VideoPreview } from '@/components/VideoPreview';
import { mutationKeys, queryKeys } from '@/lib/query-keys';
import { nextSnapshot, type RenderSnapshot } from '@/lib/render-state';
import type { FakeApi } from '@/test/helpers/fake-api';
import { renderWithProviders } from '@/test/helpers/providers';
import { endRenderTest, putStatus, seedProject, startRenderTest } from '@/test/helpers/render-cache';
import { OUTPUT, OUTPUT_URL, PID, STATUS_URL, completed, failed, processing, project } from '@/test/helpers/render-fixtures';

const VERSIONED = `${OUTPUT_URL}?v=${encodeURIComponent(OUTPUT.rendered_at)}`;

let api: FakeApi;
let client: QueryClient;
const render = (ui: React.ReactElement) => renderWithProviders(ui, { client });
const setCompleted = () => putStatus(client, completed());

function fact(label: string) {
  const term = screen.getByText(label, { selector: 'dt' });
  return term.nextElementSibling?.textContent;
}

beforeEach(() => {
  ({ api, client } = startRenderTest());
  api.on('GET', STATUS_URL, 'pending');
});

afterEach(() => {
  endRenderTest(api, client);
  window.location.hash = '';
});

describe('VideoPreview', () => {
  it('plays the cache-busted video in a native player', () => {
    setCompleted();
    render(<VideoPreview projectId={PID} />);
    const video = within(screen.getByRole('region', { name: 'Video preview' })).getByText(/cannot play this video/)
      .closest('video');
    expect(video).not.toBeNull();
    expect(video).toHaveAttribute('controls');
    expect(video).toHaveAttribute('src', VERSIONED);
  });

  it('shows duration, file size, resolution and fps', () => {
    setCompleted();
    render(<VideoPreview projectId={PID} />);
    expect(fact('Duration')).toBe('1:23');
    expect(fact('File size')).toBe('12 MB');
    expect(fact('Resolution')).toBe('1920×1080');
    expect(fact('Frame rate')).toBe('30 fps');
  });

  it('downloads final.mp4 through a same-origin download link', () => {
    setCompleted();
    render(<VideoPreview projectId={PID} />);
    const link = screen.getByRole('link', { name: 'Download' });
    expect(link).toHaveAttribute('download', 'final.mp4');
    expect(link).toHaveAttribute('href', VERSIONED);
  });

  it('offers the captions as SRT and VTT downloads and as a default captions track', () => {
    const captions = { srt_url: '/media/projects/p/output/final.srt', vtt_url: '/media/projects/p/output/final.vtt', skipped_segments: [2] };
    putStatus(client, completed({ ...OUTPUT, captions }));
    const { container } = render(<VideoPreview projectId={PID} />);
    const v = `?v=${encodeURIComponent(OUTPUT.rendered_at)}`;
    expect(screen.getByRole('link', { name: 'Download SRT' })).toHaveAttribute('href', `${captions.srt_url}${v}`);
    expect(screen.getByRole('link', { name: 'Download VTT' })).toHaveAttribute('href', `${captions.vtt_url}${v}`);
    const track = container.querySelector('video track');
    expect(track).toHaveAttribute('kind', 'captions');
    expect(track).toHaveAttribute('src', `${captions.vtt_url}${v}`);
    expect(track).toHaveAttribute('default');
    expect(screen.getByText(/No captions for segment 2:/)).toBeInTheDocument();
  });

  it('shows no caption links or track for a render without captions', () => {
    setCompleted();
    const { container } = render(<VideoPreview projectId={PID} />);
    expect(screen.queryByRole('link', { name: 'Download SRT' })).toBeNull();
    expect(container.querySelector('video track')).toBeNull();
  });

  it('loads the new file after a re-render', async () => {
    setCompleted();
    const { container } = render(<VideoPreview projectId={PID} />);
    const before = container.querySelector('video');

    const renderedAt = '2025-02-03T04:05:06.000Z';
    await act(async () => putStatus(client, completed({ ...OUTPUT, rendered_at: renderedAt })));

    const after = container.querySelector('video');
    expect(after).toHaveAttribute('src', `${OUTPUT_URL}?v=${encodeURIComponent(renderedAt)}`);
    expect(after).not.toBe(before);
    expect(screen.getByRole('link', { name: 'Download' })).toHaveAttribute(
      'href',
      `${OUTPUT_URL}?v=${encodeURIComponent(renderedAt)}`,
    );
  });

  it('fills in duration and resolution from the player before the file facts arrive', () => {
    seedProject(client, project({ status: 'COMPLETED', output_path: OUTPUT_URL, updated_at: '2025-01-01T00:00:00.000Z' }));
    const { container } = render(<VideoPreview projectId={PID} />);
    expect(fact('Duration')).toBe('–');

    const video = container.querySelector('video')!;
    Object.defineProperty(video, 'duration', { value: 61.2 });
    Object.defineProperty(video, 'videoWidth', { value: 1280 });
    Object.defineProperty(video, 'videoHeight', { value: 720 });
    fireEvent.loadedMetadata(video);

    expect(fact('Duration')).toBe('1:01');
    expect(fact('Resolution')).toBe('1280×720');
    expect(fact('File size')).toBe('–');
  });

  it.each(['idle', 'validating', 'rendering', 'failed'] as const)('shows nothing while %s (no earlier video)', (renderStatus) => {
    if (renderStatus === 'rendering') putStatus(client, processing());
    else if (renderStatus === 'failed') putStatus(client, failed('boom', null, 'encoder'));
    else seedProject(client, project());
    if (renderStatus === 'validating') {
      void client
        .getMutationCache()
        .build(client, { mutationKey: mutationKeys.startRender(PID), mutationFn: () => new Promise(() => {}) })
        .execute(undefined);
    }
    const { container } = render(<VideoPreview projectId={PID} />);
    expect(container).toBeEmptyDOMElement();
  });

  it('keeps showing the finished video, marked as the previous one, while a re-render runs', async () => {
    setCompleted();
    render(<VideoPreview projectId={PID} />);
    const key = queryKeys.renderStatus(PID);
    await act(async () => {
      client.setQueryData<RenderSnapshot>(key, (done) => nextSnapshot(done, processing()));
    });
    expect(screen.getByRole('heading', { name: 'Previous video' })).toBeInTheDocument();
    expect(screen.getByText('Stays here until the new render is complete.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Download' })).toHaveAttribute('href', VERSIONED);
    expect(fact('Duration')).toBe('1:23');
  });

  it('scrolls itself into view when the page was opened at #preview', () => {
    const scrollIntoView = vi.fn();
    const original = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = scrollIntoView;
    onTestFinished(() => {
      Element.prototype.scrollIntoView = original;
    });
    window.location.hash = '#preview';
    setCompleted();
    render(<VideoPreview projectId={PID} />);
    expect(scrollIntoView).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('region', { name: 'Video preview' })).toHaveAttribute('id', 'preview');
  });
});
