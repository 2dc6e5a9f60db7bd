/**
 * Writes final.srt and final.vtt beside a rendered video, each atomically (temp file,
 * then rename), so a player never reads half a caption file.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { planCaptions, toSrt, toVtt, type CaptionStyle } from './captions.js';
import type { WordTiming } from './speech/word-timings.js';

export type CaptionFilesInput = {
  videoPath: string;
  fps: number;
  style: CaptionStyle;
  /** The user's words per caption (capped by the style); the style's maximum when absent. */
  wordsPerCaption?: number | undefined;
  /** Per segment: its words (null when its audio predates word timings) and its narration's first frame. */
  segments: readonly { words: readonly WordTiming[] | null; narrationStartFrame: number }[];
};

export type CaptionFiles = { srtPath: string; vttPath: string; skippedSegments: number[] };

export async function writeCaptionFiles(input: CaptionFilesInput): Promise<CaptionFiles> {
  const skippedSegments = input.segments.flatMap((s, i) => (s.words === null ? [i + 1] : []));
  const captions = planCaptions(
    input.segments.flatMap((s) => (s.words === null ? [] : [{ words: s.words, narrationStartFrame: s.narrationStartFrame }])),
    input.style,
    input.fps,
    input.wordsPerCaption,
  );
  const base = input.videoPath.replace(/\.mp4$/u, '');
  const srtPath = `${base}.srt`;
  const vttPath = `${base}.vtt`;
  await Promise.all([atomicWrite(srtPath, toSrt(captions)), atomicWrite(vttPath, toVtt(captions))]);
  return { srtPath, vttPath, skippedSegments };
}

async function atomicWrite(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.partial`);
  try {
    await fs.writeFile(tmp, text);
    await fs.rename(tmp, file);
  } finally {
    await fs.rm(tmp, { force: true });
  }
}
