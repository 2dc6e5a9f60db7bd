import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { VideoPreview } from '@/components/VideoPreview';
import { useRenderStore, type ProjectRender } from '@/lib/stores';
import { OUTPUT, OUTPUT_URL, PID } from '@/test/helpers/render-fixtures';
import { setRender } from '@/test/helpers/render-store';

const COMPLETED: Partial<ProjectRender> = {
  renderStatus: 'completed',
  outputUrl: OUTPUT_URL,
  output: OUTPUT,
  outputVersion: OUTPUT.rendered_at,
};
const VERSIONED = `${OUTPUT_URL}?v=${encodeURIComponent(OUTPUT.rendered_at)}`;

function fact(label: string) {
  const term = screen.getByText(label, { selector: 'dt' });
  return term.nextElementSibling?.textContent;
}

beforeEach(() => useRenderStore.getState().resetRenderState());

afterEach(() => {
  window.location.hash = '';
});

describe('VideoPreview', () => {
  it('plays the cache-busted video in a native player', () => {
    setRender(COMPLETED);
    render(<VideoPreview projectId={PID} />);
    const video = within(screen.getByRole('region', { name: 'Video preview' })).getByText(/cannot play this video/)
      .closest('video');
    expect(video).not.toBeNull();
    expect(video).toHaveAttribute('controls');
    expect(video).toHaveAttribute('src', VERSIONED);
  });

  it('shows duration, file size, resolution and fps', () => {
    setRender(COMPLETED);
    render(<VideoPreview projectId={PID} />);
    expect(fact('Duration')).toBe('1:23');
    expect(fact('File size')).toBe('12 MB');
    expect(fact('Resolution')).toBe('1920×1080');
    expect(fact('Frame rate')).toBe('30 fps');
  });

  it('downloads final.mp4 through a same-origin download link', () => {
    setRender(COMPLETED);
    render(<VideoPreview projectId={PID} />);
    const link = screen.getByRole('link', { name: 'Download' });
    expect(link).toHaveAttribute('download', 'final.mp4');
    expect(link).toHaveAttribute('href', VERSIONED);
  });

  it('loads the new file after a re-render', () => {
    setRender(COMPLETED);
    const { container } = render(<VideoPreview projectId={PID} />);
    const before = container.querySelector('video');

    const renderedAt = '2025-02-03T04:05:06.000Z';
    act(() => setRender({ ...COMPLETED, output: { ...OUTPUT, rendered_at: renderedAt }, outputVersion: renderedAt }));

    const after = container.querySelector('video');
    expect(after).toHaveAttribute('src', `${OUTPUT_URL}?v=${encodeURIComponent(renderedAt)}`);
    expect(after).not.toBe(before);
    expect(screen.getByRole('link', { name: 'Download' })).toHaveAttribute(
      'href',
      `${OUTPUT_URL}?v=${encodeURIComponent(renderedAt)}`,
    );
  });

  it('fills in duration and resolution from the player before the file facts arrive', () => {
    setRender({ ...COMPLETED, output: null, outputVersion: '2025-01-01T00:00:00.000Z' });
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

  it.each(['idle', 'validating', 'rendering', 'failed'] as const)('shows nothing while %s', (renderStatus) => {
    setRender({ renderStatus });
    const { container } = render(<VideoPreview projectId={PID} />);
    expect(container).toBeEmptyDOMElement();
  });

  it('scrolls itself into view when the page was opened at #preview', () => {
    const scrollIntoView = vi.fn();
    const original = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = scrollIntoView;
    onTestFinished(() => {
      Element.prototype.scrollIntoView = original;
    });
    window.location.hash = '#preview';
    setRender(COMPLETED);
    render(<VideoPreview projectId={PID} />);
    expect(scrollIntoView).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('region', { name: 'Video preview' })).toHaveAttribute('id', 'preview');
  });
});
