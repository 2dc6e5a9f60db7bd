/**
 * The arithmetic of arranging a timeline (SPEC §7.8), apart from any component so it can be
 * tested on its own: where a dragged segment lands, what order an undo puts back, and which
 * segments a drop of several images fills.
 */

/**
 * The order after moving `id` into the gap `gap` (0 = before the first segment, n = after
 * the last), or null when that leaves the order as it is.
 */
export function orderAfterDrop(order: readonly string[], id: string, gap: number): string[] | null {
  const from = order.indexOf(id);
  if (from < 0 || gap < 0 || gap > order.length) return null;
  // Taking the segment out shifts every later gap one place up.
  const to = gap > from ? gap - 1 : gap;
  if (to === from) return null;
  const next = order.filter((x) => x !== id);
  next.splice(to, 0, id);
  return next;
}

/** The order after moving `id` to the 0-based `position` (clamped to the timeline), or null when nothing moves. */
export function orderAfterMoveTo(order: readonly string[], id: string, position: number): string[] | null {
  const from = order.indexOf(id);
  if (from < 0) return null;
  const to = Math.max(0, Math.min(order.length - 1, Math.trunc(position)));
  if (to === from) return null;
  const next = order.filter((x) => x !== id);
  next.splice(to, 0, id);
  return next;
}

/**
 * The order an undo of a reorder sends: the earlier order of the segments that still
 * exist, then any added since (in their current order). The reorder endpoint wants exactly
 * the project's ids, so a delete or an insert after the move must not make the undo fail.
 */
export function orderForUndo(previous: readonly string[], current: readonly string[]): string[] {
  const now = new Set(current);
  const before = new Set(previous);
  return [...previous.filter((id) => now.has(id)), ...current.filter((id) => !before.has(id))];
}

export type ImageDropPlan<F> = {
  /** Which file goes to which segment, in timeline order from the segment dropped on. */
  uploads: { segmentId: string; position: number; file: F }[];
  /** 1-based positions of locked segments that were passed over. */
  skippedLocked: number[];
  /** Files left when the timeline ran out of unlocked segments. */
  unused: F[];
};

/**
 * Several images dropped on one segment fill it and the following segments in order,
 * passing over locked ones (a locked segment refuses uploads, SPEC §1).
 */
export function planImageDrop<F>(
  segments: readonly { id: string; is_locked: boolean }[],
  startId: string,
  files: readonly F[],
): ImageDropPlan<F> {
  const plan: ImageDropPlan<F> = { uploads: [], skippedLocked: [], unused: [] };
  let index = segments.findIndex((s) => s.id === startId);
  if (index < 0) return { ...plan, unused: [...files] };
  let next = 0;
  for (; index < segments.length && next < files.length; index++) {
    const segment = segments[index];
    if (segment === undefined) break;
    if (segment.is_locked) {
      plan.skippedLocked.push(index + 1);
      continue;
    }
    plan.uploads.push({ segmentId: segment.id, position: index + 1, file: files[next] as F });
    next++;
  }
  plan.unused = files.slice(next);
  return plan;
}

/** "3", "3 and 5", "2, 3 and 7": positions for a toast. */
export function listPositions(positions: readonly number[]): string {
  if (positions.length <= 1) return positions.join('');
  return `${positions.slice(0, -1).join(', ')} and ${positions[positions.length - 1]}`;
}
