'use client';

import { AlertTriangleIcon, CheckIcon, DownloadIcon } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { NaturalVoicesStatus } from '@storyflow/contract';
import { Button } from '@/components/ui/button';
import { Progress } from '@/components/ui/progress';
import { toastError } from '@/lib/notify';
import { getNaturalVoices, startNaturalVoicesDownload } from '@/lib/voices-api';

type NaturalVoicesDownloadProps = {
  /** Called once when the download finishes, so the voice list can be read again. */
  onInstalled: () => void;
  pollMs?: number;
};

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** Settings → "Download natural voices" (Kokoro-82M, SPEC §7.7): start, progress, resume, errors. */
export function NaturalVoicesDownload({ onInstalled, pollMs = 1000 }: NaturalVoicesDownloadProps) {
  const [status, setStatus] = useState<NaturalVoicesStatus | null>(null);
  const [starting, setStarting] = useState(false);
  const installedSeen = useRef<boolean | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    getNaturalVoices({ signal: controller.signal }).then(setStatus, (err: unknown) => {
      toastError(err, 'Could not read the natural voices status');
    });
    return () => controller.abort();
  }, []);

  // Poll only while the server is downloading; stop at any final state.
  useEffect(() => {
    if (status?.state !== 'downloading') return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      getNaturalVoices({ signal: controller.signal }).then(setStatus, (err: unknown) => {
        toastError(err, 'Could not read the download progress');
      });
    }, pollMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [status, pollMs]);

  useEffect(() => {
    if (status === null) return;
    const installed = status.state === 'installed';
    // Tell the parent only about a change to installed, not about a page that opens installed.
    if (installedSeen.current === false && installed) onInstalled();
    installedSeen.current = installed;
  }, [status, onInstalled]);

  async function start() {
    setStarting(true);
    try {
      setStatus(await startNaturalVoicesDownload());
    } catch (err) {
      toastError(err, 'Could not start the download');
    } finally {
      setStarting(false);
    }
  }

  if (status === null) return null;
  if (status.state === 'installed') {
    return (
      <p className="inline-flex items-center gap-1.5 text-xs text-emerald-700" data-natural-voices="installed">
        <CheckIcon className="size-3.5" /> Natural voices (Kokoro) are installed.
      </p>
    );
  }
  return (
    <div className="grid gap-2 rounded-lg border border-zinc-200 bg-zinc-50 p-3" data-natural-voices={status.state}>
      {status.state === 'downloading' ? (
        <>
          <div className="flex justify-between text-xs text-zinc-600">
            <span>Downloading natural voices…</span>
            <span className="tabular-nums">
              {status.bytes_total > 0
                ? `${megabytes(status.bytes_done)} of ${megabytes(status.bytes_total)}`
                : `${Math.round(status.percentage)} %`}
            </span>
          </div>
          <Progress value={status.percentage} aria-label="Natural voices download" />
        </>
      ) : (
        <>
          <p className="text-xs text-zinc-600">
            Kokoro speaks far more naturally than eSpeak. It is a one-time download of about 90 MB and then works offline.
          </p>
          {status.state === 'failed' && status.error && (
            <p className="flex gap-1.5 text-xs text-red-700" role="alert">
              <AlertTriangleIcon className="mt-0.5 size-3.5 shrink-0" />
              <span>{status.error}</span>
            </p>
          )}
          <Button type="button" size="sm" onClick={() => void start()} disabled={starting} className="justify-self-start">
            <DownloadIcon />
            {status.state === 'failed' ? 'Try again' : 'Download natural voices'}
          </Button>
        </>
      )}
    </div>
  );
}
