'use client';

import { useEffect } from 'react';
import { RenderButton } from '@/components/RenderButton';
import { RenderProgress } from '@/components/RenderProgress';
import { useRenderStore } from '@/lib/stores';
import type { Project, Segment } from '@storyflow/contract';
import { cn } from '@/lib/utils';

type RenderPanelProps = {
  project: Pick<Project, 'id' | 'status' | 'output_path' | 'render_error' | 'updated_at'>;
  segments: readonly Pick<Segment, 'id' | 'image_file' | 'audio_file'>[];
  className?: string;
};

/**
 * The editor footer's export controls: RenderProgress beside RenderButton. On opening a project
 * it picks up where the server is: a PROCESSING render resumes polling, a COMPLETED one shows
 * its video at once (VideoPreview, placed above the timeline, reads the same store). Leaving
 * the page stops the polling.
 */
export function RenderPanel({ project, segments, className }: RenderPanelProps) {
  const openProject = useRenderStore((s) => s.openProject);
  const stopPolling = useRenderStore((s) => s.stopPolling);

  // Only when the project changes: afterwards the store, not the page's first load, knows best.
  useEffect(() => {
    openProject(project);
    return () => stopPolling(project.id);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the id on purpose (the comment above)
  }, [project.id, openProject, stopPolling]);

  return (
    <div data-slot="render-panel" className={cn('flex min-w-0 flex-1 flex-wrap items-center justify-end gap-3', className)}>
      <RenderProgress projectId={project.id} compact className="min-w-64 max-w-xl flex-1" />
      <RenderButton projectId={project.id} segments={segments} />
    </div>
  );
}
