/**
 * The one catalogue of errors a request can end in. Routes and services throw these;
 * the error handler in app.ts is the only place that turns them into HTTP bodies
 * ({error, details?} with the status below).
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
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
  constructor(message: string, details?: unknown) {
    super(400, 'BAD_REQUEST', message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, 'NOT_FOUND', `${what} not found`);
  }
}

export class NotReadyError extends AppError {
  constructor(message: string, details: unknown) {
    super(400, 'NOT_READY', message, details);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, extra?: Record<string, unknown>, code = 'CONFLICT') {
    super(409, code, message, undefined, extra);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string, details?: unknown) {
    super(413, 'PAYLOAD_TOO_LARGE', message, details);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super(403, 'FORBIDDEN', message);
  }
}

/** A program StoryFlow needs (FFmpeg, a speech engine) is missing or broken. */
export class DependencyError extends AppError {
  constructor(message: string, status = 500) {
    super(status, 'DEPENDENCY_MISSING', message);
  }
}

/**
 * A field check that needs more than a schema (e.g. the voice must be installed).
 * Answered like a schema failure: 400 {"<field>": ["message", ...]}.
 */
export class FieldValidationError extends AppError {
  constructor(
    readonly fields: Readonly<Record<string, readonly string[]>>,
    code = 'INVALID_FIELDS',
  ) {
    super(400, code, Object.values(fields).flat().join('; '));
  }
}
