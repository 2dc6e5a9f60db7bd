/** Is there a working ffmpeg at this path? Used before a render is accepted, by the renderer and by engine/tools. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { runProcess } from './child-process.js';

export const FFMPEG_INSTALL_HINT =
  "Reinstall StoryFlow's npm packages (npm ci: they bring FFmpeg), install FFmpeg (Debian/Ubuntu: sudo apt-get install ffmpeg; macOS: brew install ffmpeg) or set FFMPEG_PATH and FFPROBE_PATH.";

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

/** `bin -version` names the program and its version; `why` says in a few words what went wrong. */
export async function readProgramVersion(
  bin: string,
  expectedName: string,
): Promise<{ ok: true; version: string } | { ok: false; why: 'did not run correctly' | 'was not found' }> {
  try {
    const result = await runProcess(bin, ['-hide_banner', '-version'], { collectStdout: true }).done;
    const firstLine = result.stdout.split('\n')[0] ?? '';
    const match = new RegExp(`^${expectedName} version (\\S+)`).exec(firstLine);
    if (result.exitCode === 0 && match?.[1] !== undefined) return { ok: true, version: match[1] };
    return { ok: false, why: 'did not run correctly' };
  } catch {
    return { ok: false, why: 'was not found' };
  }
}

/**
 * Programs that answered, by path, with the identity of the file that answered. Every
 * render checks both programs first, and those two process starts were a fifth of a
 * no-change re-render; a replaced or removed file has another identity and is asked again.
 */
const answered = new Map<string, { identity: string; version: string }>();

/** Only an absolute path to a regular file has an identity; a bare name is looked up in PATH each time. */
async function fileIdentity(bin: string): Promise<string | null> {
  if (!path.isAbsolute(bin)) return null;
  const stat = await fs.stat(bin).catch(() => null);
  return stat?.isFile() === true ? `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}` : null;
}

async function checkBinary(
  bin: string,
  expectedName: string,
  label: string,
): Promise<{ ok: true; version: string } | { ok: false; message: string }> {
  const identity = await fileIdentity(bin);
  const known = answered.get(`${expectedName}\0${bin}`);
  if (identity !== null && known?.identity === identity) return { ok: true, version: known.version };
  const result = await readProgramVersion(bin, expectedName);
  if (result.ok) {
    if (identity !== null) answered.set(`${expectedName}\0${bin}`, { identity, version: result.version });
    return result;
  }
  const what = result.why === 'was not found' ? `${label} was not found at "${bin}".` : `${label} at "${bin}" did not run correctly.`;
  return { ok: false, message: `${what} ${FFMPEG_INSTALL_HINT}` };
}
