import crypto from 'node:crypto';
import { nowIso, type Db } from './database.js';
import { appendSegments, type NewSegment, type Segment } from './segments.js';

export type ProjectStatus = 'DRAFT' | 'PROCESSING' | 'COMPLETED' | 'FAILED';

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
  /** Per-project voice and speed (SPEC §7.1); null = the default from the settings. */
  voice_id: string | null;
  tts_speed: number | null;
};

export type ProjectWithCount = Project & { segment_count: number };

type ProjectRow = Omit<Project, 'output_meta'> & { output_meta: string | null };

function toProject(row: ProjectRow): Project {
  return { ...row, output_meta: row.output_meta === null ? null : (JSON.parse(row.output_meta) as OutputMeta) };
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

export function completeProjectRender(db: Db, id: string, outputPath: string, meta: OutputMeta): void {
  db.prepare(
    `UPDATE projects SET status = 'COMPLETED', output_path = ?, output_meta = ?, render_error = NULL, updated_at = ?
     WHERE id = ?`,
  ).run(outputPath, JSON.stringify(meta), nowIso(), id);
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

export type ProjectVoicePatch = { voice_id?: string | null; tts_speed?: number | null };

export function updateProjectVoice(db: Db, id: string, patch: ProjectVoicePatch): Project | undefined {
  const sets: string[] = [];
  const values: (string | number | null)[] = [];
  if (patch.voice_id !== undefined) (sets.push('voice_id = ?'), values.push(patch.voice_id));
  if (patch.tts_speed !== undefined) (sets.push('tts_speed = ?'), values.push(patch.tts_speed));
  const row = db
    .prepare<(string | number | null)[], ProjectRow>(
      `UPDATE projects SET ${[...sets, 'updated_at = ?'].join(', ')} WHERE id = ? RETURNING *`,
    )
    .get(...values, nowIso(), id);
  return row === undefined ? undefined : toProject(row);
}

export function renameProject(db: Db, id: string, title: string): Project | undefined {
  const row = db
    .prepare<[string, string, string], ProjectRow>('UPDATE projects SET title = ?, updated_at = ? WHERE id = ? RETURNING *')
    .get(title, nowIso(), id);
  return row === undefined ? undefined : toProject(row);
}

/** Projects that follow the settings' voice or speed: a settings change reaches them. */
export function projectsInheritingVoice(db: Db): Project[] {
  return db
    .prepare<[], ProjectRow>('SELECT * FROM projects WHERE voice_id IS NULL OR tts_speed IS NULL')
    .all()
    .map(toProject);
}
