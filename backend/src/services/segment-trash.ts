import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { UNDO_WINDOW_SECONDS } from '@storyflow/contract';
import type { Db } from '../db/database.js';
import { findSegment, type Segment } from '../db/segments.js';
import {
  findTrashEntry,
  restoreTrashedImage,
  restoreTrashedSegment,
  takeExpiredTrash,
  trashSegment,
  trashSegmentImage,
  type PlaceFiles,
  type TrashEntry,
  type TrashKind,
  type TrashedFile,
} from '../db/trash.js';
import { AppError, ConflictError, NotFoundError } from '../errors.js';
import { resolveMediaPath, trashFolderPath } from '../storage/media.js';

/**
 * Undo for deleting a segment and removing an image (SPEC §7.8). Instead of deleting the
 * files, they are moved into the project's `.trash/{entry}/` folder (dot-named: never served)
 * and the row is kept in the `trash` table; restoring moves them back. Entries older than
 * UNDO_WINDOW_SECONDS are purged on the next trash operation and at start-up, so the files
 * of something nobody undid do not pile up. Deleting the project removes its trash with it
 * (the folder lives in the project's media folder, the rows cascade).
 */

const placeIn: PlaceFiles = (segment, paths) => {
  const folder = trashFolderPath(segment.project_id, crypto.randomUUID());
  return { folder, files: paths.map((original) => ({ original, trashed: `${folder}/${path.posix.basename(original)}` })) };
};

export type TrashContext = { db: Db; mediaDir: string; now?: () => Date };

function cutoff(ctx: TrashContext): string {
  const now = ctx.now?.() ?? new Date();
  return new Date(now.getTime() - UNDO_WINDOW_SECONDS * 1000).toISOString();
}

/** Deletes a segment, keeping it restorable. Undefined when there is no such segment. */
export async function deleteSegmentRestorably(ctx: TrashContext, id: string): Promise<Segment | undefined> {
  const trashed = trashSegment(ctx.db, id, placeIn);
  if (trashed === undefined) return undefined;
  await moveAll(ctx.mediaDir, trashed.entry.files, 'aside');
  await afterTrashing(ctx, trashed.replaced);
  return trashed.segment;
}

/** Removes a segment's image, keeping it restorable; a segment without one is answered unchanged. */
export async function removeImageRestorably(ctx: TrashContext, id: string): Promise<Segment | undefined> {
  const trashed = trashSegmentImage(ctx.db, id, placeIn);
  if (trashed === 'no_image') return findSegment(ctx.db, id);
  if (trashed === undefined) return undefined;
  await moveAll(ctx.mediaDir, trashed.entry.files, 'aside');
  await afterTrashing(ctx, trashed.replaced);
  return trashed.segment;
}

/** Brings a deleted segment back with its image and audio, at its old place. */
export async function restoreDeletedSegment(ctx: TrashContext, id: string): Promise<Segment> {
  const entry = restorableEntry(ctx, id, 'segment');
  await moveAll(ctx.mediaDir, entry.files, 'back');
  const restored = restoreTrashedSegment(ctx.db, entry);
  if (restored === undefined) throw nothingToRestore('segment');
  await removeFolder(ctx.mediaDir, entry.folder);
  return restored;
}

/** Gives a segment back the image that was removed from it; refused when it has another one now. */
export async function restoreRemovedImage(ctx: TrashContext, id: string): Promise<Segment> {
  const entry = restorableEntry(ctx, id, 'image');
  await moveAll(ctx.mediaDir, entry.files, 'back');
  const restored = restoreTrashedImage(ctx.db, entry);
  if (restored === 'has_image' || restored === undefined) {
    // Nothing changed in the database: the file goes back to wait in the trash.
    await moveAll(ctx.mediaDir, entry.files, 'aside');
    if (restored === 'has_image') {
      throw new ConflictError('restore_conflict', 'This segment has another image now. Remove it first to bring the old one back.');
    }
    throw new NotFoundError('Segment');
  }
  await removeFolder(ctx.mediaDir, entry.folder);
  return restored;
}

/** Deletes the files of every entry older than the undo window. Returns how many entries went. */
export async function purgeExpiredTrash(ctx: TrashContext): Promise<number> {
  const expired = takeExpiredTrash(ctx.db, cutoff(ctx));
  for (const entry of expired) await removeFolder(ctx.mediaDir, entry.folder);
  return expired.length;
}

function restorableEntry(ctx: TrashContext, id: string, kind: TrashKind): TrashEntry {
  const entry = findTrashEntry(ctx.db, id, kind, cutoff(ctx));
  if (entry === undefined) throw nothingToRestore(kind);
  return entry;
}

function nothingToRestore(kind: TrashKind): AppError {
  const what = kind === 'segment' ? 'deleted segment' : 'removed image';
  return new AppError(
    404,
    'nothing_to_restore',
    `There is no ${what} to restore: it was never deleted, is already back, or the ${UNDO_WINDOW_SECONDS / 60}-minute undo window has passed.`,
  );
}

async function afterTrashing(ctx: TrashContext, replaced: TrashEntry | undefined): Promise<void> {
  if (replaced !== undefined) await removeFolder(ctx.mediaDir, replaced.folder);
  await purgeExpiredTrash(ctx);
}

/**
 * Moves each file between its place and the trash. A file that is not at the source is
 * skipped: a segment may point at a file someone removed by hand, and a restore that runs
 * twice finds the files already back.
 */
async function moveAll(mediaDir: string, files: readonly TrashedFile[], direction: 'aside' | 'back'): Promise<void> {
  for (const file of files) {
    const from = resolveMediaPath(mediaDir, direction === 'aside' ? file.original : file.trashed);
    const to = resolveMediaPath(mediaDir, direction === 'aside' ? file.trashed : file.original);
    try {
      await fs.mkdir(path.dirname(to), { recursive: true });
      await fs.rename(from, to);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

async function removeFolder(mediaDir: string, folder: string): Promise<void> {
  await fs.rm(resolveMediaPath(mediaDir, folder), { recursive: true, force: true });
}
