import { ApiError } from '@/lib/api';
import { meansServerAway, onReconnect, reportRequestOutcome, useConnectionStore } from '@/lib/connection';

beforeEach(() => useConnectionStore.setState({ reachable: true }));

describe('meansServerAway', () => {
  it('is true for no answer, the forwarder\'s api_unreachable and a bare gateway error', () => {
    expect(meansServerAway(new ApiError({ status: 0, error: 'Network Error' }))).toBe(true);
    expect(meansServerAway(new ApiError({ status: 502, error: 'x', code: 'api_unreachable' }))).toBe(true);
    expect(meansServerAway(new ApiError({ status: 504, error: 'Gateway Timeout' }))).toBe(true);
  });

  it('is false for answers of a present server and for requests the page cancelled', () => {
    expect(meansServerAway(new ApiError({ status: 400, error: 'bad', code: 'validation_failed' }))).toBe(false);
    expect(meansServerAway(new ApiError({ status: 404, error: 'Not found', code: 'project_not_found' }))).toBe(false);
    expect(meansServerAway(new ApiError({ status: 500, error: 'boom', code: 'internal_error' }))).toBe(false);
    expect(meansServerAway(new ApiError({ status: 0, error: 'Request cancelled', aborted: true }))).toBe(false);
  });
});

describe('reportRequestOutcome', () => {
  it('goes away on an unreachable failure and back on the next answer, telling reconnect listeners once', () => {
    const reconnected = vi.fn();
    const stop = onReconnect(reconnected);
    reportRequestOutcome(new ApiError({ status: 502, error: 'x', code: 'api_unreachable' }));
    expect(useConnectionStore.getState().reachable).toBe(false);
    reportRequestOutcome(new ApiError({ status: 0, error: 'Network Error' }));
    expect(reconnected).not.toHaveBeenCalled();

    reportRequestOutcome(new ApiError({ status: 409, error: 'locked', code: 'segment_locked' }));
    expect(useConnectionStore.getState().reachable).toBe(true);
    reportRequestOutcome(null);
    expect(reconnected).toHaveBeenCalledTimes(1);
    stop();
  });
});
