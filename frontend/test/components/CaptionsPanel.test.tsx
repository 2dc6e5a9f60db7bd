import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CaptionsPanel } from '@/components/CaptionsPanel';
import { installFakeApi, type FakeApi } from '@/test/helpers/fake-api';
import { makeProject } from '@/test/helpers/fixtures';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn() } }));

const URL = '/projects/proj-1/';
let api: FakeApi;
beforeEach(() => {
  api = installFakeApi();
});
afterEach(() => api.restore());

describe('CaptionsPanel', () => {
  it('shows the saved settings and saves the style and the switch, each alone', async () => {
    const onSaved = vi.fn();
    const punchy = makeProject({ captions: { ...makeProject().captions, style: 'punchy' } });
    api.on('PATCH', URL, { status: 200, data: punchy });
    render(<CaptionsPanel project={makeProject()} onSaved={onSaved} />);
    expect(screen.getByLabelText('Write captions (SRT and VTT) with the video')).toBeChecked();
    expect(screen.getByLabelText('Style')).toHaveValue('classic');

    await userEvent.selectOptions(screen.getByLabelText('Style'), 'punchy');
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(punchy));
    await userEvent.click(screen.getByLabelText('Write captions (SRT and VTT) with the video'));
    await waitFor(() => expect(api.callsTo('PATCH', URL)).toHaveLength(2));
    expect(api.callsTo('PATCH', URL).map((c) => c.body)).toEqual([{ captions: { style: 'punchy' } }, { captions: { enabled: false } }]);
  });

  it('disables the style while captions are off', () => {
    render(<CaptionsPanel project={makeProject({ captions: { ...makeProject().captions, enabled: false } })} onSaved={vi.fn()} />);
    expect(screen.getByLabelText('Write captions (SRT and VTT) with the video')).not.toBeChecked();
    expect(screen.getByLabelText('Style')).toBeDisabled();
  });
});
