/** Where in a render something went wrong, in the order the stages run. */
export type RenderStage =
  | 'check-ffmpeg'
  | 'validate-plan'
  | 'probe-audio'
  | 'prepare-image'
  | 'captions'
  | 'soundtrack'
  | 'encode'
  | 'verify'
  | 'finalize';

/**
 * The engine's one error type. `message` is plain words a user can act on
 * ("Segment 4: the image could not be decoded"); ffmpeg's stderr goes only into
 * `stderrTail`, for the log. It has no HTTP status: tasks/ maps it to `render_error`.
 */
export class RenderError extends Error {
  override readonly name = 'RenderError';
  readonly stage: RenderStage;
  readonly segmentIndex?: number;
  readonly stderrTail?: string;

  constructor(
    message: string,
    details: { stage: RenderStage; segmentIndex?: number; stderrTail?: string; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.stage = details.stage;
    if (details.segmentIndex !== undefined) this.segmentIndex = details.segmentIndex;
    if (details.stderrTail !== undefined) this.stderrTail = details.stderrTail;
  }
}

/** "Segment 4: …" — segments are numbered from 1 for people, from 0 in code. */
export function segmentError(
  segmentIndex: number,
  stage: RenderStage,
  what: string,
  extra: { stderrTail?: string; cause?: unknown } = {},
): RenderError {
  return new RenderError(`Segment ${segmentIndex + 1}: ${what}`, { stage, segmentIndex, ...extra });
}

/** The error an aborted render rejects with: the signal's reason, or a DOMException named AbortError. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The render was cancelled', 'AbortError');
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}
