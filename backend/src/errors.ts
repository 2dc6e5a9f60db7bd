import type { ErrorCode } from '@storyflow/contract';

/**
 * The one catalogue of errors a request can end in. Routes and services throw these;
 * the error handler in app.ts is the only place that turns them into HTTP bodies
 * ({error, code, details?} with the status below). `code` is what clients decide by;
 * `message` is for people.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Extra top-level keys the SPEC puts beside `error` (e.g. project_id on a 409). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(400, code, message, details);
  }
}

/** The things an id can name; each has its own code ("project_not_found", …). */
type Findable = 'Project' | 'Segment' | 'Task' | 'Voice' | 'Font';

export class NotFoundError extends AppError {
  constructor(what: Findable) {
    super(404, `${what.toLowerCase() as Lowercase<Findable>}_not_found`, `${what} not found`);
  }
}

export class NotReadyError extends AppError {
  constructor(message: string, details: unknown) {
    super(400, 'project_not_ready', message, details);
  }
}

export class ConflictError extends AppError {
  constructor(code: ErrorCode, message: string, extra?: Record<string, unknown>) {
    super(409, code, message, undefined, extra);
  }
}

export class ForbiddenError extends AppError {
  constructor(code: ErrorCode, message: string) {
    super(403, code, message);
  }
}

/** A program StoryFlow needs (FFmpeg, a speech engine) is missing or broken. */
export class DependencyError extends AppError {
  constructor(code: 'ffmpeg_missing' | 'speech_unavailable', message: string, status = 500) {
    super(status, code, message);
  }
}

/**
 * A field check that needs more than a schema (e.g. the voice must be installed).
 * Answered like a schema failure: 400 {"<field>": ["message", ...], code: "validation_failed"}.
 */
export class FieldValidationError extends AppError {
  constructor(readonly fields: Readonly<Record<string, readonly string[]>>) {
    super(400, 'validation_failed', Object.values(fields).flat().join('; '));
  }
}
