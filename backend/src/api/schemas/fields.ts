import { z } from 'zod';

/** DRF's wording for a key that is absent, so the web app shows the same text for every form. */
const REQUIRED = 'This field is required.';

/** A string that must be present; other type errors keep zod's own message. */
export function requiredString() {
  return z.string({ error: (issue) => (issue.input === undefined ? REQUIRED : undefined) });
}

/** A project title: 1–200 characters after trimming (SPEC §1). */
export const TitleSchema = requiredString()
  .trim()
  .min(1, 'This field may not be blank.')
  .max(200, 'Ensure this field has no more than 200 characters.');

/** `?page=N` is checked by api/pagination.ts so a bad page answers 404 like DRF, not a field error. */
export const PageQuery = z.object({ page: z.string().optional() });
