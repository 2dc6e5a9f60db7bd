import { z } from 'zod';
import { MAX_TITLE_LENGTH } from './limits.js';

/** DRF's wording for a key that is absent, so the web app shows the same text for every form. */
const REQUIRED = 'This field is required.';

/** A string that must be present; other type errors keep zod's own message. */
export function requiredString() {
  return z.string({ error: (issue) => (issue.input === undefined ? REQUIRED : undefined) });
}

/** An array that must be present; other type errors keep zod's own message. */
export function requiredArray<T extends z.ZodType>(item: T) {
  return z.array(item, { error: (issue) => (issue.input === undefined ? REQUIRED : undefined) });
}

/** A project title: 1–200 characters after trimming (SPEC §1). */
export const TitleSchema = requiredString()
  .trim()
  .min(1, 'This field may not be blank.')
  .max(MAX_TITLE_LENGTH, `Ensure this field has no more than ${MAX_TITLE_LENGTH} characters.`);

/** `?page=N` is checked by the API's pagination so a bad page answers 404 like DRF, not a field error. */
export const PageQuery = z.object({ page: z.string().optional() });

/** DRF-style page envelope: {count, next, previous, results}. */
export function paginated<T extends z.ZodType>(item: T) {
  return z.object({
    count: z.number().int(),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    results: z.array(item),
  });
}

export type Paginated<T> = {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
};
