/**
 * Caption fonts (SPEC §7.3): the bundled ones (open-licence .ttf files from npm packages)
 * and the user's uploads, stored as `<data>/fonts/<sha256 prefix>.ttf|.otf`, so they
 * survive restarts and the same file uploaded twice is one font. This is the only place a
 * font id becomes a file path; the engine receives the path.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { CaptionFont, CaptionsSettings } from '@storyflow/contract';
import type { RenderCaptions } from '../engine/index.js';
import { fontScripts, NotAFontError, readFontInfo } from '../engine/fonts.js';
import { BadRequestError, NotFoundError } from '../errors.js';

const require = createRequire(import.meta.url);

/** Bundled fonts by name: the npm package and the file inside it (licences in THIRD_PARTY_NOTICES.md). */
const BUNDLED: Readonly<Record<string, { pkg: string; file: string }>> = {
  'noto-sans': { pkg: '@expo-google-fonts/noto-sans', file: '400Regular/NotoSans_400Regular.ttf' },
  'noto-sans-arabic': { pkg: '@expo-google-fonts/noto-sans-arabic', file: '400Regular/NotoSansArabic_400Regular.ttf' },
  'dejavu-sans': { pkg: 'dejavu-fonts-ttf', file: 'ttf/DejaVuSans.ttf' },
};

const UPLOAD_ID = /^upload:([a-f0-9]{16})$/u;

export function fontsDir(dataDir: string): string {
  return path.join(dataDir, 'fonts');
}

function bundledPath(name: string): string | null {
  const entry = BUNDLED[name];
  if (entry === undefined) return null;
  return path.join(path.dirname(require.resolve(`${entry.pkg}/package.json`)), entry.file);
}

/** Where the browser loads a font's file from (the font picker previews with it). */
export function fontFileUrl(id: string): string {
  return `/api/fonts/${encodeURIComponent(id)}/file`;
}

/** The file of a font id, or null when there is no such font. */
export async function resolveCaptionFont(dataDir: string, id: string): Promise<string | null> {
  if (id.startsWith('bundled:')) return bundledPath(id.slice('bundled:'.length));
  const match = UPLOAD_ID.exec(id);
  if (match === null) return null;
  for (const ext of ['ttf', 'otf']) {
    const file = path.join(fontsDir(dataDir), `${match[1]}.${ext}`);
    if (await fs.stat(file).then((s) => s.isFile(), () => false)) return file;
  }
  return null;
}

export async function captionFontExists(dataDir: string, id: string): Promise<boolean> {
  return (await resolveCaptionFont(dataDir, id)) !== null;
}

async function describe(id: string, file: string, bundled: boolean): Promise<CaptionFont | null> {
  try {
    const info = readFontInfo(await fs.readFile(file));
    return { id, name: info.family, bundled, scripts: fontScripts(info.coverage), url: fontFileUrl(id) };
  } catch {
    return null;
  }
}

/** Bundled fonts first, then uploads by family name. A damaged file on disk is left out rather than failing the list. */
export async function listCaptionFonts(dataDir: string): Promise<CaptionFont[]> {
  const bundled = await Promise.all(Object.keys(BUNDLED).map((name) => describe(`bundled:${name}`, bundledPath(name)!, true)));
  const names = await fs.readdir(fontsDir(dataDir)).catch(() => [] as string[]);
  const uploads = await Promise.all(
    names
      .map((n) => /^([a-f0-9]{16})\.(ttf|otf)$/u.exec(n))
      .filter((m) => m !== null)
      .map((m) => describe(`upload:${m[1]}`, path.join(fontsDir(dataDir), m[0]), false)),
  );
  const present = (f: CaptionFont | null): f is CaptionFont => f !== null;
  return [...bundled.filter(present), ...uploads.filter(present).sort((a, b) => a.name.localeCompare(b.name))];
}

/**
 * Stores an uploaded font after reading it as one (sfnt header, name and cmap tables);
 * anything else is a 400 `invalid_font` and nothing is written.
 */
export async function addUploadedFont(dataDir: string, data: Buffer): Promise<CaptionFont> {
  let info;
  try {
    info = readFontInfo(data);
  } catch (err) {
    if (err instanceof NotAFontError) throw new BadRequestError('invalid_font', 'The file is not a usable font', `${err.message} Upload a .ttf or .otf file.`);
    throw err;
  }
  const hash = createHash('sha256').update(data).digest('hex').slice(0, 16);
  const id = `upload:${hash}`;
  const dir = fontsDir(dataDir);
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${hash}.${info.flavor === 'opentype' ? 'otf' : 'ttf'}`);
  const tmp = path.join(dir, `.${hash}.${randomBytes(4).toString('hex')}.partial`);
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, file);
  } finally {
    await fs.rm(tmp, { force: true });
  }
  return { id, name: info.family, bundled: false, scripts: fontScripts(info.coverage), url: fontFileUrl(id) };
}

/** Deletes an uploaded font; bundled ones cannot be deleted. Projects that used it fail their next render with the reason. */
export async function deleteUploadedFont(dataDir: string, id: string): Promise<void> {
  if (id.startsWith('bundled:')) throw new BadRequestError('font_bundled', 'Bundled fonts cannot be deleted');
  const file = await resolveCaptionFont(dataDir, id);
  if (file === null) throw new NotFoundError('Font');
  await fs.rm(file, { force: true });
}

/** The engine's captions settings with the font id resolved to its file; null when captions are off. */
export async function renderCaptionsSettings(dataDir: string, settings: CaptionsSettings): Promise<RenderCaptions | null> {
  if (!settings.enabled) return null;
  const fontPath = await resolveCaptionFont(dataDir, settings.font);
  if (fontPath === null) throw new BadRequestError('caption_font', 'The caption font no longer exists — choose another font');
  return {
    fontPath,
    style: settings.style,
    wordsPerCaption: settings.words_per_caption,
    position: settings.position,
    size: settings.size,
    color: settings.color,
    outlineColor: settings.outline_color,
    highlightColor: settings.highlight_color,
  };
}
