import { cleanup } from '@testing-library/react';
import { vi } from 'vitest';
import { IDLE_RENDER, useRenderStore, type ProjectRender } from '@/lib/stores';
import { installFakeApi, type FakeApi } from '@/test/helpers/fake-api';
import { PID } from '@/test/helpers/render-fixtures';

/** Puts project PID's render state at idle plus `patch`. */
export function setRender(patch: Partial<ProjectRender>): void {
  useRenderStore.setState({ renders: { [PID]: { ...IDLE_RENDER, ...patch } } });
}

/** Before a render component test: an idle render store and a fresh fake API. */
export function startRenderTest(): FakeApi {
  useRenderStore.getState().resetRenderState();
  return installFakeApi();
}

/** After it: unmount first, so resetting the store does not update mounted components outside act(). */
export function endRenderTest(api: FakeApi): void {
  cleanup();
  useRenderStore.getState().resetRenderState();
  api.restore();
  vi.useRealTimers();
}
