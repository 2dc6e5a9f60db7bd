import type { QueryClient } from '@tanstack/react-query';
import { cleanup } from '@testing-library/react';
import { vi } from 'vitest';
import { makeQueryClient } from '@/lib/query-client';
import { queryKeys } from '@/lib/query-keys';
import { seedRenderStatus } from '@/lib/render-queries';
import { nextSnapshot, type RenderSeed } from '@/lib/render-state';
import type { RenderStatusResponse } from '@storyflow/contract';
import { installFakeApi, type FakeApi } from '@/test/helpers/fake-api';
import { PID } from '@/test/helpers/render-fixtures';

/** Puts a status answer for project PID into the cache, as if GET /status/ had just said it. */
export function putStatus(client: QueryClient, status: RenderStatusResponse): void {
  client.setQueryData(queryKeys.renderStatus(PID), nextSnapshot(undefined, status));
}

/** What loading a project (list or editor) does before the render components mount. */
export function seedProject(client: QueryClient, project: RenderSeed): void {
  seedRenderStatus(client, project);
}

/** Before a render component test: a fresh query cache and a fresh fake API. */
export function startRenderTest(): { api: FakeApi; client: QueryClient } {
  return { api: installFakeApi(), client: makeQueryClient() };
}

/** After it: unmount first, so clearing the cache does not update mounted components outside act(). */
export function endRenderTest(api: FakeApi, client: QueryClient): void {
  cleanup();
  client.clear();
  api.restore();
  vi.useRealTimers();
}
