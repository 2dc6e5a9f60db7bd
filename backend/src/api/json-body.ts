import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

class InvalidUnicodeError extends AppError {
  constructor(details: string) {
    super(400, 'invalid_unicode', 'The request contains text that is not valid Unicode', details);
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** In a /u pattern a surrogate pair is one astral code point, so this finds only lone halves. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * JSON bodies are decoded strictly: bytes that are not UTF-8 and strings with a lone
 * UTF-16 surrogate (which SQLite and every encoder would silently turn into U+FFFD) are
 * refused with a 400, instead of storing something other than what the user sent.
 */
export function registerStrictJsonParser(app: FastifyInstance, bodyLimit: number): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (req, body, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body as Buffer);
    } catch {
      done(new InvalidUnicodeError('The body is not valid UTF-8'), undefined);
      return;
    }
    void parseJson(req, text, (err, value: unknown) => {
      if (err) {
        done(err, undefined);
        return;
      }
      const where = illFormedText(value);
      if (where !== null) done(new InvalidUnicodeError(`${where} contains a lone UTF-16 surrogate`), undefined);
      else done(null, value);
    });
  });
}

/** Where in a parsed JSON value a key or string is not well-formed UTF-16, or null. */
function illFormedText(value: unknown): string | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === undefined) break;
    const { value: v, path } = item;
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) return path === '' ? 'The body' : `The field "${path}"`;
    } else if (typeof v === 'object' && v !== null) {
      for (const [key, child] of Object.entries(v)) {
        if (LONE_SURROGATE.test(key)) return 'A field name';
        stack.push({ value: child, path: path === '' ? key : `${path}.${key}` });
      }
    }
  }
  return null;
}
