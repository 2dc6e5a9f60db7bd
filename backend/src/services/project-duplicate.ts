import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { MAX_TITLE_LENGTH } from '@storyflow/contract';
import type { Db } from '../db/database.js';
import { insertProjectCopy, readStoredProject, type StoredRow } from '../db/project-copy.js';
import type { ProjectWithCount } from '../db/projects.js';
import { NotFoundError } from '../errors.js';
import { audioPath, imagesPath, musicPath, removeProjectMedia, resolveMediaPath } from '../storage/media.js';

const COPY_SUFFIX = ' (copy)';

/** "<title> (copy)", shortened so it stays a valid title. */
export function copyTitle(title: string): string {
  return title.slice(0, MAX_TITLE_LENGTH - COPY_SUFFIX.length).trimEnd() + COPY_SUFFIX;
}

type FileCopy = { from: string; to: string };

/**
 * Duplicates a project (SPEC §7.8): its settings, music, segments with their text, images,
 * audio and word timings, each file copied under the new project's folder so changing
 * either project never touches the other. The copy is a draft with no video. Files are
 * copied first and the rows inserted after, in one transaction; if anything fails, the
 * new folder is removed and no half copy remains.
 */
export async function duplicateProject(db: Db, mediaDir: string, sourceId: string): Promise<ProjectWithCount> {
  const source = readStoredProject(db, sourceId);
  if (source === undefined) throw new NotFoundError('Project');
  const id = crypto.randomUUID();
  const copies: FileCopy[] = [];
  const place = (from: unknown, to: string): string | null => {
    if (typeof from !== 'string') return null;
    copies.push({ from, to });
    return to;
  };

  const musicFile = source.project.music_file;
  const project: StoredRow = {
    ...source.project,
    id,
    title: copyTitle(String(source.project.title)),
    music_file: place(musicFile, `${musicPath(id)}/${path.posix.basename(String(musicFile))}`),
  };
  const segments = source.segments.map((segment): StoredRow => {
    const oldId = String(segment.id);
    const newId = crypto.randomUUID();
    const image = segment.image_file;
    // Images are stored as "{segment id}_{name}": the name stays, the id becomes the copy's.
    const imageName = path.posix.basename(String(image)).replace(`${oldId}_`, '');
    return {
      ...segment,
      id: newId,
      project_id: id,
      image_file: place(image, `${imagesPath(id)}/${newId}_${imageName}`),
      audio_file: place(segment.audio_file, audioPath(id, newId)),
    };
  });

  try {
    const missing = await copyFiles(mediaDir, copies);
    // A file the source points at but that is gone (removed by hand) is not copied: the copy
    // then simply has no image or audio there, rather than a path to nothing.
    if (missing.size > 0) {
      if (missing.has(String(project.music_file))) project.music_file = null;
      for (const segment of segments) {
        if (missing.has(String(segment.image_file))) segment.image_file = null;
        if (missing.has(String(segment.audio_file))) {
          segment.audio_file = null;
          segment.audio_duration = null;
          segment.word_timings = null;
        }
      }
    }
    return insertProjectCopy(db, { project, segments });
  } catch (err) {
    await removeProjectMedia(mediaDir, id);
    throw err;
  }
}

/** Copies each file (off the event loop, by libuv); returns the targets whose source was missing. */
async function copyFiles(mediaDir: string, copies: readonly FileCopy[]): Promise<Set<string>> {
  const missing = new Set<string>();
  for (const { from, to } of copies) {
    const target = resolveMediaPath(mediaDir, to);
    await fs.mkdir(path.dirname(target), { recursive: true });
    try {
      await fs.copyFile(resolveMediaPath(mediaDir, from), target, fs.constants.COPYFILE_FICLONE);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      missing.add(to);
    }
  }
  return missing;
}
