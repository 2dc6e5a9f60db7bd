import { screen } from '@testing-library/react';
import { renderWithProviders } from '@/test/helpers/providers';
import { SystemTools } from '@/components/SystemTools';
import { getSystemInfo } from '@/lib/api';

vi.mock('@/lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/api')>()),
  getSystemInfo: vi.fn(),
}));

describe('SystemTools', () => {
  it('names each program with its version and where it comes from, and a missing one with the reason', async () => {
    vi.mocked(getSystemInfo).mockResolvedValue({
      tools: [
        { name: 'ffmpeg', available: true, path: '/usr/bin/ffmpeg', source: 'system', version: '5.1.9', kind: 'program', problem: null },
        { name: 'ffprobe', available: true, path: '/x/ffprobe', source: 'bundled', version: 'N-66595', kind: 'program', problem: null },
        { name: 'espeak-ng', available: false, path: null, source: null, version: null, kind: null, problem: 'ESPEAK_PATH does not run' },
      ],
    });
    renderWithProviders(<SystemTools />);
    const items = await screen.findAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      'ffmpeg 5.1.9 — installed on this computer',
      'ffprobe N-66595 — bundled with StoryFlow',
      'espeak-ng missing: ESPEAK_PATH does not run',
    ]);
    expect(items[0]).toHaveAttribute('title', '/usr/bin/ffmpeg');
  });
});
