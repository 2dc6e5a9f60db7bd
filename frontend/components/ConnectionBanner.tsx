'use client';

import { LoaderCircleIcon } from 'lucide-react';
import { useConnection } from '@/hooks/use-connection';

/**
 * "Reconnecting…" while the API server does not answer. The page keeps working on what
 * it has; edits wait in their autosave and are sent when the server is back.
 */
export function ConnectionBanner() {
  const { reachable } = useConnection();
  return (
    // The live region stays mounted so screen readers announce the banner when it appears.
    <div role="status" aria-live="polite">
      {!reachable && (
        <div
          data-testid="connection-banner"
          className="fixed inset-x-0 top-14 z-40 flex justify-center px-4 pt-2 pointer-events-none"
        >
          <p className="pointer-events-auto flex max-w-full items-center gap-2 rounded-full border border-amber-300 bg-amber-50 px-4 py-1.5 text-sm text-amber-900 shadow-md">
            <LoaderCircleIcon aria-hidden="true" className="size-4 shrink-0 motion-safe:animate-spin" />
            <span>
              <strong className="font-semibold">Reconnecting…</strong>{' '}
              <span className="text-amber-800">The StoryFlow server is not answering; your edits are kept.</span>
            </span>
          </p>
        </div>
      )}
    </div>
  );
}
