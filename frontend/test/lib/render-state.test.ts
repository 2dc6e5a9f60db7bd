import {
  IDLE_RENDER,
  POLL_INTERVAL_MS,
  describeRender,
  liveProjectStatus,
  nextSnapshot,
  progressLabel,
  renderNeedsRead,
  renderOutcome,
  renderPollInterval,
  secondsLeft,
  snapshotFromProject,
} from '@/lib/render-state';
import { OUTPUT, OUTPUT_URL, cancelled, completed, failed, processing, progress, project } from '@/test/helpers/render-fixtures';

const snap = nextSnapshot.bind(null, undefined);

describe('renderPollInterval (when polling stops)', () => {
  it('polls every 3 s while the project renders', () => {
    expect(renderPollInterval({ status: 'success', data: snap(processing()) })).toBe(POLL_INTERVAL_MS);
  });

  it.each([
    ['COMPLETED', snap(completed())],
    ['FAILED', snap(failed('boom'))],
    ['DRAFT', snapshotFromProject(project())],
  ])('stops at %s', (_name, data) => {
    expect(renderPollInterval({ status: 'success', data })).toBe(false);
  });

  it('stops after a failed read, even while the last answer said PROCESSING', () => {
    expect(renderPollInterval({ status: 'error', data: snap(processing()) })).toBe(false);
  });

  it('does not poll what it knows nothing about', () => {
    expect(renderPollInterval({ status: 'pending', data: undefined })).toBe(false);
  });
});

describe('renderNeedsRead (staleness)', () => {
  it('reads a running render and a completed one without its file facts; nothing else', () => {
    expect(renderNeedsRead(undefined)).toBe(true);
    expect(renderNeedsRead(snapshotFromProject(project({ status: 'PROCESSING' })))).toBe(true);
    expect(renderNeedsRead(snapshotFromProject(project({ status: 'COMPLETED', output_path: OUTPUT_URL })))).toBe(true);
    expect(renderNeedsRead(snap(completed()))).toBe(false);
    expect(renderNeedsRead(snapshotFromProject(project({ status: 'FAILED', render_error: 'x' })))).toBe(false);
    expect(renderNeedsRead(snapshotFromProject(project()))).toBe(false);
  });
});

describe('nextSnapshot', () => {
  it('keeps the finished video as the previous one while a re-render runs', () => {
    const done = snap(completed());
    const rerender = nextSnapshot(done, processing(progress(1, 12, 2)));
    expect(rerender.previous_video).toEqual({ url: OUTPUT_URL, version: OUTPUT.rendered_at, output: OUTPUT });
    expect(nextSnapshot(rerender, processing(progress(2, 12, 9))).previous_video).toEqual(rerender.previous_video);
    expect(nextSnapshot(rerender, completed()).previous_video).toBeNull();
  });

  it('a project opened mid-render still shows its last good file', () => {
    const seeded = snapshotFromProject(project({ status: 'PROCESSING', output_path: OUTPUT_URL, updated_at: '2025-02-01T00:00:00.000Z' }));
    expect(seeded.previous_video).toEqual({ url: OUTPUT_URL, version: '2025-02-01T00:00:00.000Z', output: null });
    expect(snapshotFromProject(project({ status: 'PROCESSING' })).previous_video).toBeNull();
  });

  it('versions a completed file without rendered_at by the moment it was first seen', () => {
    const { output: _none, ...bare } = completed();
    const first = nextSnapshot(undefined, bare, undefined, () => 42);
    expect(first.output_version).toBe('42');
    expect(nextSnapshot(first, bare, first, () => 99).output_version).toBe('42');
  });
});

describe('renderOutcome', () => {
  it('names what the watcher saw happen, by the error code', () => {
    const running = snap(processing());
    expect(renderOutcome(running, snap(completed()))).toBe('completed');
    expect(renderOutcome(running, snap(failed('boom', null, 'encoder')))).toBe('failed');
    expect(renderOutcome(running, snap(cancelled()))).toBe('cancelled');
    expect(renderOutcome(running, snap(processing()))).toBeNull();
    expect(renderOutcome(snap(completed()), snap(completed()))).toBeNull();
    expect(renderOutcome(undefined, snap(failed('boom')))).toBeNull();
  });
});

describe('describeRender', () => {
  it('keeps the shown state while validating', () => {
    const render = describeRender(snap(completed()), { starting: true, cancelling: false, pollError: null });
    expect(render).toMatchObject({ renderStatus: 'validating', outputUrl: OUTPUT_URL });
    expect(describeRender(undefined, { starting: true, cancelling: false, pollError: null }).renderStatus).toBe('validating');
  });

  it('is idle with nothing known', () => {
    expect(describeRender(undefined, { starting: false, cancelling: false, pollError: null })).toEqual(IDLE_RENDER);
  });
});

describe('liveProjectStatus', () => {
  it('prefers what the browser learned since the page loaded', () => {
    expect(liveProjectStatus(undefined, 'DRAFT')).toBe('DRAFT');
    expect(liveProjectStatus({ ...IDLE_RENDER, renderStatus: 'validating' }, 'COMPLETED')).toBe('COMPLETED');
    expect(liveProjectStatus({ ...IDLE_RENDER, renderStatus: 'rendering' }, 'DRAFT')).toBe('PROCESSING');
    expect(liveProjectStatus({ ...IDLE_RENDER, renderStatus: 'completed' }, 'PROCESSING')).toBe('COMPLETED');
    expect(liveProjectStatus({ ...IDLE_RENDER, renderStatus: 'failed' }, 'PROCESSING')).toBe('FAILED');
  });
});

describe('progressLabel', () => {
  it('says "Preparing…" until the first segment is drawn, never "Segment 0/6"', () => {
    expect(progressLabel(progress(0, 6, 0, 'Starting render'))).toBe('Preparing…');
    expect(progressLabel(progress(0, 6, 0, 'Waiting for 1 task(s) ahead'))).toBe('Preparing…');
    expect(progressLabel(progress(1, 6, 4))).toBe('Segment 1/6 (4%)');
    expect(progressLabel(null)).toBe('Waiting to start…');
  });
});

describe('secondsLeft', () => {
  it('hides the first estimates, taken while the render is still starting up', () => {
    expect(secondsLeft({ ...progress(1, 6, 2), frames_done: 30, frames_total: 1500, fps: 3, eta_seconds: 492 })).toBeNull();
    expect(secondsLeft({ ...progress(1, 6, 9), eta_seconds: 492 })).toBeNull();
  });

  it("shows the server's estimate from a tenth of the frames on", () => {
    expect(secondsLeft({ ...progress(2, 6, 12), frames_done: 150, frames_total: 1500, fps: 30, eta_seconds: 45 })).toBe(45);
    expect(secondsLeft({ ...progress(2, 6, 12), eta_seconds: -3 })).toBe(0);
  });

  it('estimates from the frame counters when the server gives none', () => {
    expect(secondsLeft({ ...progress(12, 12, 90), frames_done: 300, frames_total: 900, fps: 60 })).toBe(10);
    expect(secondsLeft(progress(7, 12, 58))).toBeNull();
  });
});
