'use client';

import { FileTextIcon, PlusIcon, SparklesIcon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useCallback, useState } from 'react';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { CreateProjectDialog } from '@/components/CreateProjectDialog';
import { ImportStoryDialog } from '@/components/ImportStoryDialog';
import { LoadError } from '@/components/LoadError';
import { ProjectCard } from '@/components/ProjectCard';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { useDeleteProject, useDuplicateProject, useProjectList } from '@/hooks/use-projects';
import type { Project, ProjectListItem } from '@storyflow/contract';

/**
 * The project list with create, import and delete (SPEC §4 Dashboard). Cards of rendering
 * projects follow their render live (ProjectCard); a render that ends re-reads the list.
 */
export function Dashboard() {
  const router = useRouter();
  const projects = useProjectList();
  const remove = useDeleteProject();
  const { mutate: duplicate } = useDuplicateProject();
  const [pendingDelete, setPendingDelete] = useState<ProjectListItem | null>(null);

  const openProject = useCallback((project: Project) => router.push(`/projects/${encodeURIComponent(project.id)}`), [router]);
  const requestDelete = useCallback((project: ProjectListItem) => setPendingDelete(project), []);

  function confirmDelete() {
    const project = pendingDelete;
    if (!project) return;
    setPendingDelete(null);
    remove.mutate(project);
  }

  const createButton = (
    <Button>
      <PlusIcon />
      New project
    </Button>
  );
  const importButton = (
    <Button variant="outline">
      <FileTextIcon />
      Import story
    </Button>
  );

  const list = projects.data;
  const count = list ? list.length : null;

  return (
    <div className="mx-auto w-full max-w-6xl px-6 py-10">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Projects</h1>
          <p className="mt-1 text-sm text-zinc-500">
            {count === null
              ? 'Your stories, turned into narrated videos.'
              : `${count} ${count === 1 ? 'project' : 'projects'}`}
          </p>
        </div>
        <div className="flex gap-2">
          <ImportStoryDialog mode="create" trigger={importButton} onImported={openProject} />
          <CreateProjectDialog trigger={createButton} onCreated={openProject} />
        </div>
      </div>

      <section className="mt-8" aria-busy={projects.isPending}>
        {projects.isPending && <ProjectGridSkeleton />}
        {projects.isError && !list && (
          <LoadError
            title="Could not load your projects"
            message={projects.error.error}
            onRetry={() => void projects.refetch()}
            className="rounded-2xl border border-zinc-200 bg-white py-16"
          />
        )}
        {list && list.length === 0 && (
          <div className="flex flex-col items-center rounded-2xl border border-dashed border-zinc-300 bg-white px-6 py-20 text-center">
            <div className="flex size-12 items-center justify-center rounded-full bg-indigo-50 text-indigo-600">
              <SparklesIcon className="size-6" />
            </div>
            <h2 className="mt-5 text-lg font-semibold text-zinc-900">No projects yet</h2>
            <p className="mt-1.5 max-w-sm text-sm leading-relaxed text-zinc-500">
              Import a story script to get a timeline of segments in one step, or start from an empty project.
            </p>
            <div className="mt-6 flex gap-2">
              <ImportStoryDialog mode="create" trigger={importButton} onImported={openProject} />
              <CreateProjectDialog trigger={createButton} onCreated={openProject} />
            </div>
          </div>
        )}
        {list && list.length > 0 && (
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {list.map((project) => (
              <li key={project.id} className="flex">
                <div className="flex w-full flex-col [&>article]:flex-1">
                  <ProjectCard project={project} onDelete={requestDelete} onDuplicate={duplicate} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <ConfirmDialog
        open={pendingDelete !== null}
        onOpenChange={(open) => {
          if (!open) setPendingDelete(null);
        }}
        title="Delete this project?"
        description={
          <>
            “{pendingDelete?.title}” and all of its segments, images, audio and video will be removed from this
            computer. This cannot be undone.
          </>
        }
        confirmLabel="Delete project"
        onConfirm={confirmDelete}
      />
    </div>
  );
}

function ProjectGridSkeleton() {
  return (
    <div data-testid="projects-loading" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="rounded-xl border border-zinc-200 bg-white p-5">
          <div className="flex justify-between">
            <Skeleton className="size-10 rounded-lg" />
            <Skeleton className="h-5 w-16 rounded-full" />
          </div>
          <Skeleton className="mt-5 h-5 w-3/4" />
          <div className="mt-6 flex justify-between">
            <Skeleton className="h-4 w-20" />
            <Skeleton className="h-4 w-28" />
          </div>
        </div>
      ))}
    </div>
  );
}
