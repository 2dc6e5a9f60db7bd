import crypto from 'node:crypto';
import type { WordTiming } from '../engine/speech/word-timings.js';
import { presetForPosition, type Motion } from '../engine/ken-burns.js';
import { nowIso, type Db } from './database.js';

export type Segment = {
  id: string;
  project_id: string;
  sequence_index: number;
  text_content: string;
  image_prompt: string;
  /** Path relative to the media directory, or null. */
  image_file: string | null;
  audio_file: string | null;
  audio_duration: number | null;
  /** What the audio was spoken with (null for audio made before voices were recorded). */
  audio_voice_id: string | null;
  audio_tts_speed: number | null;
  /** The project's voice or speed changed since this audio was made. */
  audio_stale: boolean;
  /** From the same synthesis as the audio; null without audio or from an engine that reports none. */
  word_timings: WordTiming[] | null;
  is_locked: boolean;
  created_at: string;
  updated_at: string;
  /** Chosen from the position at creation, then stored: reordering keeps it (SPEC §7.1). */
  motion: Motion;
  /** The point (0–1 of the image) every Ken Burns window keeps in view; null = none. */
  focus: { x: number; y: number } | null;
};

type SegmentRow = Omit<Segment, 'is_locked' | 'audio_stale' | 'word_timings' | 'focus'> & {
  is_locked: 0 | 1;
  audio_stale: 0 | 1;
  word_timings: string | null;
  focus_x: number | null;
  focus_y: number | null;
};

function toSegment(row: SegmentRow): Segment {
  const { focus_x, focus_y, ...rest } = row;
  return {
    ...rest,
    is_locked: row.is_locked === 1,
    audio_stale: row.audio_stale === 1,
    word_timings: row.word_timings === null ? null : (JSON.parse(row.word_timings) as WordTiming[]),
    focus: focus_x === null || focus_y === null ? null : { x: focus_x, y: focus_y },
  };
}

export type NewSegment = { text_content: string; image_prompt: string };

export function listSegments(db: Db, projectId: string): Segment[] {
  return db
    .prepare<[string], SegmentRow>('SELECT * FROM segments WHERE project_id = ? ORDER BY sequence_index, rowid')
    .all(projectId)
    .map(toSegment);
}

/** One page of a project's timeline. */
export function listSegmentsPage(db: Db, projectId: string, page: { limit: number; offset: number }): Segment[] {
  return db
    .prepare<[string, number, number], SegmentRow>(
      'SELECT * FROM segments WHERE project_id = ? ORDER BY sequence_index, rowid LIMIT ? OFFSET ?',
    )
    .all(projectId, page.limit, page.offset)
    .map(toSegment);
}

export function countSegments(db: Db, projectId: string): number {
  return db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM segments WHERE project_id = ?').get(projectId)
    ?.n ?? 0;
}

export function findSegment(db: Db, id: string): Segment | undefined {
  const row = db.prepare<[string], SegmentRow>('SELECT * FROM segments WHERE id = ?').get(id);
  return row === undefined ? undefined : toSegment(row);
}

/** Appends segments after the project's last one, all or nothing. */
export function appendSegments(db: Db, projectId: string, items: readonly NewSegment[]): Segment[] {
  const insert = db.prepare<[string, string, number, string, string, string, string, string], SegmentRow>(
    `INSERT INTO segments (id, project_id, sequence_index, text_content, image_prompt, motion, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
  );
  return db.transaction(() => {
    const last = db
      .prepare<[string], { m: number | null }>('SELECT MAX(sequence_index) AS m FROM segments WHERE project_id = ?')
      .get(projectId)?.m;
    let index = last === null || last === undefined ? 0 : last + 1;
    const now = nowIso();
    const created: Segment[] = [];
    for (const item of items) {
      const position = index++;
      const motion = presetForPosition(position);
      const row = insert.get(crypto.randomUUID(), projectId, position, item.text_content, item.image_prompt, motion, now, now);
      if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
      created.push(toSegment(row));
    }
    touchProject(db, projectId, now);
    return created;
  })();
}

/**
 * Inserts one segment at `position` (0-based, at most the segment count); the segment
 * there and every later one move one place down. Undefined when `position` is past the end.
 */
export function insertSegmentAt(db: Db, projectId: string, position: number, item: NewSegment): Segment | undefined {
  return db.transaction(() => {
    if (position > countSegments(db, projectId)) return undefined;
    const now = nowIso();
    db.prepare('UPDATE segments SET sequence_index = sequence_index + 1 WHERE project_id = ? AND sequence_index >= ?').run(
      projectId,
      position,
    );
    const row = db
      .prepare<[string, string, number, string, string, string, string, string], SegmentRow>(
        `INSERT INTO segments (id, project_id, sequence_index, text_content, image_prompt, motion, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .get(crypto.randomUUID(), projectId, position, item.text_content, item.image_prompt, presetForPosition(position), now, now);
    if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
    touchProject(db, projectId, now);
    return toSegment(row);
  })();
}

/** A segments row exactly as SQLite holds it: what the undo of a delete puts back (db/trash.ts). */
export type StoredSegmentRow = Record<string, string | number | null>;

export function readStoredSegmentRow(db: Db, id: string): StoredSegmentRow | undefined {
  return db.prepare<[string], StoredSegmentRow>('SELECT * FROM segments WHERE id = ?').get(id);
}

/**
 * Puts a deleted segment's row back at `position` (clamped to the end), moving the segment
 * there and later ones down. Only columns the table has today are written, so a row kept
 * from before a migration still fits.
 */
export function reinsertSegmentRow(db: Db, projectId: string, stored: StoredSegmentRow, position: number): Segment {
  return db.transaction(() => {
    const columns = new Set(
      db.prepare<[], { name: string }>('SELECT name FROM pragma_table_info(\'segments\')').all().map((c) => c.name),
    );
    const at = Math.min(position, countSegments(db, projectId));
    db.prepare('UPDATE segments SET sequence_index = sequence_index + 1 WHERE project_id = ? AND sequence_index >= ?').run(
      projectId,
      at,
    );
    const now = nowIso();
    const values: StoredSegmentRow = { ...stored, project_id: projectId, sequence_index: at, updated_at: now };
    const names = Object.keys(values).filter((name) => columns.has(name));
    const row = db
      .prepare<(string | number | null)[], SegmentRow>(
        `INSERT INTO segments (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')}) RETURNING *`,
      )
      .get(...names.map((n) => values[n] ?? null));
    if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
    touchProject(db, projectId, now);
    return toSegment(row);
  })();
}

export type SegmentPatch = {
  text_content?: string;
  image_prompt?: string;
  is_locked?: boolean;
  motion?: Motion | undefined;
  focus?: { x: number; y: number } | null | undefined;
};

export function updateSegment(db: Db, id: string, patch: SegmentPatch): Segment | undefined {
  const sets: string[] = [];
  const values: (string | number | null)[] = [];
  if (patch.text_content !== undefined) {
    sets.push('text_content = ?');
    values.push(patch.text_content);
  }
  if (patch.image_prompt !== undefined) {
    sets.push('image_prompt = ?');
    values.push(patch.image_prompt);
  }
  if (patch.is_locked !== undefined) {
    sets.push('is_locked = ?');
    values.push(patch.is_locked ? 1 : 0);
  }
  if (patch.motion !== undefined) {
    sets.push('motion = ?');
    values.push(patch.motion);
  }
  if (patch.focus !== undefined) {
    sets.push('focus_x = ?', 'focus_y = ?');
    values.push(patch.focus?.x ?? null, patch.focus?.y ?? null);
  }
  return setColumns(db, id, sets, values);
}

export function setSegmentImage(db: Db, id: string, imageFile: string | null): Segment | undefined {
  return setColumns(db, id, ['image_file = ?'], [imageFile]);
}

/** `voiceId`/`speed`: what the speech task asked for; absent for audio from elsewhere (tests, tools). */
export type SegmentAudio = {
  file: string;
  durationSeconds: number;
  /** From the synthesis that wrote the file; null from an engine that reports none. */
  wordTimings: WordTiming[] | null;
  voiceId?: string;
  speed?: number;
};

/**
 * New audio is fresh by definition; removing audio clears what it was spoken with. Audio,
 * its duration and its word timings change together: timings never outlive their WAV.
 */
export function setSegmentAudio(db: Db, id: string, audio: SegmentAudio | null): Segment | undefined {
  return setColumns(
    db,
    id,
    ['audio_file = ?', 'audio_duration = ?', 'word_timings = ?', 'audio_voice_id = ?', 'audio_tts_speed = ?', 'audio_stale = 0'],
    [
      audio?.file ?? null,
      audio?.durationSeconds ?? null,
      audio?.wordTimings == null ? null : JSON.stringify(audio.wordTimings),
      audio?.voiceId ?? null,
      audio?.speed ?? null,
    ],
  );
}

/**
 * Stores word timings found later for audio that had none (caption alignment), only if
 * the segment still holds that audio and text and no timings: audio regenerated or text
 * edited meanwhile keeps what it has. `updated_at` is left alone on purpose: the timings
 * describe the same audio, so the rendered video does not become stale (render-fingerprint.ts).
 * True when stored.
 */
export function setAlignedWordTimings(
  db: Db,
  id: string,
  basis: { audioFile: string; audioDuration: number | null; text: string },
  wordTimings: readonly WordTiming[],
): boolean {
  const result = db
    .prepare(
      `UPDATE segments SET word_timings = ?
       WHERE id = ? AND audio_file = ? AND audio_duration IS ? AND text_content = ? AND word_timings IS NULL`,
    )
    .run(JSON.stringify(wordTimings), id, basis.audioFile, basis.audioDuration, basis.text);
  return result.changes === 1;
}

/**
 * After the voice or speed a project speaks with changed: each segment with audio is
 * stale unless it was spoken with exactly `voice` at `speed` (changing back un-stales it).
 */
export function markAudioStaleness(db: Db, projectId: string, voice: { voiceId: string; speed: number }): void {
  db.prepare(
    `UPDATE segments SET audio_stale = CASE WHEN audio_voice_id IS ? AND audio_tts_speed IS ? THEN 0 ELSE 1 END
     WHERE project_id = ? AND audio_file IS NOT NULL`,
  ).run(voice.voiceId, voice.speed, projectId);
}

function setColumns(db: Db, id: string, sets: string[], values: (string | number | null)[]): Segment | undefined {
  const now = nowIso();
  const row = db
    .prepare<(string | number | null)[], SegmentRow>(
      `UPDATE segments SET ${[...sets, 'updated_at = ?'].join(', ')} WHERE id = ? RETURNING *`,
    )
    .get(...values, now, id);
  if (row === undefined) return undefined;
  touchProject(db, row.project_id, now);
  return toSegment(row);
}

/** Deletes a segment and closes the gap it leaves in the timeline. */
export function deleteSegment(db: Db, id: string): Segment | undefined {
  return db.transaction(() => {
    const row = db.prepare<[string], SegmentRow>('DELETE FROM segments WHERE id = ? RETURNING *').get(id);
    if (row === undefined) return undefined;
    db.prepare('UPDATE segments SET sequence_index = sequence_index - 1 WHERE project_id = ? AND sequence_index > ?').run(
      row.project_id,
      row.sequence_index,
    );
    touchProject(db, row.project_id, nowIso());
    return toSegment(row);
  })();
}

/** Sets the timeline order; the caller has checked that `orderedIds` is exactly the project's segments. */
export function reorderSegments(db: Db, projectId: string, orderedIds: readonly string[]): void {
  const set = db.prepare('UPDATE segments SET sequence_index = ?, updated_at = ? WHERE id = ? AND project_id = ?');
  db.transaction(() => {
    const now = nowIso();
    orderedIds.forEach((id, index) => set.run(index, now, id, projectId));
    touchProject(db, projectId, now);
  })();
}

/** A change to a segment is a change to its project: the dashboard sorts and shows by updated_at. */
function touchProject(db: Db, projectId: string, now: string): void {
  db.prepare('UPDATE projects SET updated_at = ? WHERE id = ?').run(now, projectId);
}
