import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Tests read the contract's sources, so they never run against a stale contract/dist. */
const contractSource = fileURLToPath(new URL('./contract/src/index.ts', import.meta.url));

/**
 * One Vitest run covers the whole product. Projects: backend (node), frontend (jsdom,
 * own config in frontend/), e2e (real app in real Chromium, one file at a time).
 */
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias: { '@storyflow/contract': contractSource } },
        test: {
          name: 'backend',
          sequence: { groupOrder: 0 },
          root: './backend',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      './frontend/vitest.config.ts',
      {
        test: {
          name: 'e2e',
          // After the other projects: the browser journey renders real video and should
          // not share two cores with the backend's FFmpeg tests.
          sequence: { groupOrder: 1 },
          root: './e2e',
          include: ['**/*.e2e.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 600_000,
          // expect.poll's default 1 s is too short for a page reload or a first play on a
          // loaded shared machine (load average 20 seen: story.e2e failed there, passed when
          // quiet). A longer wait changes nothing for a poll that passes, only when it fails.
          expect: { poll: { timeout: 20_000 } },
        },
      },
    ],
  },
});
