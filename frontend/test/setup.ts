import '@testing-library/jest-dom/vitest';
import { notifyManager } from '@tanstack/react-query';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// TanStack Query batches its notifications in a setTimeout(0); in a microtask instead, a
// test with fake timers sees a settled request without advancing the clock once more.
notifyManager.setScheduler(queueMicrotask);

afterEach(() => cleanup());
