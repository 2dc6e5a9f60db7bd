import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MAX_MUSIC_BYTES } from '@storyflow/contract/limits';
import { MusicCard } from '@/components/MusicCard';
import { installFakeApi, type FakeApi } from '@/test/helpers/fake-api';
import { makeProject } from '@/test/helpers/fixtures';
import { renderWithProviders } from '@/test/helpers/providers';
import type { ProjectMusic } from '@storyflow/contract';

const MUSIC: ProjectMusic = {
  file: '/media/projects/proj-1/music/abc.wav',
  name: 'Harbour Lights.mp3',
  duration_seconds: 154,
  volume_db: -12,
  loop: true,
  fade_out_seconds: 3,
};

let api: FakeApi;
beforeEach(() => {
  api = installFakeApi();
});
afterEach(() => api.restore());

function musicFile(name = 'Harbour Lights.mp3', bytes = 1024): File {
  return new File([new Uint8Array(bytes)], name, { type: 'audio/mpeg' });
}

describe('MusicCard', () => {
  it('uploads a chosen file in the "music" field and shows it with a player and its settings', async () => {
    api.on('POST', '/projects/proj-1/music/', { status: 201, data: { music: MUSIC } });
    renderWithProviders(<MusicCard project={makeProject()} />);
    expect(screen.getByText('MP3, AAC/M4A, WAV, OGG or FLAC, up to 50 MB.')).toBeInTheDocument();
    await userEvent.upload(screen.getByLabelText('Music file'), musicFile());

    expect(await screen.findByText('Harbour Lights.mp3')).toBeInTheDocument();
    expect(screen.getByText('2:34')).toBeInTheDocument();
    const [call] = api.callsTo('POST', '/projects/proj-1/music/');
    expect(call?.body).toBeInstanceOf(FormData);
    expect((call?.body as FormData).get('music')).toBeInstanceOf(File);
    expect(screen.getByLabelText('Play Harbour Lights.mp3')).toHaveAttribute('src', MUSIC.file);
    expect(screen.getByLabelText('Volume')).toHaveValue('-12');
    expect(screen.getByLabelText('Loop to the end of the video')).toBeChecked();
    expect(screen.getByLabelText('Fade-out (seconds)')).toHaveValue(3);
  });

  it("shows the server's reason when a file is refused and keeps the current music", async () => {
    api.on('POST', '/projects/proj-1/music/', {
      status: 400,
      data: { error: 'Invalid music file', details: 'The file is not MP3, AAC/M4A, WAV, OGG or FLAC audio' },
    });
    renderWithProviders(<MusicCard project={makeProject({ music: MUSIC })} />);
    await userEvent.upload(screen.getByLabelText('Music file'), musicFile('page.mp3'));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not add the music. Invalid music file: The file is not MP3, AAC/M4A, WAV, OGG or FLAC audio',
    );
    expect(screen.getByText('Harbour Lights.mp3')).toBeInTheDocument();
  });

  it('refuses a file over 50 MB without uploading it', async () => {
    renderWithProviders(<MusicCard project={makeProject()} />);
    await userEvent.upload(screen.getByLabelText('Music file'), musicFile('huge.wav', MAX_MUSIC_BYTES + 1));
    expect(await screen.findByRole('alert')).toHaveTextContent('"huge.wav" is larger than 50 MB');
    expect(api.calls).toEqual([]);
  });

  it('saves volume, loop, fade-out and the loudness target by PATCH of the project', async () => {
    const project = makeProject({ music: MUSIC });
    api.on('PATCH', '/projects/proj-1/', { status: 200, data: project });
    renderWithProviders(<MusicCard project={project} saveDelayMs={1} />);

    fireEvent.change(screen.getByLabelText('Volume'), { target: { value: '-20' } });
    expect(screen.getByText('−20 dB')).toBeInTheDocument();
    await waitFor(() => expect(api.callsTo('PATCH', '/projects/proj-1/').map((c) => c.body)).toContainEqual({ music: { volume_db: -20 } }));

    await userEvent.click(screen.getByLabelText('Loop to the end of the video'));
    await waitFor(() => expect(api.callsTo('PATCH', '/projects/proj-1/').map((c) => c.body)).toContainEqual({ music: { loop: false } }));

    fireEvent.change(screen.getByLabelText('Fade-out (seconds)'), { target: { value: '5' } });
    await waitFor(() => expect(api.callsTo('PATCH', '/projects/proj-1/').map((c) => c.body)).toContainEqual({ music: { fade_out_seconds: 5 } }));

    await userEvent.selectOptions(screen.getByLabelText('Loudness'), '-23');
    await waitFor(() => expect(api.callsTo('PATCH', '/projects/proj-1/').map((c) => c.body)).toContainEqual({ loudness_target: -23 }));
  });

  it('does not save a fade-out out of range and says why', async () => {
    renderWithProviders(<MusicCard project={makeProject({ music: MUSIC })} saveDelayMs={1} />);
    fireEvent.change(screen.getByLabelText('Fade-out (seconds)'), { target: { value: '12' } });
    expect(screen.getByRole('alert')).toHaveTextContent('Fade-out must be between 0 and 10 seconds');
    await new Promise((r) => setTimeout(r, 20));
    expect(api.callsTo('PATCH', '/projects/proj-1/')).toEqual([]);
  });

  it('removes the music', async () => {
    api.on('DELETE', '/projects/proj-1/music/', { status: 204 });
    renderWithProviders(<MusicCard project={makeProject({ music: MUSIC })} />);
    await userEvent.click(screen.getByRole('button', { name: 'Remove music' }));
    expect(await screen.findByRole('button', { name: 'Add music' })).toBeInTheDocument();
    expect(screen.queryByText('Harbour Lights.mp3')).not.toBeInTheDocument();
  });
});
