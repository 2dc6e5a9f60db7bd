import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RenderSettingsPanel } from '@/components/RenderSettingsPanel';
import { installFakeApi, type FakeApi } from '@/test/helpers/fake-api';
import { makeProject } from '@/test/helpers/fixtures';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn() } }));

const URL = '/projects/proj-1/';
let api: FakeApi;
beforeEach(() => {
  api = installFakeApi();
});
afterEach(() => api.restore());

describe('RenderSettingsPanel', () => {
  it('shows every format as a frame shape and saves a new one with its size', async () => {
    const onSaved = vi.fn();
    const vertical = makeProject({ aspect: '9:16', resolution_width: 1080, resolution_height: 1920 });
    api.on('PATCH', URL, { status: 200, data: vertical });
    render(<RenderSettingsPanel project={makeProject()} onSaved={onSaved} />);

    const formats = screen.getAllByRole('radio');
    expect(formats).toHaveLength(6);
    expect(screen.getByRole('radio', { name: '16:9 1080p (1920×1080)' })).toHaveAttribute('aria-checked', 'true');
    await userEvent.click(screen.getByRole('radio', { name: '9:16 vertical (1080×1920)' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(vertical));
    expect(api.callsTo('PATCH', URL)[0]?.body).toEqual({ aspect: '9:16', resolution_width: 1080, resolution_height: 1920 });
  });

  it('saves frame rate, quality and transition at once, and seconds when the field is left', async () => {
    const onSaved = vi.fn();
    api.on('PATCH', URL, { status: 200, data: makeProject() });
    render(<RenderSettingsPanel project={makeProject()} onSaved={onSaved} />);
    await userEvent.selectOptions(screen.getByLabelText('Frame rate'), '60');
    await userEvent.selectOptions(screen.getByLabelText('Quality'), 'high');
    await userEvent.selectOptions(screen.getByLabelText('Transition'), 'fade_black');
    const pause = screen.getByLabelText('Pause between segments (s)');
    fireEvent.change(pause, { target: { value: '1.5' } });
    fireEvent.blur(pause);
    await waitFor(() => expect(api.callsTo('PATCH', URL)).toHaveLength(4));
    expect(api.callsTo('PATCH', URL).map((c) => c.body)).toEqual([
      { framerate: 60 },
      { quality: 'high' },
      { transition: 'fade_black' },
      { segment_pause_seconds: 1.5 },
    ]);
  });

  it('puts the saved value back when the server refuses a change', async () => {
    api.on('PATCH', URL, { status: 400, data: { transition_seconds: ['Ensure this value is at most 2.'], code: 'validation_failed' } });
    render(<RenderSettingsPanel project={makeProject()} onSaved={vi.fn()} />);
    const length = screen.getByLabelText('Transition length (s)');
    fireEvent.change(length, { target: { value: '5' } });
    fireEvent.blur(length);
    await waitFor(() => expect(length).toHaveValue(0.5));
  });
});

describe('RenderSettingsPanel format radio group', () => {
  it('is one tab stop, and the arrow keys move focus and choose the next format', async () => {
    const user = userEvent.setup();
    const onSaved = vi.fn();
    const hd = makeProject({ aspect: '16:9', resolution_width: 1280, resolution_height: 720 });
    api.on('PATCH', URL, { status: 200, data: hd });
    render(<RenderSettingsPanel project={makeProject()} onSaved={onSaved} />);

    const radios = screen.getAllByRole('radio');
    expect(radios.map((r) => r.tabIndex)).toEqual([0, -1, -1, -1, -1, -1]);
    await user.tab();
    expect(radios[0]).toHaveFocus();

    await user.keyboard('{ArrowRight}');
    const hdRadio = screen.getByRole('radio', { name: '16:9 720p (1280×720)' });
    expect(hdRadio).toHaveFocus();
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(hd));
    expect(api.callsTo('PATCH', URL)[0]?.body).toEqual({ aspect: '16:9', resolution_width: 1280, resolution_height: 720 });
    // Focus stays on the chosen format through the save (it is never disabled under the keyboard).
    expect(hdRadio).toHaveFocus();
  });

  it('wraps from the first format to the last with the left arrow', async () => {
    const user = userEvent.setup();
    const portrait = makeProject({ aspect: '4:5', resolution_width: 1080, resolution_height: 1350 });
    api.on('PATCH', URL, { status: 200, data: portrait });
    render(<RenderSettingsPanel project={makeProject()} onSaved={vi.fn()} />);
    await user.tab();
    await user.keyboard('{ArrowLeft}');
    expect(screen.getByRole('radio', { name: '4:5 portrait (1080×1350)' })).toHaveFocus();
    await waitFor(() =>
      expect(api.callsTo('PATCH', URL)[0]?.body).toEqual({ aspect: '4:5', resolution_width: 1080, resolution_height: 1350 }),
    );
  });
});
