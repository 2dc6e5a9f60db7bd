import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';
import { parseJsonSegments, parseTextBlocks } from '../services/story-import.js';

/** Bad input the user can fix: printed as is, exit code 1. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

export type StorySegment = { text: string; imagePath: string };

const IMAGE_EXT = /\.(jpe?g|png|webp|gif|tiff?|avif|heic|heif|bmp)$/i;

/**
 * Reads a story file with the web app's import parser (SPEC §2.2) and gives each segment
 * its picture from `imagesDir`: the JSON `image` field names it, else segment N takes the
 * N-th image in natural name order. Every missing picture is named before anything runs.
 */
export async function readStory(storyFile: string, imagesDir: string): Promise<StorySegment[]> {
  const raw = await fs.readFile(storyFile, 'utf8').catch((err: unknown) => {
    throw new InputError(`Cannot read the story file ${storyFile}: ${whyUnreadable(err, 'no such file')}`);
  });
  const images = await listImages(imagesDir);
  let segments: { text: string; image?: string }[];
  try {
    segments = storyFile.toLowerCase().endsWith('.json') ? parseJson(raw, storyFile) : fromText(raw);
  } catch (err) {
    if (err instanceof AppError) throw new InputError(`${storyFile}: ${describeProblem(err)}`);
    throw err;
  }
  const missing: string[] = [];
  const result = segments.map((s, i) => {
    const name = s.image ?? images[i];
    if (name === undefined) {
      missing.push(`segment ${i + 1} has no image: ${imagesDir} holds ${images.length} image(s) for ${segments.length} segments`);
      return { text: s.text, imagePath: '' };
    }
    if (s.image !== undefined && !images.includes(s.image)) missing.push(`segment ${i + 1}: image not found: ${path.join(imagesDir, s.image)}`);
    return { text: s.text, imagePath: path.join(imagesDir, name) };
  });
  if (missing.length > 0) throw new InputError(`Missing image${missing.length > 1 ? 's' : ''}:\n  ${missing.join('\n  ')}`);
  return result;
}

function fromText(raw: string): { text: string }[] {
  return parseTextBlocks(raw).map((s) => ({ text: s.text_content }));
}

function parseJson(raw: string, file: string): { text: string; image?: string }[] {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new InputError(`${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const items = Array.isArray(json) ? json : (json as { segments?: unknown } | null)?.segments;
  if (!Array.isArray(items)) throw new InputError(`${file} needs a "segments" array (or to be an array of segments)`);
  const parsed = parseJsonSegments(items);
  return parsed.map((s, i) => {
    const image = (items[i] as { image?: unknown }).image;
    if (image === undefined || image === null) return { text: s.text_content };
    if (typeof image !== 'string' || image.trim() === '' || path.basename(image) !== image) {
      throw new InputError(`${file}: segment ${i + 1} has an "image" that is not a file name in the images folder`);
    }
    return { text: s.text_content, image };
  });
}

async function listImages(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch((err: unknown) => {
    throw new InputError(`Cannot read the images folder ${dir}: ${whyUnreadable(err, 'no such folder')}`);
  });
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  return entries
    .filter((e) => e.isFile() && IMAGE_EXT.test(e.name))
    .map((e) => e.name)
    .sort(collator.compare);
}

function whyUnreadable(err: unknown, missing: string): string {
  if ((err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return missing;
  return err instanceof Error ? err.message : String(err);
}

/** The import parser's details: one line, or one per bad block/segment. */
function describeProblem(err: AppError): string {
  if (typeof err.details === 'string') return err.details;
  if (Array.isArray(err.details) && err.details.every((line) => typeof line === 'string')) return err.details.join('\n');
  return err.message;
}
