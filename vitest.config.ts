import { defineConfig } from 'vitest/config';

/**
 * One Vitest run covers the whole product. Projects: backend (node), frontend (jsdom,
 * own config in frontend/), e2e (real app in real Chromium, one file at a time).
 */
export default defineConfig({
  test: {
    projects: [
      {
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
        },
      },
    ],
  },
});
