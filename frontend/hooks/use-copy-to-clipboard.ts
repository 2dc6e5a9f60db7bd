'use client';

import { useCallback, useEffect, useRef, useState } from 'react';

/** Copies text and reports `copied` for a moment so the button can say so. */
export function useCopyToClipboard(resetMs = 1500) {
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const copy = useCallback(
    async (text: string) => {
      try {
        await navigator.clipboard.writeText(text);
      } catch {
        // Clipboard API needs a secure context; 127.0.0.1 is one, but fall back for other hosts.
        const area = document.createElement('textarea');
        area.value = text;
        area.style.position = 'fixed';
        area.style.opacity = '0';
        document.body.appendChild(area);
        area.select();
        // eslint-disable-next-line @typescript-eslint/no-deprecated -- the only copy left where navigator.clipboard is missing
        const ok = document.execCommand('copy');
        area.remove();
        if (!ok) return false;
      }
      setCopied(true);
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => setCopied(false), resetMs);
      return true;
    },
    [resetMs],
  );

  return { copied, copy };
}
