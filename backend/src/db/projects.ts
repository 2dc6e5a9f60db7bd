import crypto from 'node:crypto';
import { nowIso, type Db } from './database.js';
import { appendSegments, type NewSegment, type Segment } from './segments.js';

export type ProjectStatus = 'DRAFT' | 'PROCESSING' | 'COMPLETED' | 'FAILED';
export type Quality = 'draft' | 'standard' | 'high';
export type Transition = 'cut' | 'crossfade' | 'fade_black';

/** Facts about the last successful render, kept with the project. */
export type OutputMeta = {
  duration_seconds: number;
  file_size_bytes: number;
  width: number;
  height: number;
  fps: number;
  rendered_at: string;
};

export type Project = {
  id: string;
  title: string;
  created_at: string;
  updated_at: string;
  status: ProjectStatus;
  resolution_width: number;
  resolution_height: number;
  framerate: number;
  output_path: string | null;
  render_error: string | null;
  output_meta: OutputMeta | null;
  /** SPEC §7.1 render settings. */
  aspect: string;
  quality: Quality;
  transition: Transition;
  transition_seconds: number;
  segment_pause_seconds: number;
  /** Hash of what the last good render was made from; null before the first (render-fingerprint.ts). */
  rendered_fingerprint: string | null;
  preview_path: string | null;
  preview_meta: OutputMeta | null;
};

export type ProjectWithCount = Project & { segment_count: number };

type ProjectRow = Omit<Project, 'output_meta' | 'preview_meta'> & { output_meta: string | null; preview_meta: string | null };

const parseMeta = (json: string | null): OutputMeta | null => (json === null ? null : (JSON.parse(json) as OutputMeta));

function toProject(row: ProjectRow): Project {
  return { ...row, output_meta: parseMeta(row.output_meta), preview_meta: parseMeta(row.preview_meta) };
}

export type NewProject = {
  title: string;
  resolution_width?: number | undefined;
  resolution_height?: number | undefined;
  framerate?: number | undefined;
};

export function insertProject(db: Db, input: NewProject): Project {
  const now = nowIso();
  const row = db
    .prepare<[string, string, string, string, number, number, number], ProjectRow>(
      `INSERT INTO projects (id, title, created_at, updated_at, resolution_width, resolution_height, framerate)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    )
    .get(
      crypto.randomUUID(),
      input.title,
      now,
      now,
      input.resolution_width ?? 1920,
      input.resolution_height ?? 1080,
      input.framerate ?? 30,
    );
  if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
  return toProject(row);
}

export function findProject(db: Db, id: string): Project | undefined {
  const row = db.prepare<[string], ProjectRow>('SELECT * FROM projects WHERE id = ?').get(id);
  return row === undefined ? undefined : toProject(row);
}

/** Newest first, with each project's segment count. */
export function listProjects(db: Db, page: { limit: number; offset: number }): { total: number; rows: ProjectWithCount[] } {
  const total = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM projects').get()?.n ?? 0;
  const rows = db
    .prepare<[number, number], ProjectRow & { segment_count: number }>(
      `SELECT p.*, (SELECT COUNT(*) FROM segments s WHERE s.project_id = p.id) AS segment_count
       FROM projects p ORDER BY p.created_at DESC, p.rowid DESC LIMIT ? OFFSET ?`,
    )
    .all(page.limit, page.offset);
  return { total, rows: rows.map((r) => ({ ...toProject(r), segment_count: r.segment_count })) };
}

export function deleteProject(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM projects WHERE id = ?').run(id).changes > 0;
}

/** Creates a project and its segments in one transaction (imports are all or nothing). */
export function insertProjectWithSegments(
  db: Db,
  input: NewProject,
  segments: readonly NewSegment[],
): { project: Project; segments: Segment[] } {
  return db.transaction(() => {
    const project = insertProject(db, input);
    const created = appendSegments(db, project.id, segments);
    return { project: findProject(db, project.id) ?? project, segments: created };
  })();
}

/**
 * Deletes a project unless it is rendering, in one statement so a render cannot be
 * claimed between the check and the delete.
 */
export function deleteIdleProject(db: Db, id: string): 'deleted' | 'rendering' | 'missing' {
  if (db.prepare(`DELETE FROM projects WHERE id = ? AND status != 'PROCESSING'`).run(id).changes > 0) return 'deleted';
  return findProject(db, id) === undefined ? 'missing' : 'rendering';
}

export function touchProject(db: Db, id: string): void {
  db.prepare('UPDATE projects SET updated_at = ? WHERE id = ?').run(nowIso(), id);
}

/**
 * Moves a project into PROCESSING unless it already is, in one statement, so two
 * concurrent render requests can never both win. Returns undefined when it was taken.
 */
export function claimProjectForRender(db: Db, id: string): Project | undefined {
  const row = db
    .prepare<[string, string], ProjectRow>(
      `UPDATE projects SET status = 'PROCESSING', render_error = NULL, updated_at = ?
       WHERE id = ? AND status != 'PROCESSING' RETURNING *`,
    )
    .get(nowIso(), id);
  return row === undefined ? undefined : toProject(row);
}

/** `fingerprint` is the hash of the inputs the render was made from (render-fingerprint.ts). */
export function completeProjectRender(db: Db, id: string, outputPath: string, meta: OutputMeta, fingerprint: string): void {
  db.prepare(
    `UPDATE projects SET status = 'COMPLETED', output_path = ?, output_meta = ?, rendered_fingerprint = ?,
       render_error = NULL, updated_at = ?
     WHERE id = ?`,
  ).run(outputPath, JSON.stringify(meta), fingerprint, nowIso(), id);
}

/** A draft preview never touches status or final.mp4: it only records its own file. */
export function recordProjectPreview(db: Db, id: string, previewPath: string, meta: OutputMeta): void {
  db.prepare('UPDATE projects SET preview_path = ?, preview_meta = ? WHERE id = ?').run(previewPath, JSON.stringify(meta), id);
}

/** Projects rendered before fingerprints existed: the caller supplies each one's current fingerprint. */
export function listProjectsMissingFingerprint(db: Db): Project[] {
  return db
    .prepare<[], ProjectRow>('SELECT * FROM projects WHERE output_path IS NOT NULL AND rendered_fingerprint IS NULL')
    .all()
    .map(toProject);
}

export function setRenderedFingerprint(db: Db, id: string, fingerprint: string): void {
  db.prepare('UPDATE projects SET rendered_fingerprint = ? WHERE id = ?').run(fingerprint, id);
}

export type ProjectPatch = {
  title?: string | undefined;
  aspect?: string | undefined;
  resolution_width?: number | undefined;
  resolution_height?: number | undefined;
  framerate?: number | undefined;
  quality?: Quality | undefined;
  transition?: Transition | undefined;
  transition_seconds?: number | undefined;
  segment_pause_seconds?: number | undefined;
};

const PATCHABLE_COLUMNS = [
  'title',
  'aspect',
  'resolution_width',
  'resolution_height',
  'framerate',
  'quality',
  'transition',
  'transition_seconds',
  'segment_pause_seconds',
] as const satisfies readonly (keyof ProjectPatch)[];

/** Changes the given fields (the caller has validated them); undefined when the project is gone. */
export function updateProject(db: Db, id: string, patch: ProjectPatch): Project | undefined {
  const sets: string[] = [];
  const values: (string | number)[] = [];
  for (const column of PATCHABLE_COLUMNS) {
    const value = patch[column];
    if (value === undefined) continue;
    sets.push(`${column} = ?`);
    values.push(value);
  }
  const row = db
    .prepare<(string | number)[], ProjectRow>(`UPDATE projects SET ${[...sets, 'updated_at = ?'].join(', ')} WHERE id = ? RETURNING *`)
    .get(...values, nowIso(), id);
  return row === undefined ? undefined : toProject(row);
}

/** A failed render keeps output_path/output_meta of an earlier good file: that file is still intact. */
export function failProjectRender(db: Db, id: string, error: string): void {
  db.prepare(`UPDATE projects SET status = 'FAILED', render_error = ?, updated_at = ? WHERE id = ?`).run(
    error,
    nowIso(),
    id,
  );
}

/** Start-up recovery: no project may stay PROCESSING without a live task. */
export function failInterruptedRenders(db: Db, error: string): number {
  return db
    .prepare(`UPDATE projects SET status = 'FAILED', render_error = ?, updated_at = ? WHERE status = 'PROCESSING'`)
    .run(error, nowIso()).changes;
}
