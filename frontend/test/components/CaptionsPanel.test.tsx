import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { toast } from 'sonner';
import { CaptionsPanel } from '@/components/CaptionsPanel';
import { installFakeApi, type FakeApi } from '@/test/helpers/fake-api';
import { makeProject, makeSegment } from '@/test/helpers/fixtures';
import { renderWithProviders } from '@/test/helpers/providers';
import type { CaptionFont, CaptionsSettings, Project, ProjectDetail, Segment, UpdateProjectRequest } from '@storyflow/contract';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn() } }));

const URL = '/projects/proj-1/';
const DELAY_MS = 20;
const FONTS: CaptionFont[] = [
  { id: 'bundled:noto-sans', name: 'Noto Sans', bundled: true, scripts: ['Latin', 'Cyrillic', 'Greek'], url: '/media/fonts/noto-sans.ttf' },
  { id: 'bundled:noto-sans-arabic', name: 'Noto Sans Arabic', bundled: true, scripts: ['Arabic'], url: '/media/fonts/noto-sans-arabic.ttf' },
  { id: 'upload:3fa9c1', name: 'Harbour Serif', bundled: false, scripts: ['Latin'], url: '/media/fonts/upload-3fa9c1.otf' },
];
const VOICED = makeSegment({
  id: 'seg-2',
  sequence_index: 1,
  text_content: 'The lamp turned all night.',
  audio_file: '/media/projects/proj-1/audio/seg-2.wav',
  audio_duration: 2.4,
  word_timings: [
    { word: 'The', start: 0.2, end: 0.6 },
    { word: 'lamp', start: 0.6, end: 0.9 },
  ],
});

let api: FakeApi;
beforeEach(() => {
  api = installFakeApi();
  api.on('GET', '/fonts/', { status: 200, data: FONTS });
  vi.mocked(toast.error).mockClear();
  vi.mocked(toast.success).mockClear();
});
afterEach(() => api.restore());

function detail(captions: Partial<CaptionsSettings> = {}, segments: Segment[] = [makeSegment(), VOICED]): ProjectDetail {
  const project = makeProject();
  return { ...project, captions: { ...project.captions, ...captions }, segments };
}

/** The panel as the editor holds it: the saved project replaces the one shown. */
function Editor({ initial }: { initial: ProjectDetail }) {
  const [project, setProject] = useState(initial);
  return <CaptionsPanel project={project} onSaved={(saved) => setProject((p) => ({ ...p, ...saved }))} saveDelayMs={DELAY_MS} />;
}

function renderPanel(project = detail()) {
  // The server stores each change and answers with the whole project.
  let stored: Project = project;
  api.on('PATCH', URL, (call) => {
    stored = { ...stored, captions: { ...stored.captions, ...(call.body as UpdateProjectRequest).captions } };
    return { status: 200, data: stored };
  });
  return renderWithProviders(<Editor initial={project} />);
}

const patches = () => api.callsTo('PATCH', URL).map((c) => c.body);

describe('CaptionsPanel', () => {
  it('shows the saved settings', async () => {
    renderPanel(detail({ style: 'punchy', position: 'top', size: 90, color: '#FFEE00', words_per_caption: 2 }));
    expect(screen.getByLabelText('Show captions in the video')).toBeChecked();
    // Label queries here: role queries walk the whole accessibility tree, slow on a busy machine.
    expect(screen.getByLabelText('Punchy')).toBeChecked();
    expect(screen.getByLabelText('Top')).toBeChecked();
    expect(screen.getByLabelText('Size')).toHaveValue('90');
    expect(screen.getByText('90 px')).toBeInTheDocument();
    expect(screen.getByLabelText('Text colour')).toHaveValue('#ffee00');
    expect(screen.getByLabelText('Outline colour')).toHaveValue('#000000');
    expect(screen.getByLabelText('Words per caption')).toHaveValue('2');
    expect(await screen.findByText('Noto Sans (Latin, Cyrillic, Greek)')).toBeInTheDocument();
    expect(screen.getByLabelText('Font')).toHaveValue('bundled:noto-sans');
  });

  it('explains each style in plain words', () => {
    renderPanel();
    expect(screen.getByRole('radio', { name: 'Classic' })).toHaveAccessibleDescription('Up to 7 words on one or two lines, like film subtitles.');
    expect(screen.getByRole('radio', { name: 'Punchy' })).toHaveAccessibleDescription('1 to 3 words at a time on one line, quick and bold.');
    expect(screen.getByRole('radio', { name: 'Highlight' })).toHaveAccessibleDescription('Lines like Classic; the word being spoken lights up.');
  });

  it('saves the switch, the position and the font, each alone', async () => {
    renderPanel();
    await screen.findByRole('option', { name: 'Noto Sans Arabic (Arabic)' });

    await userEvent.click(screen.getByLabelText('Show captions in the video'));
    await waitFor(() => expect(screen.getByLabelText('Show captions in the video')).not.toBeChecked());
    await userEvent.click(screen.getByLabelText('Show captions in the video'));
    await userEvent.click(screen.getByRole('radio', { name: 'Middle' }));
    await userEvent.selectOptions(screen.getByLabelText('Font'), 'upload:3fa9c1');

    await waitFor(() => expect(patches()).toHaveLength(4));
    expect(patches()).toEqual([
      { captions: { enabled: false } },
      { captions: { enabled: true } },
      { captions: { position: 'middle' } },
      { captions: { font: 'upload:3fa9c1' } },
    ]);
    expect(screen.getByRole('radio', { name: 'Middle' })).toBeChecked();
    expect(screen.getByLabelText('Font')).toHaveValue('upload:3fa9c1');
  });

  it('shrinks the words per caption in the same save when a style allows fewer', async () => {
    renderPanel();
    expect(within(screen.getByLabelText('Words per caption')).getAllByRole('option')).toHaveLength(7);

    await userEvent.click(screen.getByRole('radio', { name: 'Punchy' }));
    await waitFor(() => expect(patches()).toEqual([{ captions: { style: 'punchy', words_per_caption: 3 } }]));
    expect(screen.getByLabelText('Words per caption')).toHaveValue('3');
    expect(within(screen.getByLabelText('Words per caption')).getAllByRole('option').map((o) => o.textContent)).toEqual(['1', '2', 'Up to 3']);

    await userEvent.selectOptions(screen.getByLabelText('Words per caption'), '2');
    await userEvent.click(screen.getByRole('radio', { name: 'Classic' }));
    await waitFor(() => expect(patches()).toHaveLength(3));
    expect(patches().slice(1)).toEqual([{ captions: { words_per_caption: 2 } }, { captions: { style: 'classic' } }]);
  });

  it('offers the highlight colour only for the highlight style', async () => {
    renderPanel();
    expect(screen.queryByLabelText('Highlight colour')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: 'Highlight' }));
    expect(screen.getByLabelText('Highlight colour')).toHaveValue('#ffd400');

    fireEvent.change(screen.getByLabelText('Highlight colour'), { target: { value: '#00ff88' } });
    await waitFor(() => expect(patches()).toHaveLength(2));
    expect(patches()).toEqual([{ captions: { style: 'highlight' } }, { captions: { highlight_color: '#00FF88' } }]);
  });

  it('saves a dragged size slider and colours once they rest, with the last values', async () => {
    renderPanel();
    for (const size of ['70', '85', '100']) fireEvent.change(screen.getByLabelText('Size'), { target: { value: size } });
    fireEvent.change(screen.getByLabelText('Text colour'), { target: { value: '#ff0000' } });
    fireEvent.change(screen.getByLabelText('Outline colour'), { target: { value: '#112233' } });
    expect(screen.getByText('100 px')).toBeInTheDocument();

    await waitFor(() => expect(patches()).toHaveLength(1));
    expect(patches()).toEqual([{ captions: { size: 100, color: '#FF0000', outline_color: '#112233' } }]);
  });

  it('shows the saved value again and a toast when the server refuses a change', async () => {
    renderPanel();
    api.on('PATCH', URL, { status: 400, data: { error: 'Not a font id.', code: 'validation_failed' } });
    await userEvent.click(screen.getByRole('radio', { name: 'Top' }));
    await waitFor(() => expect(toast.error).toHaveBeenCalledWith('Could not save the captions settings: Not a font id.', expect.anything()));
    await waitFor(() => expect(screen.getByRole('radio', { name: 'Bottom' })).toBeChecked());
  });

  it('turns every setting off while captions are off', () => {
    renderPanel(detail({ enabled: false }));
    expect(screen.getByLabelText('Show captions in the video')).not.toBeChecked();
    for (const label of ['Size', 'Font', 'Words per caption', 'Text colour']) expect(screen.getByLabelText(label)).toBeDisabled();
    expect(screen.getByRole('radio', { name: 'Classic' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Upload font…' })).toBeDisabled();
  });

  it('keeps showing the saved font by name when the font list cannot be read', async () => {
    api.on('GET', '/fonts/', { status: 500, data: { error: 'Internal error', code: 'internal_error' } });
    renderPanel(detail({ font: 'bundled:noto-sans-arabic' }));
    expect(await screen.findByRole('option', { name: 'Noto Sans Arabic' })).toBeInTheDocument();
    expect(screen.getByLabelText('Font')).toHaveValue('bundled:noto-sans-arabic');
  });

  it('uploads a font as multipart "font", lists it and chooses it', async () => {
    renderPanel();
    const added: CaptionFont = { id: 'upload:77aa00', name: 'Lantern Sans', bundled: false, scripts: ['Latin'], url: '/media/fonts/upload-77aa00.ttf' };
    api.on('POST', '/fonts/', { status: 201, data: added });
    api.on('GET', '/fonts/', { status: 200, data: [...FONTS, added] });
    await userEvent.upload(screen.getByLabelText('Font file'), new File([new Uint8Array(64)], 'Lantern.ttf', { type: 'font/ttf' }));

    await waitFor(() => expect(screen.getByLabelText('Font')).toHaveValue('upload:77aa00'));
    const [upload] = api.callsTo('POST', '/fonts/');
    expect((upload?.body as FormData).get('font')).toBeInstanceOf(File);
    expect(await screen.findByRole('option', { name: 'Lantern Sans (Latin)' })).toBeInTheDocument();
    expect(patches()).toEqual([{ captions: { font: 'upload:77aa00' } }]);
    expect(toast.success).toHaveBeenCalledWith('Added the font Lantern Sans');
  });

  it('shows a refused font file as a toast and keeps the chosen font', async () => {
    renderPanel();
    await screen.findByRole('option', { name: 'Harbour Serif (Latin)' });
    api.on('POST', '/fonts/', {
      status: 400,
      data: { error: 'Not a font file', code: 'invalid_font', details: 'The file is not a TrueType or OpenType font.' },
    });
    await userEvent.upload(screen.getByLabelText('Font file'), new File(['<html>'], 'page.ttf', { type: 'font/ttf' }));

    await waitFor(() =>
      expect(toast.error).toHaveBeenCalledWith('Could not add the font: Not a font file', {
        description: 'The file is not a TrueType or OpenType font.',
      }),
    );
    expect(patches()).toEqual([]);
    expect(screen.getByLabelText('Font')).toHaveValue('bundled:noto-sans');
    expect(screen.getByRole('button', { name: 'Upload font…' })).toBeEnabled();
  });
});

describe('CaptionsPanel preview', () => {
  const preview = () => screen.getByRole<HTMLImageElement>('img', { name: /with its caption$/ });
  const previewSrc = () => new globalThis.URL(preview().src, 'http://localhost');

  it('draws the first segment with speech in the middle of its first word', () => {
    renderPanel();
    expect(screen.getByLabelText('Preview segment')).toHaveValue('seg-2');
    expect(preview()).toHaveAccessibleName('Segment 2 at 0.4 s with its caption');
    expect(previewSrc().pathname).toBe('/api/segments/seg-2/preview.jpg');
    expect(previewSrc().searchParams.get('t')).toBe('0.40');
    expect(previewSrc().searchParams.get('v')).toMatch(/^[0-9a-f]{8}$/);
    expect(screen.getByRole('status')).toHaveTextContent('Drawing the preview…');
    fireEvent.load(preview());
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('asks for a new still when the settings or the moment change, once they rest', async () => {
    renderPanel();
    const first = preview().src;
    fireEvent.change(screen.getByLabelText('Size'), { target: { value: '120' } });
    await waitFor(() => expect(preview().src).not.toBe(first));
    const bigger = previewSrc();
    expect(bigger.searchParams.get('t')).toBe('0.40');

    await userEvent.click(screen.getByRole('radio', { name: 'Top' }));
    await waitFor(() => expect(previewSrc().searchParams.get('v')).not.toBe(bigger.searchParams.get('v')));

    fireEvent.change(screen.getByLabelText('Moment in the segment'), { target: { value: '1.7' } });
    await waitFor(() => expect(previewSrc().searchParams.get('t')).toBe('1.70'));
    expect(screen.getByText('1.7 s / 2.4 s')).toBeInTheDocument();
  });

  it('keeps the same still for the same settings', async () => {
    renderPanel();
    const first = preview().src;
    await userEvent.click(screen.getByRole('radio', { name: 'Top' }));
    await waitFor(() => expect(preview().src).not.toBe(first));
    await userEvent.click(screen.getByRole('radio', { name: 'Bottom' }));
    await waitFor(() => expect(preview().src).toBe(first));
  });

  it("shows the server's reason instead of a broken picture", async () => {
    renderPanel();
    const path = `${previewSrc().pathname.replace(/^\/api/, '')}${previewSrc().search}`;
    api.on('GET', path, { status: 400, data: { error: "Segment 2: the caption font has no glyphs for 'ⵜⴰ' — choose another font", code: 'bad_request' } });
    fireEvent.error(preview());

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The preview could not be drawn.');
    await waitFor(() => expect(alert).toHaveTextContent("Segment 2: the caption font has no glyphs for 'ⵜⴰ' — choose another font"));
    expect(screen.queryByRole('img', { name: /with its caption$/ })).not.toBeInTheDocument();
  });

  it('previews the segment the user picks', async () => {
    const third = makeSegment({ id: 'seg-3', sequence_index: 2, text_content: 'Dawn.', audio_file: '/a/seg-3.wav', audio_duration: 1, word_timings: null });
    renderPanel(detail({}, [makeSegment(), VOICED, third]));
    expect(within(screen.getByLabelText('Preview segment')).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Segment 2: The lamp turned all night.',
      'Segment 3: Dawn.',
    ]);
    await userEvent.selectOptions(screen.getByLabelText('Preview segment'), 'seg-3');
    await waitFor(() => expect(previewSrc().pathname).toBe('/api/segments/seg-3/preview.jpg'));
    expect(previewSrc().searchParams.get('t')).toBe('0.50');
  });

  it('asks for speech first when no segment has any', () => {
    renderPanel(detail({}, [makeSegment()]));
    expect(screen.getByText('Generate a segment’s speech to preview its captions here.')).toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });
});
