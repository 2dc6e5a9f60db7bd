'use client';

import { useEffect } from 'react';

/** "<page> — StoryFlow", so a tab or history entry names what is open. */
export function pageTitle(page: string): string {
  return `${page} — StoryFlow`;
}

/**
 * Sets the tab's title while the component is shown. The editor's title depends on data
 * fetched in the browser, so Next's static metadata cannot carry it; the previous title
 * comes back on unmount so in-app navigation does not leave a stale name behind.
 */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    if (title === null) return;
    const previous = document.title;
    document.title = title;
    return () => {
      document.title = previous;
    };
  }, [title]);
}
