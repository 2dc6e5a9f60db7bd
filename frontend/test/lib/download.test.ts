import { toast } from 'sonner';
import { downloadVideo } from '@/lib/download';
import { OUTPUT, OUTPUT_URL } from '@/test/helpers/render-fixtures';
import { withCacheBust } from '@/lib/utils';

vi.mock('sonner', () => ({ toast: { error: vi.fn() } }));

describe('downloadVideo', () => {
  it('clicks a same-origin link that downloads final.mp4 with the cache-busting version', () => {
    const clicked: HTMLAnchorElement[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });

    downloadVideo(withCacheBust(OUTPUT_URL, OUTPUT.rendered_at));

    expect(clicked).toHaveLength(1);
    expect(clicked[0]?.getAttribute('download')).toBe('final.mp4');
    expect(clicked[0]?.getAttribute('href')).toBe(`${OUTPUT_URL}?v=${encodeURIComponent(OUTPUT.rendered_at)}`);
    expect(clicked[0]?.isConnected).toBe(false);
    click.mockRestore();
  });

  it('toasts when there is nothing to download', () => {
    downloadVideo(null);
    expect(toast.error).toHaveBeenCalledWith('There is no finished video to download yet.');
  });
});
