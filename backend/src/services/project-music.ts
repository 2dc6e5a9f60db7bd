import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { ErrorCode } from '@storyflow/contract';
import { AppError, NotFoundError } from '../errors.js';
import type { Db } from '../db/database.js';
import { findProject, swapProjectMusicFile, type Project } from '../db/projects.js';
import { decodeMusic, MusicDecodeError, type MusicDecodeFailure, type MusicDecoder } from '../engine/music-decode.js';
import { musicPath, removeMediaFile, resolveMediaPath } from '../storage/media.js';

/** An upload that is not usable music: 400 with a code per reason. */
export class MusicRejectedError extends AppError {
  constructor(code: ErrorCode, details: string) {
    super(400, code, 'Invalid music file', details);
  }
}

const REJECTION_CODES: Record<Exclude<MusicDecodeFailure, 'decoder-missing'>, ErrorCode> = {
  unsupported: 'music_unsupported_format',
  corrupt: 'music_corrupt',
  truncated: 'music_truncated',
  'too-long': 'music_too_long',
  'no-audio': 'music_empty',
  timeout: 'music_decode_timeout',
};

/** The upload as the multipart reader returns it (already within the size limit). */
export type MusicUpload = { filename: string; data: Buffer };

/**
 * Stores an uploaded music file as the project's music (SPEC §7.4). The upload goes to a
 * hidden temp file (FFmpeg reads files), is judged and decoded to a 48 kHz WAV (engine/music-decode.ts), the
 * WAV is renamed into place, the database points at it and only then is the previous
 * music removed: a failure at any step leaves the previous music in use. The original
 * upload is never kept; StoryFlow only ever reads the WAV it wrote.
 */
export async function replaceProjectMusic(
  db: Db,
  mediaDir: string,
  ffmpegPath: string,
  projectId: string,
  upload: MusicUpload,
  /** Forced when the only FFmpeg is the bundled 2018 build, which must never read a user's file. */
  decoder?: MusicDecoder,
): Promise<Project> {
  if (findProject(db, projectId) === undefined) throw new NotFoundError('Project');
  const folder = resolveMediaPath(mediaDir, musicPath(projectId));
  await fsp.mkdir(folder, { recursive: true });
  const id = crypto.randomUUID();
  // Dot-prefixed, so @fastify/static (dotfiles: deny) never serves a half-written file.
  const uploadTemp = path.join(folder, `.upload-${id}.tmp`);
  const decodedTemp = path.join(folder, `.decode-${id}.wav`);
  const relative = `${musicPath(projectId)}/${id}.wav`;
  try {
    await fsp.writeFile(uploadTemp, upload.data);
    const decoded = await decodeMusic({ ffmpegPath, sourcePath: uploadTemp, outputPath: decodedTemp, ...(decoder && { decoder }) }).catch((err: unknown) => {
      throw toHttpError(err);
    });
    await fsp.rename(decodedTemp, resolveMediaPath(mediaDir, relative));
    const swapped = swapProjectMusicFile(db, projectId, {
      file: relative,
      name: displayName(upload.filename),
      duration_seconds: decoded.durationSeconds,
    });
    if (swapped === undefined) {
      // The project was deleted while the upload was in flight.
      await removeMediaFile(mediaDir, relative);
      throw new NotFoundError('Project');
    }
    if (swapped.previous !== null && swapped.previous !== relative) await removeMediaFile(mediaDir, swapped.previous);
  } finally {
    await fsp.rm(uploadTemp, { force: true });
    await fsp.rm(decodedTemp, { force: true });
  }
  const project = findProject(db, projectId);
  if (project === undefined) throw new NotFoundError('Project');
  return project;
}

/** Removes the project's music; a project without music is left as it is. */
export async function removeProjectMusic(db: Db, mediaDir: string, projectId: string): Promise<void> {
  const swapped = swapProjectMusicFile(db, projectId, null);
  if (swapped === undefined) throw new NotFoundError('Project');
  await removeMediaFile(mediaDir, swapped.previous);
}

function toHttpError(err: unknown): unknown {
  if (!(err instanceof MusicDecodeError)) return err;
  if (err.reason === 'decoder-missing') return new AppError(503, 'music_decoder_missing', 'FFmpeg is missing', err.message);
  return new MusicRejectedError(REJECTION_CODES[err.reason], err.message);
}

/** The upload's own name, for people only (it never becomes a path): last component, printable, short. */
function displayName(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const printable = base.replace(/\p{Cc}+/gu, '').trim().slice(0, 200);
  return printable || 'music';
}
