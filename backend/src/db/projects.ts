import crypto from 'node:crypto';
import type { CaptionsSettings, ProjectStatus, RenderErrorCode, RenderOutput } from '@storyflow/contract';
import { nowIso, type Db } from './database.js';
import { appendSegments, type NewSegment, type Segment } from './segments.js';

export type Quality = 'draft' | 'standard' | 'high';
export type Transition = 'cut' | 'crossfade' | 'fade_black';
/** Facts about the last successful render, kept with the project (shown as the status's `output`). */
export type OutputMeta = RenderOutput;

/** Why a render failed: words for people and a code for clients. */
export type RenderFailure = { message: string; code: RenderErrorCode };

export type LoudnessTarget = -14 | -23;

/** The project's music bed (SPEC §7.4); null until a file is uploaded. */
export type ProjectMusic = {
  /** Relative to the media directory: the WAV StoryFlow decoded, never the upload itself. */
  file: string;
  /** The uploaded file's name, for people. */
  name: string;
  duration_seconds: number;
  volume_db: number;
  loop: boolean;
  fade_out_seconds: number;
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
  render_error_code: RenderErrorCode | null;
  output_meta: OutputMeta | null;
  /** SPEC §7.1 render settings. */
  aspect: string;
  quality: Quality;
  transition: Transition;
  transition_seconds: number;
  segment_pause_seconds: number;
  captions: CaptionsSettings;
  /** Hash of what the last good render was made from; null before the first (render-fingerprint.ts). */
  rendered_fingerprint: string | null;
  preview_path: string | null;
  preview_meta: OutputMeta | null;
  music: ProjectMusic | null;
  loudness_target: LoudnessTarget;
  /** Per-project voice and speed (SPEC §7.1); null = the default from the settings. */
  voice_id: string | null;
  tts_speed: number | null;
};

export type ProjectWithCount = Project & { segment_count: number };

type MusicColumns = {
  music_file: string | null;
  music_name: string | null;
  music_duration: number | null;
  music_volume_db: number;
  music_loop: number;
  music_fade_out_seconds: number;
};

type ProjectRow = Omit<Project, 'output_meta' | 'preview_meta' | 'music' | 'captions'> & { output_meta: string | null; preview_meta: string | null } & MusicColumns & CaptionColumns;

type CaptionColumns = {
  captions_enabled: number;
  captions_style: CaptionsSettings['style'];
  captions_position: CaptionsSettings['position'];
  captions_font: string;
  captions_size: number;
  captions_color: string;
  captions_outline_color: string;
  captions_highlight_color: string;
  captions_words_per_caption: number;
};

/** The captions settings and the column each one is stored in (one column per field). */
const CAPTION_COLUMNS = {
  style: 'captions_style',
  position: 'captions_position',
  font: 'captions_font',
  size: 'captions_size',
  color: 'captions_color',
  outline_color: 'captions_outline_color',
  highlight_color: 'captions_highlight_color',
  words_per_caption: 'captions_words_per_caption',
} as const satisfies Record<Exclude<keyof CaptionsSettings, 'enabled'>, keyof CaptionColumns>;

const parseMeta = (json: string | null): OutputMeta | null => (json === null ? null : (JSON.parse(json) as OutputMeta));

function toProject(row: ProjectRow): Project {
  const {
    music_file,
    music_name,
    music_duration,
    music_volume_db,
    music_loop,
    music_fade_out_seconds,
    captions_enabled,
    captions_style,
    captions_position,
    captions_font,
    captions_size,
    captions_color,
    captions_outline_color,
    captions_highlight_color,
    captions_words_per_caption,
    ...rest
  } = row;
  return {
    ...rest,
    captions: {
      enabled: captions_enabled === 1,
      style: captions_style,
      position: captions_position,
      font: captions_font,
      size: captions_size,
      color: captions_color,
      outline_color: captions_outline_color,
      highlight_color: captions_highlight_color,
      words_per_caption: captions_words_per_caption,
    },
    output_meta: parseMeta(row.output_meta),
    preview_meta: parseMeta(row.preview_meta),
    music:
      music_file === null
        ? null
        : {
            file: music_file,
            name: music_name ?? '',
            duration_seconds: music_duration ?? 0,
            volume_db: music_volume_db,
            loop: music_loop === 1,
            fade_out_seconds: music_fade_out_seconds,
          },
  };
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

/**
 * Moves a project into PROCESSING unless it already is, in one statement, so two
 * concurrent render requests can never both win. Returns undefined when it was taken.
 */
export function claimProjectForRender(db: Db, id: string): Project | undefined {
  const row = db
    .prepare<[string, string], ProjectRow>(
      `UPDATE projects SET status = 'PROCESSING', render_error = NULL, render_error_code = NULL, updated_at = ?
       WHERE id = ? AND status != 'PROCESSING' RETURNING *`,
    )
    .get(nowIso(), id);
  return row === undefined ? undefined : toProject(row);
}

/** `fingerprint` is the hash of the inputs the render was made from (render-fingerprint.ts). */
export function completeProjectRender(db: Db, id: string, outputPath: string, meta: OutputMeta, fingerprint: string): void {
  db.prepare(
    `UPDATE projects SET status = 'COMPLETED', output_path = ?, output_meta = ?, rendered_fingerprint = ?,
       render_error = NULL, render_error_code = NULL, updated_at = ?
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

export type RenderSettingsPatch = {
  aspect?: string | undefined;
  resolution_width?: number | undefined;
  resolution_height?: number | undefined;
  framerate?: number | undefined;
  quality?: Quality | undefined;
  transition?: Transition | undefined;
  transition_seconds?: number | undefined;
  segment_pause_seconds?: number | undefined;
  captions?: { [K in keyof CaptionsSettings]?: CaptionsSettings[K] | undefined } | undefined;
};

const RENDER_SETTINGS_COLUMNS = [
  'aspect',
  'resolution_width',
  'resolution_height',
  'framerate',
  'quality',
  'transition',
  'transition_seconds',
  'segment_pause_seconds',
] as const satisfies readonly Exclude<keyof RenderSettingsPatch, 'captions'>[];

/** Changes the given render settings (the caller has validated them); undefined when the project is gone. */
export function updateRenderSettings(db: Db, id: string, patch: RenderSettingsPatch): Project | undefined {
  const sets: string[] = [];
  const values: (string | number)[] = [];
  for (const column of RENDER_SETTINGS_COLUMNS) {
    const value = patch[column];
    if (value === undefined) continue;
    sets.push(`${column} = ?`);
    values.push(value);
  }
  if (patch.captions?.enabled !== undefined) {
    sets.push('captions_enabled = ?');
    values.push(patch.captions.enabled ? 1 : 0);
  }
  for (const [field, column] of Object.entries(CAPTION_COLUMNS) as [keyof typeof CAPTION_COLUMNS, string][]) {
    const value = patch.captions?.[field];
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
export function failProjectRender(db: Db, id: string, failure: RenderFailure): void {
  db.prepare(
    `UPDATE projects SET status = 'FAILED', render_error = ?, render_error_code = ?, updated_at = ? WHERE id = ?`,
  ).run(failure.message, failure.code, nowIso(), id);
}

/** Start-up recovery: no project may stay PROCESSING without a live task. */
export function failInterruptedRenders(db: Db, failure: RenderFailure): number {
  return db
    .prepare(
      `UPDATE projects SET status = 'FAILED', render_error = ?, render_error_code = ?, updated_at = ?
       WHERE status = 'PROCESSING'`,
    )
    .run(failure.message, failure.code, nowIso()).changes;
}

/**
 * Points the project at a new music file and returns the one it replaces, in one
 * transaction, so of two overlapping uploads the second removes the first one's file.
 * Undefined when the project no longer exists.
 */
export function swapProjectMusicFile(
  db: Db,
  id: string,
  music: { file: string; name: string; duration_seconds: number } | null,
): { previous: string | null } | undefined {
  return db.transaction(() => {
    const row = db.prepare<[string], { music_file: string | null }>('SELECT music_file FROM projects WHERE id = ?').get(id);
    if (row === undefined) return undefined;
    db.prepare(
      'UPDATE projects SET music_file = ?, music_name = ?, music_duration = ?, updated_at = ? WHERE id = ?',
    ).run(music?.file ?? null, music?.name ?? null, music?.duration_seconds ?? null, nowIso(), id);
    return { previous: row.music_file };
  })();
}

export type SoundtrackSettingsPatch = {
  volume_db?: number | undefined;
  loop?: boolean | undefined;
  fade_out_seconds?: number | undefined;
  loudness_target?: LoudnessTarget | undefined;
};

/** Changes the music's volume/loop/fade and the loudness target; fields left out stay. */
export function updateSoundtrackSettings(db: Db, id: string, patch: SoundtrackSettingsPatch): Project | undefined {
  const row = db
    .prepare<[number | null, number | null, number | null, number | null, string, string], ProjectRow>(
      `UPDATE projects SET
         music_volume_db = COALESCE(?, music_volume_db),
         music_loop = COALESCE(?, music_loop),
         music_fade_out_seconds = COALESCE(?, music_fade_out_seconds),
         loudness_target = COALESCE(?, loudness_target),
         updated_at = ?
       WHERE id = ? RETURNING *`,
    )
    .get(
      patch.volume_db ?? null,
      patch.loop === undefined ? null : patch.loop ? 1 : 0,
      patch.fade_out_seconds ?? null,
      patch.loudness_target ?? null,
      nowIso(),
      id,
    );
  return row === undefined ? undefined : toProject(row);
}

export type ProjectVoicePatch = { voice_id?: string | null; tts_speed?: number | null };

export function updateProjectVoice(db: Db, id: string, patch: ProjectVoicePatch): Project | undefined {
  const sets: string[] = [];
  const values: (string | number | null)[] = [];
  if (patch.voice_id !== undefined) {
    sets.push('voice_id = ?');
    values.push(patch.voice_id);
  }
  if (patch.tts_speed !== undefined) {
    sets.push('tts_speed = ?');
    values.push(patch.tts_speed);
  }
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
