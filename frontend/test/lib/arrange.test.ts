import { listPositions, orderAfterDrop, orderAfterMoveTo, orderForUndo, planImageDrop } from '@/lib/arrange';

const order = ['a', 'b', 'c', 'd'];

describe('orderAfterDrop', () => {
  it('moves a segment up into an earlier gap', () => {
    expect(orderAfterDrop(order, 'c', 0)).toEqual(['c', 'a', 'b', 'd']);
    expect(orderAfterDrop(order, 'd', 1)).toEqual(['a', 'd', 'b', 'c']);
  });

  it('moves a segment down: the gap counts places before the segment is taken out', () => {
    expect(orderAfterDrop(order, 'a', 2)).toEqual(['b', 'a', 'c', 'd']);
    expect(orderAfterDrop(order, 'a', 4)).toEqual(['b', 'c', 'd', 'a']);
  });

  it('is null when the segment lands where it is (the gaps on either side of it)', () => {
    expect(orderAfterDrop(order, 'b', 1)).toBeNull();
    expect(orderAfterDrop(order, 'b', 2)).toBeNull();
  });

  it('is null for an unknown segment or a gap outside the timeline', () => {
    expect(orderAfterDrop(order, 'x', 0)).toBeNull();
    expect(orderAfterDrop(order, 'a', -1)).toBeNull();
    expect(orderAfterDrop(order, 'a', 5)).toBeNull();
  });
});

describe('orderAfterMoveTo', () => {
  it('puts the segment at the 0-based position', () => {
    expect(orderAfterMoveTo(order, 'd', 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(orderAfterMoveTo(order, 'a', 2)).toEqual(['b', 'c', 'a', 'd']);
  });

  it('clamps positions past either end and is null when nothing moves', () => {
    expect(orderAfterMoveTo(order, 'b', 99)).toEqual(['a', 'c', 'd', 'b']);
    expect(orderAfterMoveTo(order, 'c', -3)).toEqual(['c', 'a', 'b', 'd']);
    expect(orderAfterMoveTo(order, 'a', 0)).toBeNull();
    expect(orderAfterMoveTo(order, 'x', 1)).toBeNull();
  });
});

describe('orderForUndo', () => {
  it('is the earlier order when nothing else changed', () => {
    expect(orderForUndo(order, ['d', 'a', 'b', 'c'])).toEqual(order);
  });

  it('leaves out segments deleted since and keeps new ones at the end, so the reorder endpoint accepts it', () => {
    expect(orderForUndo(order, ['d', 'e', 'a', 'c'])).toEqual(['a', 'c', 'd', 'e']);
  });
});

describe('planImageDrop', () => {
  const segments = [
    { id: 'a', is_locked: false },
    { id: 'b', is_locked: true },
    { id: 'c', is_locked: false },
    { id: 'd', is_locked: false },
  ];

  it('fills the segment dropped on and the following ones, passing over locked ones', () => {
    const plan = planImageDrop(segments, 'a', ['1.png', '2.png', '3.png']);
    expect(plan.uploads).toEqual([
      { segmentId: 'a', position: 1, file: '1.png' },
      { segmentId: 'c', position: 3, file: '2.png' },
      { segmentId: 'd', position: 4, file: '3.png' },
    ]);
    expect(plan.skippedLocked).toEqual([2]);
    expect(plan.unused).toEqual([]);
  });

  it('keeps the files the timeline has no room for', () => {
    const plan = planImageDrop(segments, 'c', ['1.png', '2.png', '3.png']);
    expect(plan.uploads.map((u) => u.segmentId)).toEqual(['c', 'd']);
    expect(plan.skippedLocked).toEqual([]);
    expect(plan.unused).toEqual(['3.png']);
  });

  it('does not count a locked segment after the last file as skipped', () => {
    expect(planImageDrop(segments, 'a', ['1.png']).skippedLocked).toEqual([]);
  });

  it('uploads nothing for a segment that is no longer in the timeline', () => {
    expect(planImageDrop(segments, 'gone', ['1.png'])).toEqual({ uploads: [], skippedLocked: [], unused: ['1.png'] });
  });
});

describe('listPositions', () => {
  it('joins positions for a sentence', () => {
    expect(listPositions([3])).toBe('3');
    expect(listPositions([3, 5])).toBe('3 and 5');
    expect(listPositions([2, 3, 7])).toBe('2, 3 and 7');
  });
});
