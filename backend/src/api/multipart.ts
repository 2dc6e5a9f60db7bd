import type { ErrorCode } from '@storyflow/contract';
import type { FastifyRequest } from 'fastify';
import { AppError, BadRequestError } from '../errors.js';

/** Room for the multipart framing (boundaries, part headers) around the file itself. */
const FRAMING_BYTES = 64 * 1024;

class UploadTooLargeError extends AppError {
  constructor(maxBytes: number) {
    super(413, 'file_too_large', 'File too large', `The file may be at most ${Math.round(maxBytes / 1024 / 1024)} MB`);
  }
}

class MalformedMultipartError extends AppError {
  constructor(details: string) {
    super(400, 'malformed_multipart', 'Malformed multipart body', details);
  }
}

/**
 * The one way an upload route reads its file: the first file in `field`, whole, or a 4xx
 * that says what was wrong. Every multipart failure is the sender's (a body cut short, a
 * boundary that does not match the header, the wrong field, too many bytes), so none may
 * surface as a 500. A body whose declared length is already too large is refused before
 * a byte of it is read.
 */
export async function readMultipartFile(
  req: FastifyRequest,
  {
    field,
    maxBytes,
    what,
    missingCode,
  }: { field: string; maxBytes: number; what: string; missingCode: ErrorCode },
): Promise<{ filename: string; data: Buffer }> {
  const missing = () =>
    new BadRequestError(missingCode, `No ${what} file`, `Send the ${what} as multipart/form-data in the field "${field}"`);
  if (!req.isMultipart()) throw missing();
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes + FRAMING_BYTES) throw new UploadTooLargeError(maxBytes);
  let found: { filename: string; data: Buffer } | undefined;
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 4, fields: 10, parts: 14 } })) {
      if (part.type !== 'file') continue;
      // Every part is read to its end, even one that is not wanted: the parser only moves
      // on (and only notices a broken body) once the part before it has been consumed.
      const data = await part.toBuffer();
      if (part.fieldname === field && found === undefined) found = { filename: part.filename, data };
    }
  } catch (err) {
    throw multipartFailure(err, maxBytes);
  }
  if (found === undefined) throw missing();
  return found;
}

function multipartFailure(err: unknown, maxBytes: number): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new UploadTooLargeError(maxBytes);
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new MalformedMultipartError('Send one file and no more than a few fields');
  }
  const message = err instanceof Error ? err.message : String(err);
  return new MalformedMultipartError(`The multipart body could not be read: ${message}`);
}
