'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { listFonts, uploadFont } from '@/lib/api';
import { toastError } from '@/lib/notify';
import { queryKeys } from '@/lib/query-keys';
import type { CaptionFont } from '@storyflow/contract';

/** GET /api/fonts/: the bundled caption fonts and the ones uploaded on this machine. */
export function useFonts() {
  return useQuery({
    queryKey: queryKeys.fonts(),
    queryFn: ({ signal }) => listFonts({ signal }),
    meta: { errorToast: 'Could not load the caption fonts' },
  });
}

/**
 * POST /api/fonts/: the new font joins the cached list at once, then the list is read again.
 * A file that is not a font is refused by the server (400) and shown as a toast.
 */
export function useUploadFont() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => uploadFont(file),
    onSuccess: (font) => {
      client.setQueryData<CaptionFont[]>(queryKeys.fonts(), (list) => [...(list ?? []).filter((f) => f.id !== font.id), font]);
      void client.invalidateQueries({ queryKey: queryKeys.fonts() });
    },
    onError: (err) => void toastError(err, 'Could not add the font'),
  });
}
