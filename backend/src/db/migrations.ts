import type Database from 'better-sqlite3';

/**
 * Ordered schema migrations; PRAGMA user_version records how many have run.
 * Append new entries, never edit a released one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE projects (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'DRAFT'
      CHECK (status IN ('DRAFT', 'PROCESSING', 'COMPLETED', 'FAILED')),
    resolution_width INTEGER NOT NULL DEFAULT 1920,
    resolution_height INTEGER NOT NULL DEFAULT 1080,
    framerate INTEGER NOT NULL DEFAULT 30,
    output_path TEXT,
    render_error TEXT,
    -- JSON: {duration_seconds, file_size_bytes, width, height, fps, rendered_at} of the last good render
    output_meta TEXT
  );
  CREATE INDEX projects_created_at ON projects (created_at DESC);

  CREATE TABLE segments (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    sequence_index INTEGER NOT NULL CHECK (sequence_index >= 0),
    text_content TEXT NOT NULL DEFAULT '',
    image_prompt TEXT NOT NULL DEFAULT '',
    -- paths relative to the media directory, e.g. projects/{pid}/images/{sid}_name.png
    image_file TEXT,
    audio_file TEXT,
    audio_duration REAL,
    is_locked INTEGER NOT NULL DEFAULT 0 CHECK (is_locked IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX segments_project_order ON segments (project_id, sequence_index);

  CREATE TABLE settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    default_voice_id TEXT,
    tts_speed REAL NOT NULL DEFAULT 1.0,
    zoom_intensity REAL NOT NULL DEFAULT 1.3,
    subtitle_font TEXT NOT NULL DEFAULT '',
    subtitle_color TEXT NOT NULL DEFAULT '#FFFFFF'
  );

  CREATE TABLE tasks (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    project_id TEXT,
    status TEXT NOT NULL DEFAULT 'PENDING'
      CHECK (status IN ('PENDING', 'PROCESSING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    payload TEXT NOT NULL DEFAULT '{}',
    progress TEXT NOT NULL DEFAULT '{}',
    completed_segments TEXT NOT NULL DEFAULT '[]',
    errors TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
  );
  CREATE INDEX tasks_status ON tasks (status, seq);
  `,
  // Why the last render failed, as a code clients can decide by (render_error stays the words).
  `
  ALTER TABLE projects ADD COLUMN render_error_code TEXT;
  `,
  // Music under the narration (SPEC §7.4) and the soundtrack's loudness target (§7.2).
  `
  ALTER TABLE projects ADD COLUMN music_file TEXT;
  ALTER TABLE projects ADD COLUMN music_name TEXT;
  ALTER TABLE projects ADD COLUMN music_duration REAL;
  ALTER TABLE projects ADD COLUMN music_volume_db REAL NOT NULL DEFAULT -12;
  ALTER TABLE projects ADD COLUMN music_loop INTEGER NOT NULL DEFAULT 1 CHECK (music_loop IN (0, 1));
  ALTER TABLE projects ADD COLUMN music_fade_out_seconds REAL NOT NULL DEFAULT 3;
  ALTER TABLE projects ADD COLUMN loudness_target INTEGER NOT NULL DEFAULT -14 CHECK (loudness_target IN (-14, -23));
  `,
  // Per-project voice and speed (SPEC §7.1); NULL means "the default from the settings".
  // Each segment remembers what its audio was spoken with, so a change can mark it stale.
  `
  ALTER TABLE projects ADD COLUMN voice_id TEXT;
  ALTER TABLE projects ADD COLUMN tts_speed REAL;
  ALTER TABLE segments ADD COLUMN audio_voice_id TEXT;
  ALTER TABLE segments ADD COLUMN audio_tts_speed REAL;
  ALTER TABLE segments ADD COLUMN audio_stale INTEGER NOT NULL DEFAULT 0 CHECK (audio_stale IN (0, 1));
  `,
  // Word timings ([{word, start, end}] as JSON) from the synthesis that wrote the segment's audio.
  `
  ALTER TABLE segments ADD COLUMN word_timings TEXT DEFAULT NULL;
  `,
  // Render settings (SPEC §7.1) and per-segment motion. Existing projects keep the defaults;
  // their segments get the motion their position gave them before it was stored.
  `
  ALTER TABLE projects ADD COLUMN aspect TEXT NOT NULL DEFAULT '16:9';
  ALTER TABLE projects ADD COLUMN quality TEXT NOT NULL DEFAULT 'standard';
  ALTER TABLE projects ADD COLUMN transition TEXT NOT NULL DEFAULT 'crossfade';
  ALTER TABLE projects ADD COLUMN transition_seconds REAL NOT NULL DEFAULT 0.5;
  ALTER TABLE projects ADD COLUMN segment_pause_seconds REAL NOT NULL DEFAULT 0.3;
  -- hash of the inputs of the last good render; NULL until one is recorded (see render-fingerprint.ts)
  ALTER TABLE projects ADD COLUMN rendered_fingerprint TEXT;
  -- relative path and JSON facts of the last draft preview (preview.mp4)
  ALTER TABLE projects ADD COLUMN preview_path TEXT;
  ALTER TABLE projects ADD COLUMN preview_meta TEXT;
  ALTER TABLE segments ADD COLUMN motion TEXT NOT NULL DEFAULT 'center_center';
  ALTER TABLE segments ADD COLUMN focus_x REAL;
  ALTER TABLE segments ADD COLUMN focus_y REAL;
  UPDATE segments SET motion = CASE sequence_index % 7
    WHEN 0 THEN 'center_center'
    WHEN 1 THEN 'top_left_bottom_right'
    WHEN 2 THEN 'bottom_right_top_left'
    WHEN 3 THEN 'top_right_bottom_left'
    WHEN 4 THEN 'bottom_left_top_right'
    WHEN 5 THEN 'center_top_left'
    ELSE 'center_bottom_right' END;
  `,
  // Captions (SPEC §7.3), on by default so existing projects get SRT/VTT with their next render.
  `
  ALTER TABLE projects ADD COLUMN captions_enabled INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE projects ADD COLUMN captions_style TEXT NOT NULL DEFAULT 'classic';
  `,
  // The rest of the captions settings (SPEC §7.3); defaults equal DEFAULT_CAPTIONS of the contract.
  `
  ALTER TABLE projects ADD COLUMN captions_position TEXT NOT NULL DEFAULT 'bottom';
  ALTER TABLE projects ADD COLUMN captions_font TEXT NOT NULL DEFAULT 'bundled:noto-sans';
  ALTER TABLE projects ADD COLUMN captions_size INTEGER NOT NULL DEFAULT 64;
  ALTER TABLE projects ADD COLUMN captions_color TEXT NOT NULL DEFAULT '#FFFFFF';
  ALTER TABLE projects ADD COLUMN captions_outline_color TEXT NOT NULL DEFAULT '#000000';
  ALTER TABLE projects ADD COLUMN captions_highlight_color TEXT NOT NULL DEFAULT '#FFD400';
  ALTER TABLE projects ADD COLUMN captions_words_per_caption INTEGER NOT NULL DEFAULT 7;
  `,
  // Undo (SPEC §7.8): a deleted segment or a removed image, restorable for a while. Its files
  // wait in {project}/.trash/{entry}/ (see services/segment-trash.ts); a kept row is the
  // deleted segments row as JSON.
  `
  CREATE TABLE trash (
    segment_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('segment', 'image')),
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    segment_row TEXT,
    folder TEXT NOT NULL,
    files TEXT NOT NULL DEFAULT '[]',
    trashed_at TEXT NOT NULL,
    PRIMARY KEY (segment_id, kind)
  );
  CREATE INDEX trash_trashed_at ON trash (trashed_at);
  `,
];

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version++) {
    const sql = MIGRATIONS[version];
    if (sql === undefined) break;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
