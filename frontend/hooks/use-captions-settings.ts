'use client';

import { useIsMutating, useMutation } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { updateProject } from '@/lib/api';
import { toastError } from '@/lib/notify';
import { mutationKeys } from '@/lib/query-keys';
import type { CaptionsSettings, Project } from '@storyflow/contract';

type CaptionsChange = Partial<CaptionsSettings>;

/**
 * A project's captions settings as the user sees them while they are being saved: the
 * server's values overlaid with the changes not yet answered. Each change is one
 * `PATCH /api/projects/{id}/ {captions: change}`; the saves of one project run one after
 * another (a mutation scope), so the last change the user made is the one stored. A
 * `later` change (slider, colour picker) waits until it has not moved for `delayMs`.
 */
export function useCaptionsSettings(project: Pick<Project, 'id' | 'captions'>, onSaved: (project: Project) => void, delayMs: number) {
  const [unsaved, setUnsaved] = useState<CaptionsChange>({});
  const waiting = useRef<CaptionsChange>({});
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const { mutate } = useMutation({
    mutationKey: mutationKeys.saveCaptions(project.id),
    scope: { id: `captions:${project.id}` },
    mutationFn: (change: CaptionsChange) => updateProject(project.id, { captions: change }),
    onSuccess: (saved) => onSaved(saved),
    onError: (err) => void toastError(err, 'Could not save the captions settings'),
    // Answered either way: the server's values show again, unless the user changed the field since.
    onSettled: (_saved, _err, change) => setUnsaved((current) => withoutAnswered(current, change)),
  });

  const flush = useCallback(() => {
    clearTimeout(timer.current);
    const change = waiting.current;
    waiting.current = {};
    if (Object.keys(change).length > 0) mutate(change);
  }, [mutate]);

  // A slider let go just before the editor closes is still saved.
  useEffect(() => flush, [flush]);

  const change = useCallback(
    (next: CaptionsChange, options: { later?: boolean } = {}) => {
      setUnsaved((current) => ({ ...current, ...next }));
      waiting.current = { ...waiting.current, ...next };
      if (options.later) {
        clearTimeout(timer.current);
        timer.current = setTimeout(flush, delayMs);
      } else {
        flush();
      }
    },
    [delayMs, flush],
  );

  const saving = useIsMutating({ mutationKey: mutationKeys.saveCaptions(project.id) }) > 0;
  return { settings: { ...project.captions, ...unsaved }, change, saving };
}

/** `current` without the fields whose value is still the one `answered` sent. */
function withoutAnswered(current: CaptionsChange, answered: CaptionsChange): CaptionsChange {
  const sent: Record<string, unknown> = answered;
  return Object.fromEntries(Object.entries(current).filter(([key, value]) => sent[key] !== value));
}
