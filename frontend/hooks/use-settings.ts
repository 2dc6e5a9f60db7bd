'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getSettings, listVoices, updateSettings } from '@/lib/api';
import { queryKeys } from '@/lib/query-keys';
import type { GlobalSettings, UpdateSettingsRequest } from '@storyflow/contract';

/** GET /api/settings/ (voice, speed, zoom). They change only through this app. */
export function useSettings() {
  return useQuery({
    queryKey: queryKeys.settings(),
    queryFn: ({ signal }) => getSettings({ signal }),
    staleTime: Infinity,
    meta: { errorToast: 'Could not load settings' },
  });
}

/** GET /api/settings/voices/: the installed voices change only with a restart. */
export function useVoices() {
  return useQuery({
    queryKey: queryKeys.voices(),
    queryFn: ({ signal }) => listVoices({ signal }),
    staleTime: Infinity,
    meta: { errorToast: 'Could not load voices' },
  });
}

/**
 * PATCH /api/settings/: the change shows at once; the server's answer replaces it, and a
 * refusal puts the server's settings back (the caller shows its field errors).
 */
export function useUpdateSettings() {
  const client = useQueryClient();
  const key = queryKeys.settings();
  return useMutation({
    mutationFn: (patch: UpdateSettingsRequest) => updateSettings(patch),
    onMutate: async (patch) => {
      await client.cancelQueries({ queryKey: key });
      client.setQueryData<GlobalSettings>(key, (settings) => (settings ? { ...settings, ...patch } : settings));
    },
    onSuccess: (next) => client.setQueryData(key, next),
    onError: () => void client.invalidateQueries({ queryKey: key }),
  });
}
