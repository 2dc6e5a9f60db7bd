/**
 * Which frames belong to which segment. Frame boundaries come from the running sum of
 * audio durations, rounded once per boundary, so rounding never accumulates: every
 * segment boundary is within half a frame of its audio boundary.
 */
export type SegmentFrames = { startFrame: number; frameCount: number };

export function planSegmentFrames(durationsSeconds: readonly number[], fps: number): SegmentFrames[] {
  const frames: SegmentFrames[] = [];
  let elapsedSeconds = 0;
  let startFrame = 0;
  for (const duration of durationsSeconds) {
    elapsedSeconds += duration;
    const endFrame = Math.round(elapsedSeconds * fps);
    frames.push({ startFrame, frameCount: endFrame - startFrame });
    startFrame = endFrame;
  }
  return frames;
}

export function totalFrames(frames: readonly SegmentFrames[]): number {
  const last = frames[frames.length - 1];
  return last === undefined ? 0 : last.startFrame + last.frameCount;
}

/** The segment that frame `frame` belongs to (the last one for frame ≥ total). */
export function segmentAtFrame(frames: readonly SegmentFrames[], frame: number): number {
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i];
    if (f !== undefined && frame < f.startFrame + f.frameCount) return i;
  }
  return Math.max(0, frames.length - 1);
}
