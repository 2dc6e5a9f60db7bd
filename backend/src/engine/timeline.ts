/**
 * The render as a timeline of clips (SPEC §7.2, DESIGN §7 "Timeline of clips"). Pure math.
 *
 * Each narration is padded to whole frames, so a segment's frame count depends on that
 * segment alone; between narrations come `pauseFrames` of silence. Total frames =
 * Σ narration frames + (N−1) × pause. A transition of T frames sits centred in the pause
 * when the pause holds it, otherwise centred on the pause over the neighbours' frames
 * (the pictures keep moving; the narrations never overlap: audio follows the narration
 * frames, not the clips).
 *
 * The clips alternate: a segment's picture alone, then the transition into the next
 * segment as a short clip of its own, and so on (a cut has no transition clips). A
 * transition therefore depends only on its two neighbours, and an edit to one segment
 * re-encodes that segment's clip and the two transitions touching it, not its neighbours'
 * whole clips. A segment's picture is visible from the first frame of the transition into
 * it to the last frame of the transition out of it, and its Ken Burns motion runs across
 * exactly that span.
 */
export type TransitionKind = 'cut' | 'crossfade' | 'fade_black';

export type TimelineInput = {
  narrationSeconds: readonly number[];
  fps: number;
  pauseSeconds: number;
  transition: TransitionKind;
  transitionSeconds: number;
};

export type TimelineSegment = {
  narrationStartFrame: number;
  narrationFrames: number;
  /** The frames this segment's picture is on screen (alone or in a transition). */
  visibleStartFrame: number;
  visibleFrames: number;
};

export type TimelineClip = {
  /** A segment's picture alone, or the transition from the previous segment's picture into it. */
  kind: 'picture' | 'transition';
  /** The segment whose picture this clip shows (for a transition: the incoming one). */
  segmentIndex: number;
  startFrame: number;
  frameCount: number;
};

export type Timeline = {
  fps: number;
  totalFrames: number;
  pauseFrames: number;
  /** The transition length actually used (shortened only when a segment is too short to hold it). */
  transitionFrames: number;
  segments: TimelineSegment[];
  /** In timeline order; together they cover every frame once. */
  clips: TimelineClip[];
};

/** Whole frames a narration occupies: padded up, never shortened (a hair of float error is forgiven). */
export function narrationFrameCount(seconds: number, fps: number): number {
  return Math.max(1, Math.ceil(seconds * fps - 1e-6));
}

export function planTimeline(input: TimelineInput): Timeline {
  const { fps } = input;
  const narration = input.narrationSeconds.map((s) => narrationFrameCount(s, fps));
  const pauseFrames = narration.length > 1 ? Math.round(input.pauseSeconds * fps) : 0;
  let transitionFrames = input.transition === 'cut' || narration.length < 2 ? 0 : Math.max(1, Math.round(input.transitionSeconds * fps));
  while (transitionFrames > 0 && !fits(narration, pauseFrames, transitionFrames)) transitionFrames -= 1;

  const starts: number[] = [];
  let next = 0;
  for (const frames of narration) {
    starts.push(next);
    next += frames + pauseFrames;
  }
  const totalFrames = next - pauseFrames;
  // Segment i's clips start where the transition into it starts (segment 0's at frame 0).
  const clipStart = (i: number): number =>
    i === 0 ? 0 : i === narration.length ? totalFrames : starts[i]! - pauseFrames + Math.floor((pauseFrames - transitionFrames) / 2);

  const clips: TimelineClip[] = [];
  for (let i = 0; i < narration.length; i++) {
    const transition = i === 0 ? 0 : transitionFrames;
    if (transition > 0) clips.push({ kind: 'transition', segmentIndex: i, startFrame: clipStart(i), frameCount: transition });
    const start = clipStart(i) + transition;
    clips.push({ kind: 'picture', segmentIndex: i, startFrame: start, frameCount: clipStart(i + 1) - start });
  }
  const segments: TimelineSegment[] = narration.map((frames, i) => {
    const visibleStartFrame = clipStart(i);
    const visibleEnd = i === narration.length - 1 ? totalFrames : clipStart(i + 1) + transitionFrames;
    return { narrationStartFrame: starts[i]!, narrationFrames: frames, visibleStartFrame, visibleFrames: visibleEnd - visibleStartFrame };
  });
  return { fps, totalFrames, pauseFrames, transitionFrames, segments, clips };
}

/** Every segment must hold its whole incoming transition and at least one frame of its own picture alone. */
function fits(narration: readonly number[], pause: number, transition: number): boolean {
  const lead = Math.floor((pause - transition) / 2);
  const n = narration.length;
  if (narration[0]! + lead < 1) return false;
  for (let i = 1; i < n - 1; i++) if (narration[i]! + pause < transition + 1) return false;
  return narration[n - 1]! + pause - lead >= transition + 1;
}

/**
 * Blend weight of the incoming picture at transition frame j of T: never exactly 0 or
 * 1, so every transition frame differs from a plain frame; 0.5 at the middle of an odd T.
 */
export function transitionAlpha(j: number, transitionFrames: number): number {
  return (j + 1) / (transitionFrames + 1);
}
