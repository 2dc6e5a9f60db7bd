import { render } from '@testing-library/react';
import { PREFETCH_DELAY_MS, PrefetchLater } from '@/components/PrefetchLater';

const prefetch = vi.fn();
vi.mock('next/navigation', () => ({ useRouter: () => ({ prefetch }) }));

beforeEach(() => {
  vi.useFakeTimers();
  prefetch.mockClear();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('PrefetchLater (issue 14)', () => {
  it('prefetches the page only once the opening page has had its moment, when the browser is idle', () => {
    let idle: (() => void) | undefined;
    vi.stubGlobal('requestIdleCallback', (callback: () => void) => {
      idle = callback;
      return 1;
    });
    vi.stubGlobal('cancelIdleCallback', vi.fn());
    render(<PrefetchLater href="/" />);
    vi.advanceTimersByTime(PREFETCH_DELAY_MS - 1);
    expect(idle).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(prefetch).not.toHaveBeenCalled();
    idle?.();
    expect(prefetch).toHaveBeenCalledExactlyOnceWith('/');
  });

  it('prefetches after the pause where the browser has no idle callbacks', () => {
    vi.stubGlobal('requestIdleCallback', undefined);
    render(<PrefetchLater href="/" />);
    vi.advanceTimersByTime(PREFETCH_DELAY_MS);
    expect(prefetch).toHaveBeenCalledExactlyOnceWith('/');
  });

  it('prefetches nothing when the page is left before', () => {
    const { unmount } = render(<PrefetchLater href="/" />);
    unmount();
    vi.advanceTimersByTime(PREFETCH_DELAY_MS * 2);
    expect(prefetch).not.toHaveBeenCalled();
  });
});
