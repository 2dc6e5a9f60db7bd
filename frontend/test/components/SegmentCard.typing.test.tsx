import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import '@/test/helpers/dom-polyfills';
import { makeSegment } from '@/test/helpers/fixtures';
import { renderWithProviders } from '@/test/helpers/providers';
import { SegmentCard } from '@/components/SegmentCard';

/** Renders of the card's body: the motion picker is a plain part of it, drawn on each card render. */
const cardRenders = vi.hoisted(() => ({ count: 0 }));
vi.mock('@/components/SegmentMotion', () => ({
  SegmentMotion: () => {
    cardRenders.count += 1;
    return null;
  },
}));

function renderCard() {
  return renderWithProviders(
    <SegmentCard
      segment={makeSegment({ text_content: 'The keeper', image_prompt: 'A lighthouse' })}
      position={1}
      isFirst
      isLast
      onChange={vi.fn()}
      onDelete={vi.fn()}
      onMove={vi.fn()}
      // No save while typing (leaving a box would save: each test types in one box only).
      autosaveDelayMs={60_000}
    />,
  );
}

// SPEC §7.8, typing ≤ 16 ms per key: a keystroke re-renders its text box, not the card around it.
it.each([
  ['Narration', ' lit the lamp', 'The keeper lit the lamp'],
  ['Image prompt', ' at dusk', 'A lighthouse at dusk'],
])('re-renders only the %s box on each keystroke', async (label, typed, result) => {
  const user = userEvent.setup();
  renderCard();
  const box = screen.getByLabelText(label);
  // The first key of an edit changes the card's save status to "Editing…": that render is expected.
  await user.type(box, typed.slice(0, 1));
  const before = cardRenders.count;
  await user.type(box, typed.slice(1));
  expect(box).toHaveValue(result);
  expect(cardRenders.count).toBe(before);
});
