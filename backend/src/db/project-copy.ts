import { nowIso, type Db } from './database.js';
import { findProject, type ProjectWithCount } from './projects.js';
import type { StoredSegmentRow } from './segments.js';

/** A row exactly as SQLite holds it, every column included. */
export type StoredRow = StoredSegmentRow;

/** A project and its segments (in timeline order) as stored: what a duplicate starts from. */
export type StoredProject = { project: StoredRow; segments: StoredRow[] };

export function readStoredProject(db: Db, id: string): StoredProject | undefined {
  return db.transaction(() => {
    const project = db.prepare<[string], StoredRow>('SELECT * FROM projects WHERE id = ?').get(id);
    if (project === undefined) return undefined;
    const segments = db
      .prepare<[string], StoredRow>('SELECT * FROM segments WHERE project_id = ? ORDER BY sequence_index, rowid')
      .all(id);
    return { project, segments };
  })();
}

/**
 * Inserts a copy of a project and its segments in one transaction. Every column is copied
 * as stored unless `project`/`segments` override it, so a column a later migration adds is
 * copied too; the render's results never are (the copy has no video yet).
 */
export function insertProjectCopy(db: Db, copy: StoredProject): ProjectWithCount {
  return db.transaction(() => {
    const now = nowIso();
    const project: StoredRow = {
      ...copy.project,
      created_at: now,
      updated_at: now,
      status: 'DRAFT',
      output_path: null,
      output_meta: null,
      render_error: null,
      render_error_code: null,
      rendered_fingerprint: null,
      preview_path: null,
      preview_meta: null,
    };
    insertStoredRow(db, 'projects', project);
    for (const [index, segment] of copy.segments.entries()) {
      insertStoredRow(db, 'segments', { ...segment, sequence_index: index, created_at: now, updated_at: now });
    }
    const id = String(project.id);
    const inserted = findProject(db, id);
    if (inserted === undefined) throw new Error('The copied project was not stored');
    return { ...inserted, segment_count: copy.segments.length };
  })();
}

/** Only the columns the table has are written (the names come from SQLite itself, never from a request). */
function insertStoredRow(db: Db, table: 'projects' | 'segments', row: StoredRow): void {
  const columns = new Set(db.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)').all(table).map((c) => c.name));
  const names = Object.keys(row).filter((name) => columns.has(name));
  db.prepare<(string | number | null)[]>(
    `INSERT INTO ${table} (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
  ).run(...names.map((n) => row[n] ?? null));
}
