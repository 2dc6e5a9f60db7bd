import { radioIndexForKey, SEEK_PAGE_SECONDS, SEEK_STEP_SECONDS, seekTargetForKey } from '@/lib/keyboard';

describe('seekTargetForKey', () => {
  it('moves whole seconds with the arrows and ten with Page Up/Down', () => {
    expect(seekTargetForKey('ArrowRight', 3.25, 20)).toBe(3.25 + SEEK_STEP_SECONDS);
    expect(seekTargetForKey('ArrowUp', 3, 20)).toBe(4);
    expect(seekTargetForKey('ArrowLeft', 3, 20)).toBe(2);
    expect(seekTargetForKey('ArrowDown', 3, 20)).toBe(2);
    expect(seekTargetForKey('PageUp', 3, 20)).toBe(3 + SEEK_PAGE_SECONDS);
    expect(seekTargetForKey('PageDown', 12, 20)).toBe(2);
  });

  it('stays inside the clip and jumps to its ends with Home and End', () => {
    expect(seekTargetForKey('ArrowLeft', 0.4, 20)).toBe(0);
    expect(seekTargetForKey('ArrowRight', 19.5, 20)).toBe(20);
    expect(seekTargetForKey('PageUp', 15, 20)).toBe(20);
    expect(seekTargetForKey('Home', 7, 20)).toBe(0);
    expect(seekTargetForKey('End', 7, 20)).toBe(20);
    expect(seekTargetForKey('ArrowRight', 0, 0)).toBe(0);
  });

  it('leaves other keys alone', () => {
    expect(seekTargetForKey('Tab', 3, 20)).toBeNull();
    expect(seekTargetForKey(' ', 3, 20)).toBeNull();
  });
});

describe('radioIndexForKey', () => {
  it('moves forward and back, wrapping round, and jumps with Home/End', () => {
    expect(radioIndexForKey('ArrowRight', 0, 6)).toBe(1);
    expect(radioIndexForKey('ArrowDown', 5, 6)).toBe(0);
    expect(radioIndexForKey('ArrowLeft', 0, 6)).toBe(5);
    expect(radioIndexForKey('ArrowUp', 3, 6)).toBe(2);
    expect(radioIndexForKey('Home', 4, 6)).toBe(0);
    expect(radioIndexForKey('End', 1, 6)).toBe(5);
  });

  it('ignores other keys and empty groups', () => {
    expect(radioIndexForKey('Enter', 1, 6)).toBeNull();
    expect(radioIndexForKey('ArrowRight', 0, 0)).toBeNull();
  });
});
