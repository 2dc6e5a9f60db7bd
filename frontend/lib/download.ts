import { toast } from 'sonner';

export const DOWNLOAD_FILE_NAME = 'final.mp4';

/**
 * Saves a same-origin file (Next forwards /media/*, so the `download` attribute is honoured)
 * by clicking a detached link: a real download, never a navigation.
 */
export function saveFile(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
}

/** Saves final.mp4 (its cache-busted URL), or says there is none yet. */
export function downloadVideo(url: string | null): void {
  if (url) saveFile(url, DOWNLOAD_FILE_NAME);
  else toast.error('There is no finished video to download yet.');
}
