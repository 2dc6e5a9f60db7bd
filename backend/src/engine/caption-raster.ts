/**
 * Draws one caption state into RGBA, once, with sharp's Pango text input and the caption
 * font's own file (`fontfile`), so it works with no system fonts (DESIGN §7 "Captions").
 * Pango shapes and orders the text, so Arabic and Hebrew come out joined and right to
 * left, also when one word is recoloured. Pango has no stroke, so the outline is the text
 * drawn in the outline colour at offsets around a circle under the text itself (all done
 * by libvips, off the JS thread).
 */
import sharp from 'sharp';
import { captionFontPixels, captionSafeArea, placeCaption, type CaptionPosition } from './caption-layout.js';
import type { Size } from './ken-burns.js';

export type CaptionLook = {
  fontPath: string;
  /** The family name inside the font file (Pango selects by it). */
  fontFamily: string;
  /** Text height in pixels per 1080 of the frame's shorter side. */
  size: number;
  position: CaptionPosition;
  /** #RRGGBB */
  color: string;
  outlineColor: string;
  highlightColor: string;
};

/** What one caption shows at one moment: its words by line, and the word being spoken when highlighted. */
export type CaptionFace = { lines: readonly (readonly string[])[]; highlight: number | null };

/** A caption drawn and placed: straight (not premultiplied) RGBA, even size and position for yuv420p. */
export type CaptionRaster = { x: number; y: number; width: number; height: number; rgba: Uint8Array };

function escapeMarkup(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;').replace(/'/gu, '&apos;');
}

/** Pango markup: the whole caption in `color`, the highlighted word (counted across lines) in `highlight`. */
function markup(face: CaptionFace, color: string, highlight: string | null): string {
  let index = 0;
  const lines = face.lines.map((line) =>
    line
      .map((word) => {
        const text = escapeMarkup(word);
        const lit = highlight !== null && index === face.highlight;
        index += 1;
        return lit ? `<span foreground="${highlight}">${text}</span>` : text;
      })
      .join(' '),
  );
  return `<span foreground="${color}">${lines.join('\n')}</span>`;
}

type Layer = { data: Buffer; width: number; height: number };

async function drawText(text: string, look: CaptionLook, pixels: number): Promise<Layer> {
  const { data, info } = await sharp({
    // The comma ends the family list, so a family name with a number or a style word in it is read whole.
    text: { text, font: `${look.fontFamily}, ${pixels}px`, fontfile: look.fontPath, rgba: true, align: 'centre', dpi: 72 },
  })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Offsets of the outline copies: 16 directions at the full radius and 8 at half, so thin strokes leave no gap. */
function outlineOffsets(radius: number): [number, number][] {
  const offsets: [number, number][] = [];
  for (const [r, n] of [
    [radius, 16],
    [radius / 2, 8],
  ] as const) {
    for (let k = 0; k < n; k++) {
      const a = (2 * Math.PI * k) / n;
      offsets.push([Math.round(r * Math.cos(a)), Math.round(r * Math.sin(a))]);
    }
  }
  return offsets;
}

/**
 * Renders `face` at the look's size (smaller if it would not fit the safe area's width or
 * height) with its outline, placed for `frame`.
 */
export async function rasterizeCaption(face: CaptionFace, look: CaptionLook, frame: Size): Promise<CaptionRaster> {
  const safe = captionSafeArea(frame);
  const room = { width: safe.right - safe.left, height: safe.bottom - safe.top };
  let pixels = captionFontPixels(look.size, frame);
  const radius = (px: number): number => Math.max(1, Math.round(px * 0.06));
  const textMarkup = markup(face, look.color, face.highlight === null ? null : look.highlightColor);
  let text = await drawText(textMarkup, look, pixels);
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = radius(pixels);
    const scale = Math.min((room.width - 2 * r) / text.width, (room.height - 2 * r) / text.height);
    if (scale >= 1 || pixels <= 8) break;
    pixels = Math.max(8, Math.floor(pixels * scale));
    text = await drawText(textMarkup, look, pixels);
  }
  const r = radius(pixels);
  const outline = await drawText(markup(face, look.outlineColor, null), look, pixels);
  // Even width and height: the frame worker blends chroma in 2×2 blocks.
  const width = 2 * Math.ceil((text.width + 2 * r) / 2);
  const height = 2 * Math.ceil((text.height + 2 * r) / 2);
  const raw = (layer: Layer) => ({ raw: { width: layer.width, height: layer.height, channels: 4 as const } });
  const rgba = await sharp({ create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([
      ...outlineOffsets(r).map(([dx, dy]) => ({ input: outline.data, ...raw(outline), left: r + dx, top: r + dy })),
      { input: text.data, ...raw(text), left: r, top: r },
    ])
    .raw()
    .toBuffer();
  const { x, y } = placeCaption(frame, look.position, width, height);
  return { x, y, width, height, rgba: new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength) };
}
