'use client';

import { useEffect, type ReactNode } from 'react';
import { RenderButton } from '@/components/RenderButton';
import { RenderProgress } from '@/components/RenderProgress';
import { VideoPreview } from '@/components/VideoPreview';
import { useRenderStore } from '@/lib/stores';
import type { Project, Segment } from '@/lib/types';
import { cn } from '@/lib/utils';

type RenderPanelProps = {
  project: Pick<Project, 'id' | 'status' | 'output_path' | 'render_error' | 'updated_at'>;
  segments: readonly Pick<Segment, 'id' | 'image_file' | 'audio_file'>[];
  /** Extra footer actions (e.g. Generate All Audio) placed before the export button. */
  actions?: ReactNode;
  className?: string;
};

/**
 * The editor's export area: RenderButton, RenderProgress and, once rendered, VideoPreview.
 * On opening a project it picks up where the server is: a PROCESSING render resumes polling,
 * a COMPLETED one shows its video at once. Leaving the page stops the polling.
 */
export function RenderPanel({ project, segments, actions, className }: RenderPanelProps) {
  const openProject = useRenderStore((s) => s.openProject);
  const stopPolling = useRenderStore((s) => s.stopPolling);

  // Only when the project changes: afterwards the store, not the page's first load, knows best.
  useEffect(() => {
    openProject(project);
    return () => stopPolling(project.id);
  }, [project.id, openProject, stopPolling]);

  return (
    <div data-slot="render-panel" className={cn('space-y-3', className)}>
      <div className="flex flex-wrap items-center justify-end gap-2">
        {actions}
        <RenderButton projectId={project.id} segments={segments} />
      </div>
      <RenderProgress projectId={project.id} />
      <VideoPreview projectId={project.id} />
    </div>
  );
}
