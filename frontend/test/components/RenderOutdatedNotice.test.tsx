import type { QueryClient } from '@tanstack/react-query';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RenderOutdatedNotice } from '@/components/RenderOutdatedNotice';
import type { FakeApi } from '@/test/helpers/fake-api';
import { renderWithProviders } from '@/test/helpers/providers';
import { ACCEPTED, OUTPUT_URL, PID, STATUS_URL, completed, project } from '@/test/helpers/render-fixtures';
import { endRenderTest, seedProject, startRenderTest } from '@/test/helpers/render-cache';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn() } }));

let api: FakeApi;
let client: QueryClient;
const render = (ui: React.ReactElement) => renderWithProviders(ui, { client });
beforeEach(() => {
  ({ api, client } = startRenderTest());
  // The editor loaded a completed project.
  seedProject(client, project({ status: 'COMPLETED', output_path: OUTPUT_URL }));
});
afterEach(() => endRenderTest(api, client));

describe('RenderOutdatedNotice', () => {
  it('says "Video out of date" when the server finds the video stale, and re-renders on request', async () => {
    api.on('GET', STATUS_URL, { status: 200, data: { ...completed(), output_stale: true } });
    api.on('POST', `/projects/${PID}/render/`, { status: 202, data: ACCEPTED });
    render(<RenderOutdatedNotice projectId={PID} revision={1} checkDelayMs={1} />);
    expect(await screen.findByText(/Video out of date/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Re-render' }));
    await waitFor(() => expect(api.callsTo('POST', `/projects/${PID}/render/`)).toHaveLength(1));
    expect(api.callsTo('POST', `/projects/${PID}/render/`)[0]?.body).toEqual({ force: true });
  });

  it('stays hidden while the video is current and checks again after a change', async () => {
    api.on(
      'GET',
      STATUS_URL,
      { status: 200, data: completed() },
      { status: 200, data: completed() },
      { status: 200, data: { ...completed(), output_stale: true } },
    );
    const { rerender } = render(<RenderOutdatedNotice projectId={PID} revision={1} checkDelayMs={1} />);
    // One read fills in the completed file's facts (the query), one is the notice's own check.
    await waitFor(() => expect(api.callsTo('GET', STATUS_URL)).toHaveLength(2));
    expect(screen.queryByTestId('render-outdated')).not.toBeInTheDocument();
    rerender(<RenderOutdatedNotice projectId={PID} revision={2} checkDelayMs={1} />);
    expect(await screen.findByTestId('render-outdated')).toBeInTheDocument();
  });
});
