/**
 * Reads what captions need from a TrueType/OpenType file (SPEC §7.3): its family name (for
 * Pango) and which characters it has glyphs for (its cmap), so a caption the font cannot
 * draw fails before encoding instead of showing boxes. Judged by content: a file whose
 * bytes are not an sfnt with `name` and `cmap` tables is not a font, whatever its name.
 */

export type FontInfo = {
  family: string;
  /** 'truetype' (glyf outlines) or 'opentype' (CFF outlines, `OTTO`). */
  flavor: 'truetype' | 'opentype';
  /** Sorted, non-overlapping [first, last] code point ranges that map to a real glyph. */
  coverage: [number, number][];
};

export class NotAFontError extends Error {
  override readonly name = 'NotAFontError';
}

type Table = { offset: number; length: number };

/** Parses the sfnt header, `name` and `cmap`; throws NotAFontError on anything else. */
export function readFontInfo(bytes: Uint8Array): FontInfo {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (offset: number, length: number): void => {
    if (offset < 0 || length < 0 || offset + length > bytes.byteLength) throw new NotAFontError('The font file is cut short or damaged.');
  };
  need(0, 12);
  const tag = view.getUint32(0);
  let flavor: FontInfo['flavor'];
  if (tag === 0x00010000 || tag === 0x74727565 /* 'true' */) flavor = 'truetype';
  else if (tag === 0x4f54544f /* 'OTTO' */) flavor = 'opentype';
  else throw new NotAFontError('Not a TrueType or OpenType font (.ttf/.otf).');
  const numTables = view.getUint16(4);
  if (numTables === 0 || numTables > 200) throw new NotAFontError('The font file has no usable table directory.');
  need(12, numTables * 16);
  const tables = new Map<string, Table>();
  for (let i = 0; i < numTables; i++) {
    const at = 12 + i * 16;
    const name = String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
    const table = { offset: view.getUint32(at + 8), length: view.getUint32(at + 12) };
    need(table.offset, table.length);
    tables.set(name, table);
  }
  const name = tables.get('name');
  const cmap = tables.get('cmap');
  if (name === undefined || cmap === undefined) throw new NotAFontError('The font has no name or character map.');
  const family = readFamily(view, name, need);
  if (family === null) throw new NotAFontError('The font has no family name.');
  const coverage = readCoverage(view, cmap, need);
  if (coverage.length === 0) throw new NotAFontError('The font maps no Unicode characters.');
  return { family, flavor, coverage };
}

type Need = (offset: number, length: number) => void;

/** The typographic family (name ID 16) or else the family (ID 1); Windows Unicode first, then Mac Roman. */
function readFamily(view: DataView, table: Table, need: Need): string | null {
  need(table.offset, 6);
  const count = view.getUint16(table.offset + 2);
  const strings = table.offset + view.getUint16(table.offset + 4);
  need(table.offset + 6, count * 12);
  const found = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const r = table.offset + 6 + i * 12;
    const platform = view.getUint16(r);
    const nameId = view.getUint16(r + 6);
    if (nameId !== 1 && nameId !== 16) continue;
    const length = view.getUint16(r + 8);
    const at = strings + view.getUint16(r + 10);
    need(at, length);
    let text = '';
    if (platform === 3 || platform === 0) {
      for (let k = 0; k + 1 < length; k += 2) text += String.fromCharCode(view.getUint16(at + k));
    } else if (platform === 1) {
      for (let k = 0; k < length; k++) text += String.fromCharCode(view.getUint8(at + k));
    } else continue;
    const key = `${nameId}:${platform === 1 ? 'mac' : 'unicode'}`;
    if (!found.has(key) && text.trim() !== '') found.set(key, text.trim());
  }
  return found.get('16:unicode') ?? found.get('1:unicode') ?? found.get('16:mac') ?? found.get('1:mac') ?? null;
}

/** Union of the Unicode subtables (format 4 for the BMP, 12 for all planes); unmapped (glyph 0) code points are left out. */
function readCoverage(view: DataView, table: Table, need: Need): [number, number][] {
  need(table.offset, 4);
  const count = view.getUint16(table.offset + 2);
  need(table.offset + 4, count * 8);
  const points: [number, number][] = [];
  const add = (first: number, last: number): void => {
    if (last >= first) points.push([first, last]);
  };
  for (let i = 0; i < count; i++) {
    const r = table.offset + 4 + i * 8;
    const platform = view.getUint16(r);
    const encoding = view.getUint16(r + 2);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    const sub = table.offset + view.getUint32(r + 4);
    need(sub, 2);
    const format = view.getUint16(sub);
    if (format === 4) readFormat4(view, sub, need, add);
    else if (format === 12) readFormat12(view, sub, need, add);
  }
  return mergeRanges(points);
}

function readFormat4(view: DataView, sub: number, need: Need, add: (a: number, b: number) => void): void {
  need(sub, 14);
  const segCount = view.getUint16(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + segCount * 2 + 2;
  const deltas = starts + segCount * 2;
  const rangeOffsets = deltas + segCount * 2;
  need(ends, segCount * 8 + 2);
  for (let s = 0; s < segCount; s++) {
    const end = view.getUint16(ends + s * 2);
    const start = view.getUint16(starts + s * 2);
    const delta = view.getUint16(deltas + s * 2);
    const rangeOffset = view.getUint16(rangeOffsets + s * 2);
    if (start === 0xffff) continue;
    let runStart = -1;
    for (let c = start; c <= end; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const at = rangeOffsets + s * 2 + rangeOffset + (c - start) * 2;
        if (at + 2 > view.byteLength) glyph = 0;
        else {
          glyph = view.getUint16(at);
          if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
        }
      }
      if (glyph !== 0 && runStart === -1) runStart = c;
      if (glyph === 0 && runStart !== -1) {
        add(runStart, c - 1);
        runStart = -1;
      }
    }
    if (runStart !== -1) add(runStart, end);
  }
}

function readFormat12(view: DataView, sub: number, need: Need, add: (a: number, b: number) => void): void {
  need(sub, 16);
  const groups = view.getUint32(sub + 12);
  need(sub + 16, groups * 12);
  for (let g = 0; g < groups; g++) {
    const at = sub + 16 + g * 12;
    const first = view.getUint32(at);
    const last = Math.min(view.getUint32(at + 4), 0x10ffff);
    const glyph = view.getUint32(at + 8);
    // A group starting at glyph 0 maps its first code point to .notdef.
    add(glyph === 0 ? first + 1 : first, last);
  }
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of ranges) {
    const last = merged[merged.length - 1];
    if (last !== undefined && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

export function hasGlyph(coverage: readonly [number, number][], codePoint: number): boolean {
  let lo = 0;
  let hi = coverage.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = coverage[mid]!;
    if (codePoint < a) hi = mid - 1;
    else if (codePoint > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Characters Pango lays out without a glyph of their own: spaces, joiners, direction marks. */
function needsNoGlyph(codePoint: number): boolean {
  return (
    /\s/u.test(String.fromCodePoint(codePoint)) ||
    (codePoint >= 0x200b && codePoint <= 0x200f) ||
    (codePoint >= 0x2028 && codePoint <= 0x202e) ||
    (codePoint >= 0x2060 && codePoint <= 0x206f) ||
    codePoint === 0xfeff
  );
}

/** The distinct characters of `text` the font cannot draw, in order of first appearance. */
export function missingGlyphs(coverage: readonly [number, number][], text: string): string[] {
  const missing: string[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (needsNoGlyph(cp) || hasGlyph(coverage, cp) || missing.includes(ch)) continue;
    missing.push(ch);
  }
  return missing;
}

/** A script counts as covered when the font draws its core letters (what the font picker shows). */
const SCRIPT_SAMPLES: readonly [string, string][] = [
  ['Latin', 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'],
  ['Cyrillic', 'АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя'],
  ['Greek', 'ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρστυφχψω'],
  ['Arabic', 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي'],
  ['Hebrew', 'אבגדהוזחטיכלמנסעפצקרשת'],
];

export function fontScripts(coverage: readonly [number, number][]): string[] {
  return SCRIPT_SAMPLES.filter(([, sample]) => missingGlyphs(coverage, sample).length === 0).map(([script]) => script);
}
