/**
 * One query key per server resource (TanStack Query). Every read and every invalidation
 * names its resource through these, so a mutation cannot miss the cache it changes.
 */
export const queryKeys = {
  /** GET /api/projects/ (every page). */
  projects: () => ['projects'] as const,
  /** GET /api/projects/{id}/ with its segments. */
  project: (projectId: string) => ['project', projectId] as const,
  /** GET /api/projects/{id}/status/. */
  renderStatus: (projectId: string) => ['render-status', projectId] as const,
  /** GET /api/tasks/{id}/status/. */
  task: (taskId: string) => ['task', taskId] as const,
  settings: () => ['settings'] as const,
  voices: () => ['voices'] as const,
  /** GET /api/fonts/: bundled and uploaded caption fonts. */
  fonts: () => ['fonts'] as const,
};

/** Mutation keys the UI watches (useIsMutating) to show "Validating…" and "Cancelling…". */
export const mutationKeys = {
  startRender: (projectId: string) => ['start-render', projectId] as const,
  cancelRender: (projectId: string) => ['cancel-render', projectId] as const,
  saveCaptions: (projectId: string) => ['save-captions', projectId] as const,
};
