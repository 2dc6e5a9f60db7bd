import '@/test/helpers/dom-polyfills';
import type { QueryClient } from '@tanstack/react-query';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { toast } from 'sonner';
import { RenderButton } from '@/components/RenderButton';
import { queryKeys } from '@/lib/query-keys';
import type { RenderSnapshot } from '@/lib/render-state';
import type { FakeApi } from '@/test/helpers/fake-api';
import { renderWithProviders } from '@/test/helpers/providers';
import {
  ACCEPTED,
  CANCEL_URL,
  OUTPUT,
  OUTPUT_URL,
  PID,
  RENDER_URL,
  STATUS_URL,
  cancelled,
  completed,
  failed,
  processing,
  progress,
  project,
  segment,
} from '@/test/helpers/render-fixtures';
import { endRenderTest, putStatus, seedProject, startRenderTest } from '@/test/helpers/render-cache';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn() } }));

const READY = [segment(0), segment(1), segment(2)];

let api: FakeApi;
let client: QueryClient;

const serverStatus = () => client.getQueryData<RenderSnapshot>(queryKeys.renderStatus(PID))?.status;
const render = (ui: React.ReactElement) => renderWithProviders(ui, { client });

beforeEach(() => {
  vi.mocked(toast.error).mockClear();
  ({ api, client } = startRenderTest());
  // The editor loaded a DRAFT project unless a test says otherwise.
  seedProject(client, project());
});

afterEach(() => endRenderTest(api, client));

describe('RenderButton', () => {
  describe('ready', () => {
    it('offers "Export Video" and starts a render when clicked', async () => {
      const user = userEvent.setup();
      api.on('POST', RENDER_URL, { status: 202, data: ACCEPTED });
      api.on('GET', STATUS_URL, { status: 200, data: processing(progress(1, 12, 4)) });
      render(<RenderButton projectId={PID} segments={READY} />);

      const button = screen.getByRole('button', { name: 'Export Video' });
      expect(button).toBeEnabled();
      await user.click(button);

      expect(await screen.findByRole('button', { name: 'Rendering…' })).toBeDisabled();
      expect(api.callsTo('POST', RENDER_URL)[0]?.body).toEqual({});
      expect(screen.queryByRole('button', { name: 'Export Video' })).not.toBeInTheDocument();
    });

    it('shows Validating while the server checks the project', async () => {
      const user = userEvent.setup();
      api.on('POST', RENDER_URL, 'pending');
      render(<RenderButton projectId={PID} segments={READY} />);

      await user.click(screen.getByRole('button', { name: 'Export Video' }));

      const validating = screen.getByRole('button', { name: 'Validating…' });
      expect(validating).toBeDisabled();
      expect(validating).toHaveAttribute('aria-busy', 'true');
    });

    it("toasts the server's message and stays usable when the server refuses", async () => {
      const user = userEvent.setup();
      api.on('POST', RENDER_URL, {
        status: 400,
        data: {
          error: 'Project not ready for rendering',
          details: { missing_images: ['seg-1'], missing_audio: [], message: '1 segments are missing required assets' },
        },
      });
      render(<RenderButton projectId={PID} segments={READY} />);

      await user.click(screen.getByRole('button', { name: 'Export Video' }));

      expect(await screen.findByRole('button', { name: 'Export Video' })).toBeEnabled();
      expect(toast.error).toHaveBeenCalledWith('Project not ready for rendering', {
        description: '1 segments are missing required assets',
      });
    });
  });

  describe('not ready', () => {
    const INCOMPLETE = [
      segment(0, { image_file: null }),
      segment(1, { audio_file: null }),
      segment(2, { image_file: null, audio_file: null }),
    ];

    it('is disabled and says how many segments miss an image or audio', () => {
      render(<RenderButton projectId={PID} segments={INCOMPLETE} />);
      const button = screen.getByRole('button', { name: 'Export Video' });
      expect(button).toBeDisabled();
      expect(button).toHaveAccessibleDescription(
        '2 segments are missing an image: #1, #3. 2 segments are missing audio: #2, #3.',
      );
    });

    it('lists what is missing in a tooltip', async () => {
      const user = userEvent.setup();
      render(<RenderButton projectId={PID} segments={[segment(0, { image_file: null }), segment(1)]} />);
      await user.tab();
      const tooltip = await screen.findByRole('tooltip');
      expect(tooltip).toHaveTextContent('Not ready to export');
      expect(tooltip).toHaveTextContent('1 segment is missing an image: #1.');
    });

    it('asks for a segment when there are none', () => {
      render(<RenderButton projectId={PID} segments={[]} />);
      expect(screen.getByRole('button', { name: 'Export Video' })).toHaveAccessibleDescription(
        'Add at least one segment before exporting.',
      );
    });

    it('shortens the list for long projects', () => {
      const many = Array.from({ length: 12 }, (_, i) => segment(i, { audio_file: null }));
      render(<RenderButton projectId={PID} segments={many} />);
      expect(screen.getByRole('button', { name: 'Export Video' })).toHaveAccessibleDescription(
        '12 segments are missing audio: #1, #2, #3, #4, #5, #6, #7, #8 and 4 more.',
      );
    });
  });

  describe('rendering', () => {
    it('is disabled with a spinner and offers Cancel', async () => {
      const user = userEvent.setup();
      putStatus(client, processing(progress(3, 12, 20)));
      api.on('GET', STATUS_URL, 'pending');
      api.on('POST', CANCEL_URL, { status: 200, data: { message: 'Render cancelled' } });
      render(<RenderButton projectId={PID} segments={READY} />);
      api.on('GET', STATUS_URL, { status: 200, data: cancelled() });

      const busy = screen.getByRole('button', { name: 'Rendering…' });
      expect(busy).toBeDisabled();
      expect(busy.querySelector('svg.animate-spin')).not.toBeNull();

      await user.click(screen.getByRole('button', { name: 'Cancel' }));

      expect(api.callsTo('POST', CANCEL_URL)).toHaveLength(1);
      expect(await screen.findByRole('button', { name: 'Retry Render' })).toBeEnabled();
    });

    it('shows Cancelling while the cancel request runs', async () => {
      const user = userEvent.setup();
      putStatus(client, processing());
      api.on('GET', STATUS_URL, 'pending');
      api.on('POST', CANCEL_URL, 'pending');
      render(<RenderButton projectId={PID} segments={READY} />);

      await user.click(screen.getByRole('button', { name: 'Cancel' }));
      expect(screen.getByRole('button', { name: 'Cancelling…' })).toBeDisabled();
    });
  });

  describe('complete', () => {
    beforeEach(() => {
      putStatus(client, completed(OUTPUT));
    });

    it('downloads final.mp4 with "Download Video"', async () => {
      const user = userEvent.setup();
      const clicked: HTMLAnchorElement[] = [];
      const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
        clicked.push(this);
      });
      render(<RenderButton projectId={PID} segments={READY} />);

      await user.click(screen.getByRole('button', { name: 'Download Video' }));

      expect(clicked).toHaveLength(1);
      expect(clicked[0]).toHaveAttribute('download', 'final.mp4');
      expect(clicked[0]).toHaveAttribute('href', `${OUTPUT_URL}?v=${encodeURIComponent(OUTPUT.rendered_at)}`);
      click.mockRestore();
    });

    it('re-renders with force from the dropdown', async () => {
      const user = userEvent.setup();
      api.on('POST', RENDER_URL, { status: 202, data: ACCEPTED });
      api.on('GET', STATUS_URL, { status: 200, data: processing(progress(1, 12, 2)) });
      render(<RenderButton projectId={PID} segments={READY} />);

      await user.click(screen.getByRole('button', { name: 'More export options' }));
      await user.click(await screen.findByRole('menuitem', { name: 'Re-Render' }));

      await waitFor(() => expect(serverStatus()).toBe('PROCESSING'));
      expect(api.callsTo('POST', RENDER_URL)[0]?.body).toEqual({ force: true });
      expect(screen.getByRole('button', { name: 'Rendering…' })).toBeDisabled();
    });

    it('disables Re-Render and says why when assets went missing', async () => {
      const user = userEvent.setup();
      render(<RenderButton projectId={PID} segments={[segment(0, { audio_file: null })]} />);

      await user.click(screen.getByRole('button', { name: 'More export options' }));
      const menu = await screen.findByRole('menu');
      expect(within(menu).getByRole('menuitem', { name: 'Re-Render' })).toHaveAttribute('aria-disabled', 'true');
      expect(menu).toHaveTextContent('1 segment is missing audio: #1.');
    });
  });

  describe('failed', () => {
    it('offers "Retry Render", which starts a new render', async () => {
      const user = userEvent.setup();
      putStatus(client, failed('Image for segment 2 could not be read', null, 'segment_image'));
      api.on('POST', RENDER_URL, { status: 202, data: ACCEPTED });
      api.on('GET', STATUS_URL, { status: 200, data: processing() });
      render(<RenderButton projectId={PID} segments={READY} />);

      await user.click(screen.getByRole('button', { name: 'Retry Render' }));

      expect(await screen.findByRole('button', { name: 'Rendering…' })).toBeDisabled();
      expect(api.callsTo('POST', RENDER_URL)[0]?.body).toEqual({});
    });

    it('disables Retry Render while assets are missing', () => {
      putStatus(client, failed('boom', null, 'encoder'));
      render(<RenderButton projectId={PID} segments={[segment(0, { image_file: null })]} />);
      expect(screen.getByRole('button', { name: 'Retry Render' })).toBeDisabled();
    });
  });
});
