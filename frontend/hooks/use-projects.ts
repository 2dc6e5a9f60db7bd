'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { createProject, deleteProject, duplicateProject, importProject, listAllProjects } from '@/lib/api';
import { toastError } from '@/lib/notify';
import { queryKeys } from '@/lib/query-keys';
import { seedRenderStatus } from '@/lib/render-queries';
import type { CreateProjectRequest, ImportProjectRequest, Project, ProjectListItem } from '@storyflow/contract';

/** GET /api/projects/ (every page); each card's render status is seeded from its row. */
export function useProjectList() {
  return useQuery({
    queryKey: queryKeys.projects(),
    queryFn: async ({ signal, client }) => {
      const projects = await listAllProjects({ signal });
      for (const project of projects) seedRenderStatus(client, project);
      return projects;
    },
    meta: { errorToast: 'Could not load projects' },
  });
}

/** DELETE /api/projects/{id}/, then the list is read again and the project's own caches dropped. */
export function useDeleteProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (project: Project) => deleteProject(project.id),
    onSuccess: async (_nothing, project) => {
      toast.success(`Deleted “${project.title}”`);
      client.removeQueries({ queryKey: queryKeys.project(project.id) });
      client.removeQueries({ queryKey: queryKeys.renderStatus(project.id) });
      await client.invalidateQueries({ queryKey: queryKeys.projects() });
    },
    onError: (err) => void toastError(err, 'Could not delete the project'),
  });
}

/** POST /api/projects/: the list is stale afterwards. Errors are the dialog's to show. */
export function useCreateProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateProjectRequest) => createProject(body),
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.projects() }),
  });
}

/** POST /api/projects/import/: the list is stale afterwards. Errors are the dialog's to show. */
export function useImportProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ImportProjectRequest) => importProject(body),
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.projects() }),
  });
}

/**
 * POST /api/projects/{id}/duplicate/: the copy ("<title> (copy)", its own files, no video)
 * joins the list, and a toast offers to open it.
 */
export function useDuplicateProject() {
  const client = useQueryClient();
  const router = useRouter();
  return useMutation({
    mutationFn: (project: Pick<ProjectListItem, 'id' | 'title'>) => duplicateProject(project.id),
    onSuccess: async (copy) => {
      await client.invalidateQueries({ queryKey: queryKeys.projects() });
      toast.success(`Duplicated as “${copy.title}”`, {
        action: { label: 'Open', onClick: () => router.push(`/projects/${encodeURIComponent(copy.id)}`) },
      });
    },
    onError: (err) => void toastError(err, 'Could not duplicate the project'),
  });
}
