'use client';

import { RefreshCwIcon, TriangleAlertIcon } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { getRenderStatus } from '@/lib/api';
import { useProjectRender, useStartRender } from '@/hooks/use-render';

type RenderOutdatedNoticeProps = {
  projectId: string;
  /** Anything whose change may make the video stale (the segments, the project's settings): a new value re-checks. */
  revision: unknown;
  /** Waits this long after the last change before asking the server. */
  checkDelayMs?: number;
};

/**
 * "Video out of date — Re-render" (SPEC §7.1): shown while the project's video no longer
 * matches its segments, media, order or settings. The server decides (`output_stale`);
 * this asks it again shortly after every change and after each render.
 */
export function RenderOutdatedNotice({ projectId, revision, checkDelayMs = 800 }: RenderOutdatedNoticeProps) {
  const [stale, setStale] = useState(false);
  const render = useProjectRender(projectId);
  const { start } = useStartRender(projectId);
  const rendering = render.renderStatus === 'validating' || render.renderStatus === 'rendering';

  useEffect(() => {
    if (rendering) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      getRenderStatus(projectId, { signal: controller.signal })
        .then((s) => setStale(s.output_stale))
        // Only a hint: a failed check leaves the notice as it was.
        .catch(() => undefined);
    }, checkDelayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [projectId, revision, rendering, render.outputVersion, checkDelayMs]);

  if (!stale || rendering) return null;
  return (
    <div
      role="status"
      data-testid="render-outdated"
      className="mb-6 flex flex-wrap items-center gap-3 rounded-xl border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-800"
    >
      <TriangleAlertIcon className="size-4 shrink-0" aria-hidden />
      <span className="flex-1">Video out of date — the story changed after the last render.</span>
      <Button size="sm" variant="outline" onClick={() => void start({ force: true })}>
        <RefreshCwIcon />
        Re-render
      </Button>
    </div>
  );
}
