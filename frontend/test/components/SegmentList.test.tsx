import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import '@/test/helpers/dom-polyfills';
import { makeSegment } from '@/test/helpers/fixtures';
import { renderWithProviders } from '@/test/helpers/providers';
import { ESTIMATED_CARD_HEIGHT, SegmentList } from '@/components/SegmentList';
import { updateSegment } from '@/lib/api';
import type { Segment } from '@storyflow/contract';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn(), info: vi.fn() } }));
vi.mock('@/lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/api')>()),
  updateSegment: vi.fn(),
}));

/**
 * jsdom lays nothing out: every row says it is this tall. The list's own guess, so that where
 * a scroll lands does not depend on which rows happened to be measured; one test changes it.
 */
let rowHeight = ESTIMATED_CARD_HEIGHT;
const ROW_HEIGHT = ESTIMATED_CARD_HEIGHT;
const GAP = 16;

const story = (count: number): Segment[] =>
  Array.from({ length: count }, (_, i) => makeSegment({ id: `s${i + 1}`, sequence_index: i, text_content: `Narration ${i + 1}` }));

const mountedPositions = () =>
  screen.getAllByTestId('segment-card').map((card) => Number(card.getAttribute('aria-label')?.replace('Segment ', '')));

/** The window scrolls as a browser's would: scrollY moves and a scroll event follows. */
function scrollWindowTo(top: number) {
  Object.defineProperty(window, 'scrollY', { configurable: true, value: top });
  Object.defineProperty(window, 'pageYOffset', { configurable: true, value: top });
  window.dispatchEvent(new Event('scroll'));
}

beforeEach(() => {
  vi.clearAllMocks();
  scrollWindowTo(0);
  Object.defineProperty(window, 'innerHeight', { configurable: true, value: 900 });
  vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return this.dataset.index !== undefined ? rowHeight : 0;
  });
  rowHeight = ESTIMATED_CARD_HEIGHT;
  // The page is as tall as the list in it: how far the window can scroll.
  Object.defineProperty(document.documentElement, 'scrollHeight', {
    configurable: true,
    get: () => parseFloat(document.querySelector<HTMLElement>('ol[aria-label="Timeline"]')?.style.height ?? '0'),
  });
  // A browser scrolls at once but tells the page in a later task.
  vi.spyOn(window, 'scrollTo').mockImplementation(((options: ScrollToOptions) => {
    setTimeout(() => scrollWindowTo(options.top ?? 0), 0);
  }) as typeof window.scrollTo);
  vi.mocked(updateSegment).mockImplementation(async (id, patch) => makeSegment({ id, ...patch }));
});
afterEach(() => vi.restoreAllMocks());

function renderList(segments: Segment[]) {
  const props = { onChange: vi.fn(), onDelete: vi.fn(), onMove: vi.fn() };
  const view = renderWithProviders(<SegmentList segments={segments} {...props} />);
  return { ...view, ...props };
}

// Each test mounts several full cards (tooltips, autosave, players): slow on a busy jsdom, never hanging.
describe('SegmentList (virtualised timeline)', { timeout: 30_000 }, () => {
  it('mounts only the cards in and near the window, not all 500', () => {
    renderList(story(500));
    const mounted = mountedPositions();
    // A 900 px window shows cards 1–3; a few more are kept ready below it.
    expect(mounted[0]).toBe(1);
    expect(mounted).toContain(3);
    expect(mounted.length).toBeLessThanOrEqual(8);
    // The list is as tall as all 500 cards, so the scroll bar tells the truth.
    expect(screen.getByRole('list', { name: 'Timeline' }).style.height).toBe(`${500 * ROW_HEIGHT + 499 * GAP}px`);
    // And each row says where it sits in the whole story.
    expect(screen.getAllByRole('listitem')[0]).toHaveAttribute('aria-setsize', '500');
  });

  it('measures each mounted card and lays the list out from the real heights, not the guess', () => {
    rowHeight = 300;
    renderList(story(500));
    const mounted = mountedPositions().length;
    const height = parseFloat(screen.getByRole('list', { name: 'Timeline' }).style.height);
    expect(height).toBe(mounted * 300 + (500 - mounted) * ESTIMATED_CARD_HEIGHT + 499 * GAP);
    // Shorter cards than guessed: more of them fit the window, and all of those are mounted.
    expect(mounted).toBeGreaterThan(3);
  });

  it('mounts the cards under the window as it scrolls and unmounts the ones left behind', () => {
    renderList(story(500));
    act(() => scrollWindowTo(200 * (ROW_HEIGHT + GAP)));
    const mounted = mountedPositions();
    expect(mounted).toContain(201);
    expect(mounted).not.toContain(1);
    expect(mounted.length).toBeLessThanOrEqual(10);
  });

  it('saves the text of an unfocused card that scrolls out of view before its autosave ran', async () => {
    renderList(story(50));
    // Typed, then focus went elsewhere (a wheel scroll does not blur): the 800 ms debounce still waits.
    fireEvent.change(screen.getAllByLabelText('Narration')[0]!, { target: { value: 'Typed just before scrolling away' } });
    expect(updateSegment).not.toHaveBeenCalled();
    act(() => scrollWindowTo(30 * (ROW_HEIGHT + GAP)));
    expect(mountedPositions()).not.toContain(1);
    await waitFor(() => expect(updateSegment).toHaveBeenCalledWith('s1', { text_content: 'Typed just before scrolling away' }), {
      timeout: 10_000,
    });
  });

  it('keeps the focused card mounted while it is scrolled away, so typing carries on', () => {
    renderList(story(100));
    const narration = screen.getAllByLabelText('Narration')[0]!;
    act(() => narration.focus());
    act(() => scrollWindowTo(60 * (ROW_HEIGHT + GAP)));
    const mounted = mountedPositions();
    expect(mounted).toContain(61);
    expect(mounted).toContain(1);
    expect(document.activeElement).toBe(narration);
  });

  it('jumps to segment N: scrolls there, mounts it and puts the cursor in its narration', async () => {
    renderList(story(500));
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Go to segment' }), { target: { value: '300' } });
    fireEvent.submit(screen.getByRole('search', { name: 'Go to segment' }));
    const card = await screen.findByRole('article', { name: 'Segment 300' }, { timeout: 10_000 });
    await waitFor(() => expect(document.activeElement).toBe(card.querySelector('textarea')), { timeout: 10_000 });
    expect(window.scrollY).toBeGreaterThan(290 * (ROW_HEIGHT + GAP));
    expect(mountedPositions()).not.toContain(1);
  });

  it('refuses a segment number outside the story, and says which ones exist', async () => {
    renderList(story(12));
    const input = screen.getByRole('spinbutton', { name: 'Go to segment' });
    fireEvent.change(input, { target: { value: '13' } });
    fireEvent.submit(screen.getByRole('search', { name: 'Go to segment' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Enter a segment number from 1 to 12.');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(mountedPositions()[0]).toBe(1);
  });
});
