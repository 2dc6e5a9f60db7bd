import { describe, expect, it } from 'vitest';
import { insertProject } from '../../src/db/projects.js';
import { appendSegments, findSegment, setAlignedWordTimings, setSegmentAudio, updateSegment } from '../../src/db/segments.js';
import { buildTestApp } from '../helper.js';

const WORDS = [{ word: 'Hello', start: 0.1, end: 0.4 }, { word: 'there.', start: 0.5, end: 0.9 }];

async function segmentWithAudio() {
  const app = await buildTestApp();
  const db = app.ctx.db;
  const project = insertProject(db, { title: 'Align' });
  const [segment] = appendSegments(db, project.id, [{ text_content: 'Hello there.', image_prompt: '' }]);
  const withAudio = setSegmentAudio(db, segment!.id, { file: 'projects/x/audio/a.wav', durationSeconds: 1.2, wordTimings: null })!;
  const basis = { audioFile: withAudio.audio_file!, audioDuration: withAudio.audio_duration, text: withAudio.text_content };
  return { db, segment: withAudio, basis };
}

describe('storing aligned word timings (setAlignedWordTimings)', () => {
  it('stores them for the same audio and text, leaving updated_at alone so the video stays current', async () => {
    const { db, segment, basis } = await segmentWithAudio();
    expect(setAlignedWordTimings(db, segment.id, basis, WORDS)).toBe(true);
    const after = findSegment(db, segment.id)!;
    expect(after.word_timings).toEqual(WORDS);
    expect(after.updated_at).toBe(segment.updated_at);
  });

  it('refuses when the text was edited while aligning', async () => {
    const { db, segment, basis } = await segmentWithAudio();
    updateSegment(db, segment.id, { text_content: 'Goodbye.' });
    expect(setAlignedWordTimings(db, segment.id, basis, WORDS)).toBe(false);
    expect(findSegment(db, segment.id)!.word_timings).toBeNull();
  });

  it('refuses when the audio was regenerated (same file name, another length) or removed', async () => {
    const { db, segment, basis } = await segmentWithAudio();
    setSegmentAudio(db, segment.id, { file: basis.audioFile, durationSeconds: 2.5, wordTimings: null });
    expect(setAlignedWordTimings(db, segment.id, basis, WORDS)).toBe(false);
    setSegmentAudio(db, segment.id, null);
    expect(setAlignedWordTimings(db, segment.id, basis, WORDS)).toBe(false);
    expect(findSegment(db, segment.id)!.word_timings).toBeNull();
  });

  it('never replaces timings the synthesis stored', async () => {
    const { db, segment, basis } = await segmentWithAudio();
    const fromSynthesis = [{ word: 'Hello', start: 0.12, end: 0.41 }, { word: 'there.', start: 0.52, end: 0.88 }];
    setSegmentAudio(db, segment.id, { file: basis.audioFile, durationSeconds: 1.2, wordTimings: fromSynthesis });
    expect(setAlignedWordTimings(db, segment.id, basis, WORDS)).toBe(false);
    expect(findSegment(db, segment.id)!.word_timings).toEqual(fromSynthesis);
  });
});
