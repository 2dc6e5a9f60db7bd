import { describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { buildTestApp } from '../helper.js';
import { expectFieldErrors, request } from './fixtures.js';
import { seedProject, waitForTask } from './speech-helpers.js';

type SegmentBody = { id: string; audio_file: string | null; audio_duration: number | null; audio_stale: boolean };

async function speakAll(app: App, projectId: string): Promise<void> {
  const res = await request(app, 'POST', `/api/projects/${projectId}/generate-all-audio/`, { force_regenerate: true });
  expect(res.statusCode).toBe(202);
  const task = await waitForTask(app, res.json<{ task_id: string }>().task_id);
  expect(task.status).toBe('COMPLETED');
}

async function segmentsOf(app: App, projectId: string): Promise<SegmentBody[]> {
  return (await request(app, 'GET', `/api/projects/${projectId}/`)).json<{ segments: SegmentBody[] }>().segments;
}

describe('per-project voice and speed (SPEC §7.1)', () => {
  it('follows the settings until set, and PATCH stores voice_id and tts_speed', async () => {
    const app = await buildTestApp();
    const { project } = seedProject(app, ['One.']);
    expect((await request(app, 'GET', `/api/projects/${project.id}/`)).json()).toMatchObject({ voice_id: null, tts_speed: null });
    const res = await request(app, 'PATCH', `/api/projects/${project.id}/`, { voice_id: 'espeak:en-us+f3', tts_speed: 1.5 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: project.id, title: 'Lighthouse', voice_id: 'espeak:en-us+f3', tts_speed: 1.5 });
    const back = await request(app, 'PATCH', `/api/projects/${project.id}/`, { voice_id: null, title: 'Renamed' });
    expect(back.json()).toMatchObject({ title: 'Renamed', voice_id: null, tts_speed: 1.5 });
  });

  it('refuses an unlisted voice or an out-of-range speed with a field error and changes nothing', async () => {
    const app = await buildTestApp();
    const { project } = seedProject(app, ['One.']);
    expectFieldErrors(await request(app, 'PATCH', `/api/projects/${project.id}/`, { voice_id: 'espeak:xx-nope' }), ['voice_id']);
    expectFieldErrors(await request(app, 'PATCH', `/api/projects/${project.id}/`, { tts_speed: 2.5 }), ['tts_speed']);
    expect((await request(app, 'GET', `/api/projects/${project.id}/`)).json()).toMatchObject({ voice_id: null, tts_speed: null });
    expect((await request(app, 'PATCH', '/api/projects/nope/', { tts_speed: 1 })).statusCode).toBe(404);
  });

  it('speaks with the project voice, marks audio stale when voice or speed changes and fresh again after regenerating', async () => {
    const app = await buildTestApp();
    const { project } = seedProject(app, ['The lighthouse keeper had not seen a ship in forty years.', 'Then one came.']);
    await request(app, 'PATCH', `/api/projects/${project.id}/`, { tts_speed: 2 });
    await speakAll(app, project.id);
    const fast = await segmentsOf(app, project.id);
    expect(fast.every((s) => s.audio_file !== null && !s.audio_stale)).toBe(true);

    // Setting the same values again is no change.
    await request(app, 'PATCH', `/api/projects/${project.id}/`, { tts_speed: 2 });
    expect((await segmentsOf(app, project.id)).some((s) => s.audio_stale)).toBe(false);

    await request(app, 'PATCH', `/api/projects/${project.id}/`, { tts_speed: 1 });
    expect((await segmentsOf(app, project.id)).every((s) => s.audio_stale)).toBe(true);
    // Back to what the audio was spoken with: fresh again.
    await request(app, 'PATCH', `/api/projects/${project.id}/`, { tts_speed: 2 });
    expect((await segmentsOf(app, project.id)).some((s) => s.audio_stale)).toBe(false);

    await request(app, 'PATCH', `/api/projects/${project.id}/`, { tts_speed: 1, voice_id: 'espeak:en-us+f3' });
    expect((await segmentsOf(app, project.id)).every((s) => s.audio_stale)).toBe(true);
    await speakAll(app, project.id);
    const slow = await segmentsOf(app, project.id);
    expect(slow.some((s) => s.audio_stale)).toBe(false);
    // The task used the project's speed: half the pace, clearly longer audio.
    expect(slow[0]!.audio_duration!).toBeGreaterThan(fast[0]!.audio_duration! * 1.5);
    const row = app.ctx.db.prepare('SELECT audio_voice_id, audio_tts_speed FROM segments WHERE id = ?').get(slow[0]!.id);
    expect(row).toEqual({ audio_voice_id: 'espeak:en-us+f3', audio_tts_speed: 1 });
  });

  it('a settings voice change marks stale the audio of projects that follow the settings, not of those with their own voice', async () => {
    const app = await buildTestApp();
    const following = seedProject(app, ['One.'], 'Following').project;
    const own = seedProject(app, ['Two.'], 'Own').project;
    await request(app, 'PATCH', `/api/projects/${own.id}/`, { voice_id: 'espeak:en-us', tts_speed: 1 });
    await speakAll(app, following.id);
    await speakAll(app, own.id);
    await request(app, 'PATCH', '/api/settings/', { default_voice_id: 'espeak:de' });
    expect((await segmentsOf(app, following.id))[0]!.audio_stale).toBe(true);
    expect((await segmentsOf(app, own.id))[0]!.audio_stale).toBe(false);
  });
});
