'use client';

import type { ReactNode } from 'react';
import { useAfterFirstPaint } from '@/hooks/use-after-first-paint';

/** Its children, drawn after the page around them has painted (hooks/use-after-first-paint.ts). */
export function AfterFirstPaint({ children }: { children: ReactNode }) {
  return useAfterFirstPaint() ? children : null;
}
