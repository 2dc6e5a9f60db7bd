'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/**
 * How long after the page's scripts start that a link's page is fetched ahead of a click.
 * Next prefetches a visible link's page as soon as the page has hydrated: for the editor's
 * links back to the projects, those requests (two), their answers and the dashboard's scripts
 * fell in the very moment the editor drew its first cards (issue 14: a long story
 * interactive in ≤ 1 s; with that request blocked, opens were ~150 ms sooner: medians of 6,
 * load 3.5–7).
 */
export const PREFETCH_DELAY_MS = 3000;

/**
 * Prefetches `href` once the page has had time to open, when the browser is next idle. For
 * links rendered with `prefetch={false}`, so that going there is still instant later.
 */
export function PrefetchLater({ href }: { href: string }) {
  const router = useRouter();
  useEffect(() => {
    const timer = window.setTimeout(() => {
      // Safari has no requestIdleCallback: there, right away.
      if (typeof window.requestIdleCallback !== 'function') {
        router.prefetch(href);
        return;
      }
      const idle = window.requestIdleCallback(() => router.prefetch(href));
      // Bound now: the window's own, even if something replaces it before the page is left.
      const cancelIdle = window.cancelIdleCallback.bind(window);
      cancel = () => cancelIdle(idle);
    }, PREFETCH_DELAY_MS);
    let cancel = () => window.clearTimeout(timer);
    return () => cancel();
  }, [router, href]);
  return null;
}
