import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Where project media lives. The database stores paths relative to the media directory
 * (projects/{pid}/images/...), the API shows them as /media/... URLs.
 */
export const MEDIA_URL_PREFIX = '/media/';

export function projectMediaPath(projectId: string): string {
  return `projects/${projectId}`;
}

export function imagesPath(projectId: string): string {
  return `${projectMediaPath(projectId)}/images`;
}

export function audioPath(projectId: string, segmentId: string): string {
  return `${projectMediaPath(projectId)}/audio/${segmentId}.wav`;
}

/**
 * One undo entry's files (services/segment-trash.ts). Dot-named, so @fastify/static
 * (dotfiles: deny) never serves them, and inside the project's folder, so deleting the
 * project removes them.
 */
export function trashFolderPath(projectId: string, entryId: string): string {
  return `${projectMediaPath(projectId)}/.trash/${entryId}`;
}

/** Decoded music WAVs (SPEC §7.4); the user's original upload is not kept. */
export function musicPath(projectId: string): string {
  return `${projectMediaPath(projectId)}/music`;
}

export function outputPath(projectId: string): string {
  return `${projectMediaPath(projectId)}/output/final.mp4`;
}

export function previewPath(projectId: string): string {
  return `${projectMediaPath(projectId)}/output/preview.mp4`;
}

/** Root of the bounded clip cache (SPEC §7.5), shared by all projects; outside media/, never served. */
export function clipCacheRoot(dataDir: string): string {
  return path.join(dataDir, 'cache', 'clips');
}

/** One project's cached clips: deleted with the project. */
export function projectClipCacheDir(dataDir: string, projectId: string): string {
  return path.join(clipCacheRoot(dataDir), projectId);
}

/** Root of the editor's thumbnail cache, one folder per project; outside media/, served only by the thumbnail route. */
export function thumbnailCacheRoot(dataDir: string): string {
  return path.join(dataDir, 'cache', 'thumbnails');
}

/** One project's thumbnails: deleted with the project. */
export function projectThumbnailCacheDir(dataDir: string, projectId: string): string {
  return path.join(thumbnailCacheRoot(dataDir), projectId);
}

export function toMediaUrl(relativePath: string | null): string | null {
  return relativePath === null ? null : MEDIA_URL_PREFIX + relativePath;
}

/**
 * Absolute path of a stored relative path. Throws when the result would leave the media
 * directory, so a crafted name can never address files elsewhere.
 */
export function resolveMediaPath(mediaDir: string, relativePath: string): string {
  const root = path.resolve(mediaDir);
  const full = path.resolve(root, relativePath);
  if (full !== root && !full.startsWith(root + path.sep)) {
    throw new Error(`Media path escapes the media directory: ${relativePath}`);
  }
  return full;
}

/** True when a stored media file exists and is a non-empty regular file. */
export async function mediaFileExists(mediaDir: string, relativePath: string | null): Promise<boolean> {
  if (relativePath === null) return false;
  try {
    const stat = await fs.stat(resolveMediaPath(mediaDir, relativePath));
    return stat.isFile() && stat.size > 0;
  } catch {
    return false;
  }
}

export async function removeProjectMedia(mediaDir: string, projectId: string): Promise<void> {
  // Retries: an upload still writing into the folder makes one pass end in ENOTEMPTY.
  await fs.rm(resolveMediaPath(mediaDir, projectMediaPath(projectId)), {
    recursive: true,
    force: true,
    maxRetries: 5,
    retryDelay: 20,
  });
}

export async function removeMediaFile(mediaDir: string, relativePath: string | null): Promise<void> {
  if (relativePath === null) return;
  await fs.rm(resolveMediaPath(mediaDir, relativePath), { force: true });
}
