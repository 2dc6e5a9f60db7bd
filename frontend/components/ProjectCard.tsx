'use client';

import { ClapperboardIcon, CopyIcon, FilmIcon, LayersIcon, MoreHorizontalIcon, PlayIcon, Trash2Icon } from 'lucide-react';
import Link from 'next/link';
import { memo } from 'react';
import { RenderStatusBadge } from '@/components/RenderStatusBadge';
import { Button } from '@/components/ui/button';
import { Progress } from '@/components/ui/progress';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { useProjectRender } from '@/hooks/use-render';
import { liveProjectStatus, progressLabel } from '@/lib/render-state';
import type { ProjectListItem } from '@storyflow/contract';
import { formatDateTime, formatRelativeTime } from '@/lib/utils';

type ProjectCardProps = {
  project: ProjectListItem;
  onDelete: (project: ProjectListItem) => void;
  /** "Duplicate" in the card's menu (SPEC §7.8). */
  onDuplicate?: (project: ProjectListItem) => void;
};

/**
 * One project on the dashboard: title, segment count, last update, render status, actions.
 * While it renders, the card polls its status and shows the progress; it turns Completed
 * (with Watch) or Failed the moment the render ends.
 */
export const ProjectCard = memo(function ProjectCard({ project, onDelete, onDuplicate }: ProjectCardProps) {
  const render = useProjectRender(project.id, { poll: true });
  const status = liveProjectStatus(render, project.status);
  const href = `/projects/${encodeURIComponent(project.id)}`;
  const count = project.segment_count;
  const completed = status === 'COMPLETED' && Boolean(render.outputUrl ?? project.output_path);
  // Watch opens the editor scrolled to its VideoPreview (player, facts, download, re-render).
  const watchHref = `${href}#preview`;

  return (
    <article
      data-testid="project-card"
      className="group relative flex flex-col rounded-xl border border-zinc-200 bg-white shadow-xs transition-all hover:-translate-y-px hover:border-zinc-300 hover:shadow-md"
    >
      <div className="flex items-start justify-between gap-3 p-5 pb-3">
        <div className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600">
          <ClapperboardIcon className="size-5" />
        </div>
        <div className="flex items-center gap-1">
          <RenderStatusBadge status={status} error={render.error ?? project.render_error} />
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button
                variant="ghost"
                size="icon-sm"
                className="relative z-10 text-zinc-400"
                aria-label={`Actions for ${project.title}`}
              >
                <MoreHorizontalIcon />
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="end">
              <DropdownMenuItem asChild>
                <Link href={href}>
                  <LayersIcon />
                  Open editor
                </Link>
              </DropdownMenuItem>
              {completed && (
                <DropdownMenuItem asChild>
                  <Link href={watchHref}>
                    <FilmIcon />
                    Watch video
                  </Link>
                </DropdownMenuItem>
              )}
              {onDuplicate && (
                <DropdownMenuItem onSelect={() => onDuplicate(project)}>
                  <CopyIcon />
                  Duplicate
                </DropdownMenuItem>
              )}
              <DropdownMenuSeparator />
              <DropdownMenuItem variant="destructive" onSelect={() => onDelete(project)}>
                <Trash2Icon />
                Delete project
              </DropdownMenuItem>
            </DropdownMenuContent>
          </DropdownMenu>
        </div>
      </div>

      <div className="flex flex-1 flex-col px-5 pb-5">
        <h3 className="line-clamp-2 text-base font-semibold leading-snug text-zinc-900">
          {/* The whole card is the link; the menu and Watch sit above it (z-10). */}
          <Link href={href} className="outline-none after:absolute after:inset-0 after:rounded-xl focus-visible:after:ring-2 focus-visible:after:ring-indigo-600">
            {project.title}
          </Link>
        </h3>
        <div className="mt-auto flex items-center justify-between gap-3 pt-4 text-sm text-zinc-500">
          <span className="inline-flex items-center gap-1.5">
            <LayersIcon className="size-3.5" />
            {count} {count === 1 ? 'segment' : 'segments'}
          </span>
          <time dateTime={project.updated_at} title={formatDateTime(project.updated_at)}>
            Updated {formatRelativeTime(project.updated_at)}
          </time>
        </div>
        {render.renderStatus === 'rendering' && (
          <div className="mt-4 grid gap-1.5" data-testid="card-render-progress">
            <Progress value={render.renderProgress?.percentage ?? 0} aria-label={`Render progress of ${project.title}`} className="h-1.5" />
            <p role="status" className="truncate text-xs tabular-nums text-zinc-500">
              {progressLabel(render.renderProgress)}
            </p>
          </div>
        )}
        {completed && (
          <Button asChild variant="outline" size="sm" className="relative z-10 mt-4 w-full">
            <Link href={watchHref} aria-label={`Watch ${project.title}`}>
              <PlayIcon />
              Watch
            </Link>
          </Button>
        )}
      </div>
    </article>
  );
});
