import { describe, expect, it } from 'vitest';
import {
  MOTION_PRESETS,
  coverSize,
  frameProgress,
  interpolateWindow,
  motionEndpoints,
  presetForPosition,
  tightestWindowSize,
} from '../../src/engine/ken-burns.js';

const output = { width: 1920, height: 1080 };

describe('ken-burns', () => {
  it('lists the seven presets in SPEC order and picks them by position modulo 7', () => {
    expect(MOTION_PRESETS).toEqual([
      'center_center',
      'top_left_bottom_right',
      'bottom_right_top_left',
      'top_right_bottom_left',
      'bottom_left_top_right',
      'center_top_left',
      'center_bottom_right',
    ]);
    expect([0, 1, 6, 7, 8, 13, 14].map(presetForPosition)).toEqual([
      'center_center',
      'top_left_bottom_right',
      'center_bottom_right',
      'center_center',
      'top_left_bottom_right',
      'center_bottom_right',
      'center_center',
    ]);
  });

  it('covers the output with any aspect ratio, one side exactly', () => {
    expect(coverSize({ width: 4000, height: 3000 }, output)).toEqual({ width: 1920, height: 1440 });
    const portrait = coverSize({ width: 1080, height: 1920 }, output);
    expect(portrait.width).toBe(1920);
    expect(portrait.height).toBeCloseTo(3413.333, 3);
    expect(coverSize({ width: 200, height: 150 }, output)).toEqual({ width: 1920, height: 1440 });
    expect(coverSize({ width: 3840, height: 1080 }, output)).toEqual({ width: 3840, height: 1080 });
  });

  it('makes the tightest window the output size divided by the zoom intensity', () => {
    expect(tightestWindowSize(output, 1.5)).toEqual({ width: 1280, height: 720 });
    const cover = coverSize({ width: 1920, height: 1080 }, output);
    for (const preset of MOTION_PRESETS) {
      const { end } = motionEndpoints(preset, cover, output, 1.5);
      expect(end.width).toBeCloseTo(1280, 9);
      expect(end.height).toBeCloseTo(720, 9);
    }
  });

  it('moves every preset and keeps every window inside the image', () => {
    const cover = coverSize({ width: 1920, height: 1080 }, output);
    for (const preset of MOTION_PRESETS) {
      const { start, end } = motionEndpoints(preset, cover, output, 1.3);
      expect(start, preset).not.toEqual(end);
      for (const w of [start, end, interpolateWindow(start, end, 0.37)]) {
        expect(w.x).toBeGreaterThanOrEqual(0);
        expect(w.y).toBeGreaterThanOrEqual(0);
        expect(w.x + w.width).toBeLessThanOrEqual(cover.width + 1e-9);
        expect(w.y + w.height).toBeLessThanOrEqual(cover.height + 1e-9);
      }
    }
  });

  it('zooms center→center in from the full frame, centred', () => {
    const cover = { width: 1920, height: 1080 };
    const { start, end } = motionEndpoints('center_center', cover, output, 2);
    expect(start).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
    expect(end).toEqual({ x: 480, y: 270, width: 960, height: 540 });
  });

  it('travels corner to corner for the diagonal presets', () => {
    const cover = { width: 1920, height: 1080 };
    const { start, end } = motionEndpoints('top_right_bottom_left', cover, output, 2);
    expect(start).toEqual({ x: 960, y: 0, width: 960, height: 540 });
    expect(end).toEqual({ x: 0, y: 540, width: 960, height: 540 });
    const fromCenter = motionEndpoints('center_bottom_right', cover, output, 2);
    expect(fromCenter.start).toEqual({ x: 480, y: 270, width: 960, height: 540 });
    expect(fromCenter.end).toEqual({ x: 960, y: 540, width: 960, height: 540 });
  });

  it('interpolates linearly from the first frame to the last', () => {
    expect(frameProgress(0, 30)).toBe(0);
    expect(frameProgress(29, 30)).toBe(1);
    expect(frameProgress(0, 1)).toBe(0);
    const w = interpolateWindow({ x: 0, y: 0, width: 100, height: 50 }, { x: 40, y: 20, width: 80, height: 40 }, 0.25);
    expect(w).toEqual({ x: 10, y: 5, width: 95, height: 47.5 });
  });
});
