import { nowIso, type Db } from './database.js';
import {
  deleteSegment,
  findSegment,
  readStoredSegmentRow,
  reinsertSegmentRow,
  setSegmentImage,
  type Segment,
  type StoredSegmentRow,
} from './segments.js';

/**
 * What undo can bring back (SPEC §7.8): a deleted segment (its row, image and audio) or a
 * removed image. One entry per segment and kind; a newer one replaces the older.
 */
export type TrashKind = 'segment' | 'image';

/** A media file moved aside: where it lived (relative to the media directory) and where it waits. */
export type TrashedFile = { original: string; trashed: string };

export type TrashEntry = {
  segment_id: string;
  kind: TrashKind;
  project_id: string;
  /** The deleted segments row (kind 'segment'). */
  segment_row: StoredSegmentRow | null;
  /** Relative folder holding the entry's files; removed with the entry. */
  folder: string;
  files: TrashedFile[];
  trashed_at: string;
};

type TrashRow = Omit<TrashEntry, 'segment_row' | 'files'> & { segment_row: string | null; files: string };

function toEntry(row: TrashRow): TrashEntry {
  return {
    ...row,
    segment_row: row.segment_row === null ? null : (JSON.parse(row.segment_row) as StoredSegmentRow),
    files: JSON.parse(row.files) as TrashedFile[],
  };
}

/** Where the files of a new entry go, given the media paths the segment points at. */
export type PlaceFiles = (segment: Segment, paths: string[]) => { folder: string; files: TrashedFile[] };

export type Trashed = {
  segment: Segment;
  entry: TrashEntry;
  /** The older entry of the same segment and kind that this one replaced: its files are the caller's to remove. */
  replaced: TrashEntry | undefined;
};

function putEntry(db: Db, entry: TrashEntry): TrashEntry | undefined {
  const replaced = db
    .prepare<[string, string], TrashRow>('DELETE FROM trash WHERE segment_id = ? AND kind = ? RETURNING *')
    .get(entry.segment_id, entry.kind);
  db.prepare(
    `INSERT INTO trash (segment_id, kind, project_id, segment_row, folder, files, trashed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    entry.segment_id,
    entry.kind,
    entry.project_id,
    entry.segment_row === null ? null : JSON.stringify(entry.segment_row),
    entry.folder,
    JSON.stringify(entry.files),
    entry.trashed_at,
  );
  return replaced === undefined ? undefined : toEntry(replaced);
}

/**
 * Deletes a segment (closing the gap) and keeps its row in the trash, in one transaction.
 * The caller then moves `entry.files` from `original` to `trashed`. Undefined when the
 * segment does not exist.
 */
export function trashSegment(db: Db, id: string, place: PlaceFiles): Trashed | undefined {
  return db.transaction(() => {
    const segment = findSegment(db, id);
    const stored = readStoredSegmentRow(db, id);
    if (segment === undefined || stored === undefined) return undefined;
    deleteSegment(db, id);
    const paths = [segment.image_file, segment.audio_file].filter((p): p is string => p !== null);
    const entry: TrashEntry = {
      segment_id: id,
      kind: 'segment',
      project_id: segment.project_id,
      segment_row: stored,
      ...place(segment, paths),
      trashed_at: nowIso(),
    };
    return { segment, entry, replaced: putEntry(db, entry) };
  })();
}

/**
 * Clears a segment's image and keeps the file's place in the trash, in one transaction.
 * Undefined when the segment does not exist; a segment without an image gets no entry.
 */
export function trashSegmentImage(db: Db, id: string, place: PlaceFiles): Trashed | undefined | 'no_image' {
  return db.transaction(() => {
    const before = findSegment(db, id);
    if (before === undefined) return undefined;
    if (before.image_file === null) return 'no_image' as const;
    const segment = setSegmentImage(db, id, null);
    if (segment === undefined) return undefined;
    const entry: TrashEntry = {
      segment_id: id,
      kind: 'image',
      project_id: before.project_id,
      segment_row: null,
      ...place(before, [before.image_file]),
      trashed_at: nowIso(),
    };
    return { segment, entry, replaced: putEntry(db, entry) };
  })();
}

/** The entry, when there is one trashed at or after `notBefore` (ISO time). */
export function findTrashEntry(db: Db, segmentId: string, kind: TrashKind, notBefore: string): TrashEntry | undefined {
  const row = db
    .prepare<[string, string, string], TrashRow>('SELECT * FROM trash WHERE segment_id = ? AND kind = ? AND trashed_at >= ?')
    .get(segmentId, kind, notBefore);
  return row === undefined ? undefined : toEntry(row);
}

/**
 * Puts a trashed segment back at its old place (or the end, if the timeline is now
 * shorter) and drops its entry, in one transaction. Undefined when the entry is gone
 * (restored already, or its project deleted).
 */
export function restoreTrashedSegment(db: Db, entry: TrashEntry): Segment | undefined {
  return db.transaction(() => {
    const taken = db.prepare("DELETE FROM trash WHERE segment_id = ? AND kind = 'segment'").run(entry.segment_id).changes;
    if (taken === 0 || entry.segment_row === null) return undefined;
    const position = Number(entry.segment_row.sequence_index ?? Number.MAX_SAFE_INTEGER);
    return reinsertSegmentRow(db, entry.project_id, entry.segment_row, position);
  })();
}

/**
 * Points the segment at its trashed image again and drops the entry, in one transaction.
 * 'has_image' when the segment got another image since: undo never replaces one.
 */
export function restoreTrashedImage(db: Db, entry: TrashEntry): Segment | undefined | 'has_image' {
  return db.transaction(() => {
    const segment = findSegment(db, entry.segment_id);
    if (segment === undefined) return undefined;
    if (segment.image_file !== null) return 'has_image' as const;
    const file = entry.files[0];
    const taken = db.prepare("DELETE FROM trash WHERE segment_id = ? AND kind = 'image'").run(entry.segment_id).changes;
    if (taken === 0 || file === undefined) return undefined;
    return setSegmentImage(db, entry.segment_id, file.original);
  })();
}

/** Removes and returns every entry trashed before `cutoff` (ISO time): their files are the caller's to delete. */
export function takeExpiredTrash(db: Db, cutoff: string): TrashEntry[] {
  return db.prepare<[string], TrashRow>('DELETE FROM trash WHERE trashed_at < ? RETURNING *').all(cutoff).map(toEntry);
}

