/**
 * Burned-in captions for a render (SPEC §7.3): the caption states on the video's timeline,
 * checked against the font before anything is encoded, cut per clip (with the part of
 * each clip's cache key they make) and drawn once each.
 */
import fs from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { planCaptions, type CaptionStyle } from './captions.js';
import type { CaptionPosition } from './caption-layout.js';
import { rasterizeCaption, type CaptionFace, type CaptionLook, type CaptionRaster } from './caption-raster.js';
import { RenderError, segmentError } from './errors.js';
import { missingGlyphs, readFontInfo } from './fonts.js';
import type { ClipCaption } from './frame-protocol.js';
import type { Size } from './ken-burns.js';
import type { WordTiming } from './speech/word-timings.js';

/** The captions settings the engine needs; the font is a file path (the app resolves font ids). */
export type RenderCaptions = {
  fontPath: string;
  style: CaptionStyle;
  wordsPerCaption: number;
  position: CaptionPosition;
  size: number;
  color: string;
  outlineColor: string;
  highlightColor: string;
};

/** One caption state: what is shown on video frames [startFrame, endFrame). */
export type CaptionCue = { segmentIndex: number; startFrame: number; endFrame: number; face: CaptionFace };

export type ClipCaptions = {
  /** What the clip's pixels depend on: goes into its cache key. */
  key: { font: string; look: Omit<CaptionLook, 'fontPath' | 'fontFamily' | 'highlightColor'> & { highlightColor?: string }; cues: [number, number, CaptionFace][] } | null;
  cues: { startFrame: number; endFrame: number; face: CaptionFace }[];
};

/** Drawn states kept for reuse within a render (a 1080p caption is ~0.5–1 MB of RGBA). */
const MAX_KEPT_RASTERS = 64;

export class CaptionTrack {
  private readonly rasters = new Map<string, Promise<CaptionRaster>>();

  private constructor(
    readonly cues: readonly CaptionCue[],
    private readonly look: CaptionLook,
    private readonly fontHash: string,
  ) {}

  /**
   * Plans every caption state: the chunks of `planCaptions`, and with `highlight` one state
   * per spoken word. Reads the font and fails (stage `captions`) before any encoder runs when
   * it cannot be read or lacks a glyph a caption needs. Segments without word timings get none.
   */
  static async plan(
    captions: RenderCaptions,
    segments: readonly { words?: readonly WordTiming[] | null | undefined }[],
    narrationStartFrames: readonly number[],
    fps: number,
  ): Promise<CaptionTrack> {
    let bytes: Buffer;
    let info;
    try {
      bytes = await fs.readFile(captions.fontPath);
      info = readFontInfo(bytes);
    } catch (err) {
      throw new RenderError('The caption font could not be read — choose another font', { stage: 'captions', cause: err });
    }
    const cues: CaptionCue[] = [];
    for (const [i, segment] of segments.entries()) {
      if (segment.words === null || segment.words === undefined || segment.words.length === 0) continue;
      const planned = planCaptions([{ words: segment.words, narrationStartFrame: narrationStartFrames[i]! }], captions.style, fps, captions.wordsPerCaption);
      const missing = missingGlyphs(info.coverage, planned.map((c) => c.lines.join(' ')).join(' '));
      if (missing.length > 0) {
        throw segmentError(i, 'captions', `the caption font has no glyphs for '${missing.join('')}' — choose another font`);
      }
      for (const c of planned) {
        const lines = c.lines.map((l) => l.split(' '));
        const start = Math.round(c.start * fps);
        const end = Math.round(c.end * fps);
        if (captions.style !== 'highlight') {
          cues.push({ segmentIndex: i, startFrame: start, endFrame: end, face: { lines, highlight: null } });
          continue;
        }
        // The word being spoken stays lit until the next one starts (or the caption ends).
        const wordFrames = c.words.map((w) => Math.round(w.start * fps));
        wordFrames.forEach((from, k) => {
          const to = k + 1 < wordFrames.length ? wordFrames[k + 1]! : end;
          if (to > from) cues.push({ segmentIndex: i, startFrame: from, endFrame: to, face: { lines, highlight: k } });
        });
      }
    }
    const look: CaptionLook = {
      fontPath: captions.fontPath,
      fontFamily: info.family,
      size: captions.size,
      position: captions.position,
      color: captions.color,
      outlineColor: captions.outlineColor,
      highlightColor: captions.highlightColor,
    };
    return new CaptionTrack(cues, look, createHash('sha256').update(bytes).digest('hex'));
  }

  /** The states shown in a clip of `frameCount` frames from video frame `startFrame`, in clip frames. */
  forClip(startFrame: number, frameCount: number): ClipCaptions {
    const cues = this.cues
      .filter((c) => c.endFrame > startFrame && c.startFrame < startFrame + frameCount)
      .map((c) => ({ startFrame: Math.max(0, c.startFrame - startFrame), endFrame: Math.min(frameCount, c.endFrame - startFrame), face: c.face }));
    if (cues.length === 0) return { key: null, cues };
    const { fontPath: _path, fontFamily: _family, highlightColor, ...rest } = this.look;
    // The highlight colour only reaches the pixels of highlighted states.
    const look = cues.some((c) => c.face.highlight !== null) ? { ...rest, highlightColor } : rest;
    return { key: { font: this.fontHash, look, cues: cues.map((c) => [c.startFrame, c.endFrame, c.face]) }, cues };
  }

  /** Draws each distinct state once per render and hands the clip its rasters. */
  async rasterize(clip: ClipCaptions, frame: Size): Promise<ClipCaption[]> {
    // Clips come in timeline order, so states of clips long gone are not needed again: bound the memory.
    if (this.rasters.size > MAX_KEPT_RASTERS) {
      const needed = new Set(clip.cues.map((c) => JSON.stringify(c.face)));
      for (const id of [...this.rasters.keys()].slice(0, this.rasters.size - MAX_KEPT_RASTERS / 2)) if (!needed.has(id)) this.rasters.delete(id);
    }
    return Promise.all(
      clip.cues.map(async (c) => {
        const id = JSON.stringify(c.face);
        let raster = this.rasters.get(id);
        if (raster === undefined) {
          raster = rasterizeCaption(c.face, this.look, frame);
          this.rasters.set(id, raster);
        }
        return { startFrame: c.startFrame, endFrame: c.endFrame, raster: await raster };
      }),
    );
  }
}
