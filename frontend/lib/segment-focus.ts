// Where focus goes when a segment card disappears. Cards are found in the DOM (they carry
// data-segment-id) so the rule holds whatever renders the list.

const CARD = '[data-testid="segment-card"]';

/** The card after this one, or the one before it when it is the last; null when it is alone. */
export function neighbourSegmentId(segmentId: string, root: ParentNode = document): string | null {
  const cards = Array.from(root.querySelectorAll<HTMLElement>(CARD));
  const index = cards.findIndex((card) => card.dataset.segmentId === segmentId);
  if (index < 0) return null;
  return (cards[index + 1] ?? cards[index - 1])?.dataset.segmentId ?? null;
}

/**
 * Focuses a segment's card (it has tabIndex -1, so screen readers announce "Segment N"),
 * or, when there is none, the editor's fallback (the "Add segment" button of the empty list),
 * so focus never drops to the page body after a delete.
 */
export function focusSegmentCard(segmentId: string | null, root: ParentNode = document): void {
  const card = segmentId ? root.querySelector<HTMLElement>(`${CARD}[data-segment-id="${CSS.escape(segmentId)}"]`) : null;
  const target = card ?? root.querySelector<HTMLElement>('[data-segment-focus-fallback]');
  if (!target) return;
  target.focus({ preventScroll: true });
  target.scrollIntoView?.({ block: 'nearest' });
}
