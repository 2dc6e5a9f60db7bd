import { act, renderHook, screen } from '@testing-library/react';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ConnectionBanner } from '@/components/ConnectionBanner';
import { useSegmentAutosave } from '@/hooks/use-segment-autosave';
import { getSystemInfo } from '@/lib/api';
import { reportRequestOutcome, useConnectionStore } from '@/lib/connection';
import { makeQueryClient } from '@/lib/query-client';
import { installFakeApi, type FakeApi } from '@/test/helpers/fake-api';
import { makeSegment } from '@/test/helpers/fixtures';
import { renderWithProviders } from '@/test/helpers/providers';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn(), info: vi.fn() } }));

let api: FakeApi;
beforeEach(() => {
  api = installFakeApi();
  useConnectionStore.setState({ reachable: true });
});
afterEach(() => {
  api.restore();
  vi.useRealTimers();
});

function SystemLine() {
  const system = useQuery({ queryKey: ['system'], queryFn: () => getSystemInfo() });
  return <p>{system.data ? 'tools known' : system.isError ? 'no tools info' : 'loading'}</p>;
}

describe('ConnectionBanner', () => {
  it('says Reconnecting… when the API is away, and when it answers again goes and re-reads the page', async () => {
    vi.useFakeTimers();
    api.on('GET', '/system/', 'network-error', { status: 200, data: { ffmpeg: null } });
    // The first check still finds the forwarder's 502; the second reaches the API.
    api.on('GET', '/settings/', { status: 502, data: { error: 'away', code: 'api_unreachable' } }, { status: 200, data: {} });
    renderWithProviders(
      <>
        <SystemLine />
        <ConnectionBanner />
      </>,
    );
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(screen.getByText('Reconnecting…')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Reconnecting…');
    expect(screen.getByText('no tools info')).toBeInTheDocument();

    // Back-off: a check after 1 s (still away), the next 2 s later (back).
    await act(() => vi.advanceTimersByTimeAsync(999));
    expect(api.callsTo('GET', '/settings/')).toHaveLength(0);
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(api.callsTo('GET', '/settings/')).toHaveLength(1);
    expect(screen.getByText('Reconnecting…')).toBeInTheDocument();
    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(api.callsTo('GET', '/settings/')).toHaveLength(2);
    expect(screen.queryByText('Reconnecting…')).not.toBeInTheDocument();

    // Queries on screen are read again without a reload.
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(api.callsTo('GET', '/system/')).toHaveLength(2);
    expect(screen.getByText('tools known')).toBeInTheDocument();
  });

  it('stays hidden while the API answers, even with errors', async () => {
    api.on('GET', '/system/', { status: 500, data: { error: 'boom', code: 'internal_error' } });
    renderWithProviders(
      <>
        <SystemLine />
        <ConnectionBanner />
      </>,
    );
    expect(await screen.findByText('no tools info')).toBeInTheDocument();
    expect(screen.queryByText('Reconnecting…')).not.toBeInTheDocument();
  });
});

describe('autosave after a reconnect', () => {
  it('sends the waiting edit as soon as the server is back, not at the end of its back-off', async () => {
    vi.useFakeTimers();
    const saved = makeSegment({ text_content: 'Kept through the outage' });
    api.on('PATCH', '/segments/seg-1/', 'network-error', { status: 200, data: saved });
    const client = makeQueryClient();
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
    const onSaved = vi.fn();
    const { result } = renderHook(() => useSegmentAutosave('seg-1', onSaved, 10), { wrapper });

    act(() => result.current.queue({ text_content: 'Kept through the outage' }));
    await act(() => vi.advanceTimersByTimeAsync(10));
    expect(api.callsTo('PATCH', '/segments/seg-1/')).toHaveLength(1);
    expect(result.current.status).toBe('retrying');
    expect(useConnectionStore.getState().reachable).toBe(false);

    // Another request (the banner's check) reaches the API; the retry timer (1 s) has not fired.
    act(() => reportRequestOutcome(null));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(api.callsTo('PATCH', '/segments/seg-1/')).toHaveLength(2);
    expect(api.callsTo('PATCH', '/segments/seg-1/')[1]?.body).toEqual({ text_content: 'Kept through the outage' });
    expect(onSaved).toHaveBeenCalledWith(saved);
    expect(result.current.status).toBe('saved');
  });
});
