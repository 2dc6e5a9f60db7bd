import { cn, formatDuration, formatFileSize, formatRelativeTime, withCacheBust } from '@/lib/utils';

describe('formatDuration', () => {
  it('formats seconds as m:ss', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(5)).toBe('0:05');
    expect(formatDuration(65.9)).toBe('1:05');
    expect(formatDuration(600)).toBe('10:00');
  });

  it('adds hours from one hour on', () => {
    expect(formatDuration(3725)).toBe('1:02:05');
  });

  it('shows 0:00 for missing, negative or non-finite input', () => {
    expect(formatDuration(null)).toBe('0:00');
    expect(formatDuration(undefined)).toBe('0:00');
    expect(formatDuration(-3)).toBe('0:00');
    expect(formatDuration(Number.NaN)).toBe('0:00');
  });
});

describe('formatFileSize', () => {
  it('uses bytes below 1 KB', () => {
    expect(formatFileSize(512)).toBe('512 B');
  });

  it('uses 1024-based units with one decimal', () => {
    expect(formatFileSize(1536)).toBe('1.5 KB');
    expect(formatFileSize(20 * 1024 * 1024)).toBe('20 MB');
    expect(formatFileSize(12.34 * 1024 * 1024)).toBe('12.3 MB');
    expect(formatFileSize(1.25 * 1024 ** 3)).toBe('1.3 GB');
  });

  it('rounds from 100 units up', () => {
    expect(formatFileSize(150.4 * 1024 * 1024)).toBe('150 MB');
  });
});

describe('formatRelativeTime', () => {
  const now = new Date('2026-03-10T12:00:00Z');

  it('says just now for the last few seconds', () => {
    expect(formatRelativeTime('2026-03-10T11:59:40Z', now)).toBe('just now');
  });

  it('counts minutes, hours and days in the past', () => {
    expect(formatRelativeTime('2026-03-10T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelativeTime('2026-03-10T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatRelativeTime('2026-03-09T12:00:00Z', now)).toBe('yesterday');
    expect(formatRelativeTime('2026-02-17T12:00:00Z', now)).toBe('3 weeks ago');
  });
});

describe('cn', () => {
  it('merges conflicting Tailwind classes, last wins', () => {
    expect(cn('px-2 text-sm', false, 'px-4')).toBe('text-sm px-4');
  });
});

describe('withCacheBust', () => {
  it('appends a version parameter', () => {
    expect(withCacheBust('/media/a.wav', 3)).toBe('/media/a.wav?v=3');
    expect(withCacheBust('/media/a.wav?x=1', 'b c')).toBe('/media/a.wav?x=1&v=b%20c');
  });
});
