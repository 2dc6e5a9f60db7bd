import type { Db } from './database.js';

/** Kept in step with KOKORO_DEFAULT_VOICE in engine/speech/kokoro.ts (db/ does not import the engine). */
const KOKORO_DEFAULT_VOICE_ID = 'kokoro:af_heart';

/** The GlobalSettings singleton (SPEC §1). `default_voice_id` is null until a speech engine has been asked for its default. */
export type Settings = {
  default_voice_id: string | null;
  tts_speed: number;
  zoom_intensity: number;
  subtitle_font: string;
  subtitle_color: string;
};

export type SettingsPatch = Partial<{
  default_voice_id: string;
  tts_speed: number;
  zoom_intensity: number;
  subtitle_font: string;
  subtitle_color: string;
}>;

const COLUMNS = ['default_voice_id', 'tts_speed', 'zoom_intensity', 'subtitle_font', 'subtitle_color'] as const;

/**
 * Reads the settings, creating the row with the SPEC defaults on first read. When
 * `defaultVoiceId` is given and no voice has been chosen yet, it becomes the stored voice.
 */
export function getSettings(db: Db, defaultVoiceId?: string): Settings {
  db.prepare('INSERT OR IGNORE INTO settings (id, default_voice_id) VALUES (1, ?)').run(defaultVoiceId ?? null);
  if (defaultVoiceId !== undefined) {
    db.prepare('UPDATE settings SET default_voice_id = ? WHERE id = 1 AND default_voice_id IS NULL').run(defaultVoiceId);
  }
  const row = db.prepare<[], Settings>(`SELECT ${COLUMNS.join(', ')} FROM settings WHERE id = 1`).get();
  if (row === undefined) throw new Error('The settings row could not be created');
  return row;
}

/** Applies the given fields (already validated) and returns the whole settings. */
export function updateSettings(db: Db, patch: SettingsPatch): Settings {
  getSettings(db);
  const sets: string[] = [];
  const values: (string | number)[] = [];
  for (const column of COLUMNS) {
    const value = patch[column];
    if (value !== undefined) {
      sets.push(`${column} = ?`);
      values.push(value);
    }
  }
  if (sets.length > 0) db.prepare(`UPDATE settings SET ${sets.join(', ')} WHERE id = 1`).run(...values);
  return getSettings(db);
}

/**
 * After the Kokoro download: an espeak-ng default voice becomes Kokoro's default voice.
 * A Kokoro voice the user already picked stays.
 */
export function adoptKokoroAsDefault(db: Db): { before: Settings; after: Settings } {
  const before = getSettings(db);
  db.prepare(`UPDATE settings SET default_voice_id = ? WHERE id = 1 AND (default_voice_id IS NULL OR default_voice_id NOT LIKE 'kokoro:%')`).run(
    KOKORO_DEFAULT_VOICE_ID,
  );
  return { before, after: getSettings(db) };
}
