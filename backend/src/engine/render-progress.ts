/**
 * Turns what the renderer knows (phase, frames encoded) into RenderProgress reports:
 * percentage is an integer that never decreases, fps and ETA come from encoded frames,
 * and a report goes out at least once a second even when nothing changes.
 */
export type RenderProgress = {
  phase: string;
  /** 1-based segment being worked on. */
  currentSegment: number;
  totalSegments: number;
  framesDone: number;
  framesTotal: number;
  /** Integer 0–100, never decreasing during one render. */
  percentage: number;
  fps: number;
  etaSeconds: number | null;
  /** Clips reused from the cache, of all clips (SPEC §7.5: "4 of 6 clips reused"). */
  clipsCached: number;
  clipsTotal: number;
};

/** Share of the bar for work before the first frame and after the last (faststart, verify, rename). */
const PREPARE_PERCENT = 2;
const FINALIZE_PERCENT = 3;
const HEARTBEAT_MS = 500;

export class ProgressReporter {
  private state: RenderProgress;
  private encodeStartedMs: number | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(
    totalSegments: number,
    private readonly onProgress: ((p: RenderProgress) => void) | undefined,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.state = {
      phase: 'Preparing images',
      currentSegment: 1,
      totalSegments,
      framesDone: 0,
      framesTotal: 0,
      percentage: 0,
      fps: 0,
      etaSeconds: null,
      clipsCached: 0,
      clipsTotal: totalSegments,
    };
    this.timer = setInterval(() => this.emit(), HEARTBEAT_MS);
    this.timer.unref();
  }

  /**
   * `framesTotal` counts only the frames to encode: cached clips cost nothing. Until the
   * timeline is planned, clipsTotal is the segment count (a cut's clips are its segments).
   */
  startEncoding(clips: { framesTotal: number; clipsCached: number; clipsTotal: number }): void {
    this.encodeStartedMs = this.nowMs();
    this.update({ ...clips, percentage: PREPARE_PERCENT });
  }

  frames(framesDone: number, currentSegment: number, phase: string): void {
    const total = Math.max(1, this.state.framesTotal);
    const done = Math.min(framesDone, this.state.framesTotal);
    const elapsedSeconds = this.encodeStartedMs === null ? 0 : (this.nowMs() - this.encodeStartedMs) / 1000;
    const fps = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
    const remaining = this.state.framesTotal - done;
    this.update({
      phase,
      currentSegment,
      framesDone: done,
      fps: Math.round(fps * 10) / 10,
      etaSeconds: fps > 0 ? Math.round(remaining / fps) : null,
      percentage: PREPARE_PERCENT + Math.floor(((100 - PREPARE_PERCENT - FINALIZE_PERCENT) * done) / total),
    });
  }

  phase(phase: string, percentage?: number): void {
    this.update(percentage === undefined ? { phase } : { phase, percentage });
  }

  complete(): void {
    this.update({ phase: 'Export complete', currentSegment: this.state.totalSegments, percentage: 100, etaSeconds: 0 });
    this.stop();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private update(change: Partial<RenderProgress>): void {
    const next = { ...this.state, ...change };
    next.percentage = Math.max(this.state.percentage, Math.min(100, next.percentage));
    this.state = next;
    this.emit();
  }

  private emit(): void {
    this.onProgress?.({ ...this.state });
  }
}
