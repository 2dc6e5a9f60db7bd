import type { Db } from '../db/database.js';
import { findProject, projectsInheritingVoice, updateProjectVoice, type Project, type ProjectVoicePatch } from '../db/projects.js';
import { markAudioStaleness } from '../db/segments.js';
import type { Settings } from '../db/settings.js';

export type EffectiveVoice = { voiceId: string; speed: number };

/** What a project speaks with: its own voice and speed, else the settings' (SPEC §7.1). */
export function effectiveVoice(project: Pick<Project, 'voice_id' | 'tts_speed'>, settings: Settings): EffectiveVoice {
  return { voiceId: project.voice_id ?? settings.default_voice_id ?? '', speed: project.tts_speed ?? settings.tts_speed };
}

function same(a: EffectiveVoice, b: EffectiveVoice): boolean {
  return a.voiceId === b.voiceId && a.speed === b.speed;
}

/**
 * Sets a project's voice/speed; when what it speaks with changes, its existing audio is
 * marked stale (audio spoken with the new voice and speed, if any, stays fresh).
 */
export function changeProjectVoice(db: Db, projectId: string, patch: ProjectVoicePatch, settings: Settings): Project | undefined {
  return db.transaction(() => {
    const before = findProject(db, projectId);
    if (before === undefined) return undefined;
    const after = updateProjectVoice(db, projectId, patch);
    if (after === undefined) return undefined;
    const voice = effectiveVoice(after, settings);
    if (!same(effectiveVoice(before, settings), voice)) markAudioStaleness(db, projectId, voice);
    return after;
  })();
}

/** A settings change reaches every project that follows the settings' voice or speed. */
export function applySettingsVoiceChange(db: Db, before: Settings, after: Settings): void {
  db.transaction(() => {
    for (const project of projectsInheritingVoice(db)) {
      const voice = effectiveVoice(project, after);
      if (!same(effectiveVoice(project, before), voice)) markAudioStaleness(db, project.id, voice);
    }
  })();
}
