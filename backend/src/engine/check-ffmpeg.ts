/** Is there a working ffmpeg at this path? Used before a render is accepted and by the renderer. */
import { runProcess } from './child-process.js';

export const FFMPEG_INSTALL_HINT =
  'Install FFmpeg (Debian/Ubuntu: sudo apt-get install ffmpeg; macOS: brew install ffmpeg) or set FFMPEG_PATH to its location.';

export async function checkFfmpeg(
  ffmpegPath: string,
): Promise<{ ok: true; version: string } | { ok: false; message: string }> {
  return checkBinary(ffmpegPath, 'ffmpeg', 'FFmpeg');
}

/** The same check for ffprobe, which ships with FFmpeg. */
export async function checkFfprobe(
  ffprobePath: string,
): Promise<{ ok: true; version: string } | { ok: false; message: string }> {
  return checkBinary(ffprobePath, 'ffprobe', 'FFprobe (part of FFmpeg)');
}

async function checkBinary(
  bin: string,
  expectedName: string,
  label: string,
): Promise<{ ok: true; version: string } | { ok: false; message: string }> {
  try {
    const result = await runProcess(bin, ['-hide_banner', '-version'], { collectStdout: true }).done;
    const firstLine = result.stdout.split('\n')[0] ?? '';
    const match = new RegExp(`^${expectedName} version (\\S+)`).exec(firstLine);
    if (result.exitCode === 0 && match?.[1] !== undefined) return { ok: true, version: match[1] };
    return { ok: false, message: `${label} at "${bin}" did not run correctly. ${FFMPEG_INSTALL_HINT}` };
  } catch {
    return { ok: false, message: `${label} was not found at "${bin}". ${FFMPEG_INSTALL_HINT}` };
  }
}
