import { BadRequestError } from '../errors.js';

export type OrderMismatch = { missing_ids: string[]; unknown_ids: string[]; duplicate_ids: string[] };

/**
 * Checks a requested timeline order against the project's segment ids: it must name every
 * one of them exactly once and nothing else. Throws a BadRequestError whose details list
 * what is missing, unknown or repeated.
 */
export function assertCompleteOrder(projectIds: readonly string[], order: readonly string[]): void {
  const known = new Set(projectIds);
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const id of order) {
    if (seen.has(id)) duplicates.add(id);
    seen.add(id);
  }
  const mismatch: OrderMismatch = {
    missing_ids: projectIds.filter((id) => !seen.has(id)),
    unknown_ids: [...seen].filter((id) => !known.has(id)),
    duplicate_ids: [...duplicates],
  };
  if (mismatch.missing_ids.length + mismatch.unknown_ids.length + mismatch.duplicate_ids.length === 0) return;
  const parts = [
    mismatch.missing_ids.length > 0 ? `${mismatch.missing_ids.length} missing` : '',
    mismatch.unknown_ids.length > 0 ? `${mismatch.unknown_ids.length} not in this project` : '',
    mismatch.duplicate_ids.length > 0 ? `${mismatch.duplicate_ids.length} listed twice` : '',
  ].filter(Boolean);
  throw new BadRequestError(
    'invalid_segment_order',
    `segment_order must list each of the project's segments exactly once (${parts.join(', ')})`,
    mismatch,
  );
}
