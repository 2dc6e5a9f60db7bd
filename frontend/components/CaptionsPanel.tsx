'use client';

import { LoaderCircleIcon, UploadIcon } from 'lucide-react';
import { useId, useRef } from 'react';
import { toast } from 'sonner';
import { CaptionPreview } from '@/components/CaptionPreview';
import { HiddenFileInput } from '@/components/HiddenFileInput';
import { Button } from '@/components/ui/button';
import { useCaptionsSettings } from '@/hooks/use-captions-settings';
import { useFonts, useUploadFont } from '@/hooks/use-fonts';
import { cn } from '@/lib/utils';
import type { CaptionFont, CaptionPosition, CaptionsSettings, CaptionStyle, Project, ProjectDetail } from '@storyflow/contract';
import { CAPTION_SIZE_MAX, CAPTION_SIZE_MIN, CAPTION_WORDS_MAX } from '@storyflow/contract/limits';

type CaptionsPanelProps = {
  project: Pick<ProjectDetail, 'id' | 'captions' | 'segments' | 'resolution_width' | 'resolution_height'>;
  /** The project as the server has it after a change. */
  onSaved: (project: Project) => void;
  /** How long a slider or colour must rest before it is saved and the preview redrawn. */
  saveDelayMs?: number;
};

const STYLES: { value: CaptionStyle; label: string; explanation: string }[] = [
  { value: 'classic', label: 'Classic', explanation: 'Up to 7 words on one or two lines, like film subtitles.' },
  { value: 'punchy', label: 'Punchy', explanation: '1 to 3 words at a time on one line, quick and bold.' },
  { value: 'highlight', label: 'Highlight', explanation: 'Lines like Classic; the word being spoken lights up.' },
];

const POSITIONS: { value: CaptionPosition; label: string }[] = [
  { value: 'top', label: 'Top' },
  { value: 'middle', label: 'Middle' },
  { value: 'bottom', label: 'Bottom' },
];

const FONT_FILES = '.ttf,.otf,font/ttf,font/otf';

const fieldClass =
  'h-9 w-full rounded-md border border-zinc-200 bg-white px-2 text-sm text-zinc-900 shadow-xs focus-visible:outline-2 focus-visible:outline-indigo-500';

/**
 * SPEC §7.3 captions of one project: on/off, style, position, font (bundled or uploaded),
 * size, colours and words per caption, each saved as it changes, and a still of a segment
 * drawn by the video renderer with these settings.
 */
export function CaptionsPanel({ project, onSaved, saveDelayMs = 400 }: CaptionsPanelProps) {
  const { settings, change, saving } = useCaptionsSettings(project, onSaved, saveDelayMs);
  const ids = {
    title: useId(),
    enabled: useId(),
    style: useId(),
    position: useId(),
    font: useId(),
    size: useId(),
    words: useId(),
    colors: useId(),
  };
  const wordsMax = CAPTION_WORDS_MAX[settings.style];

  function chooseStyle(style: CaptionStyle) {
    // The server refuses more words than the style allows, so they shrink in the same save.
    const words = Math.min(settings.words_per_caption, CAPTION_WORDS_MAX[style]);
    change(words === settings.words_per_caption ? { style } : { style, words_per_caption: words });
  }

  return (
    <section aria-labelledby={ids.title} data-testid="captions-settings">
      <div className="flex items-center justify-between">
        <h2 id={ids.title} className="text-sm font-semibold text-zinc-900">
          Captions
        </h2>
        {saving && <LoaderCircleIcon aria-label="Saving" className="size-4 animate-spin text-zinc-400" />}
      </div>
      <label htmlFor={ids.enabled} className="mt-3 flex items-center gap-2 text-sm text-zinc-700">
        <input
          id={ids.enabled}
          type="checkbox"
          className="size-4 accent-indigo-600"
          checked={settings.enabled}
          aria-describedby={`${ids.enabled}-hint`}
          onChange={(e) => change({ enabled: e.target.checked })}
        />
        Show captions in the video
      </label>
      <p id={`${ids.enabled}-hint`} className="ml-6 text-xs text-zinc-500">
        Also written as SRT and VTT files beside it.
      </p>

      <fieldset disabled={!settings.enabled} className="mt-4 grid min-w-0 gap-4 disabled:opacity-60">
        <legend className="sr-only">How the captions look</legend>
        <fieldset role="radiogroup" className="grid min-w-0 gap-1.5">
          <legend className="mb-1.5 text-sm text-zinc-500">Style</legend>
          {STYLES.map((s) => (
            <label
              key={s.value}
              className="flex cursor-pointer items-start gap-2 rounded-lg border border-zinc-200 p-2 text-sm has-checked:border-indigo-500 has-checked:bg-indigo-50"
            >
              <input
                type="radio"
                name={ids.style}
                value={s.value}
                checked={settings.style === s.value}
                onChange={() => chooseStyle(s.value)}
                aria-labelledby={`${ids.style}-${s.value}-label`}
                aria-describedby={`${ids.style}-${s.value}`}
                className="mt-0.5 accent-indigo-600"
              />
              <span className="min-w-0">
                <span id={`${ids.style}-${s.value}-label`} className="font-medium text-zinc-900">
                  {s.label}
                </span>
                {/* zinc-600: zinc-500 falls under 4.5:1 on the chosen style's indigo-50. */}
                <span id={`${ids.style}-${s.value}`} className="block text-xs text-zinc-600">
                  {s.explanation}
                </span>
              </span>
            </label>
          ))}
        </fieldset>

        <fieldset role="radiogroup" className="min-w-0">
          <legend className="mb-1.5 text-sm text-zinc-500">Position</legend>
          <div className="grid grid-cols-3 gap-2">
            {POSITIONS.map((p) => (
              <label
                key={p.value}
                className="flex cursor-pointer items-center justify-center rounded-md border border-zinc-200 py-1.5 text-sm text-zinc-700 has-checked:border-indigo-500 has-checked:bg-indigo-50 has-checked:text-indigo-700 has-focus-visible:outline-2 has-focus-visible:outline-indigo-500"
              >
                <input
                  type="radio"
                  name={ids.position}
                  value={p.value}
                  checked={settings.position === p.value}
                  onChange={() => change({ position: p.value })}
                  className="sr-only"
                />
                {p.label}
              </label>
            ))}
          </div>
        </fieldset>

        <FontPicker
          id={ids.font}
          value={settings.font}
          onChange={(font) => change({ font })}
        />

        <div className="grid gap-1">
          <div className="flex justify-between text-sm">
            <label htmlFor={ids.size} className="text-zinc-500">
              Size
            </label>
            <span className="tabular-nums text-zinc-500">{settings.size} px</span>
          </div>
          <input
            id={ids.size}
            type="range"
            min={CAPTION_SIZE_MIN}
            max={CAPTION_SIZE_MAX}
            step={1}
            value={settings.size}
            aria-describedby={`${ids.size}-hint`}
            onChange={(e) => change({ size: Number(e.target.value) }, { later: true })}
            className="w-full accent-indigo-600"
          />
          <p id={`${ids.size}-hint`} className="text-xs text-zinc-500">
            Text height on a 1080-pixel frame, scaled with the video.
          </p>
        </div>

        <div role="group" aria-labelledby={ids.colors} className="grid gap-1.5">
          <span id={ids.colors} className="text-sm text-zinc-500">
            Colours
          </span>
          <div className="flex flex-wrap gap-x-4 gap-y-2">
            <ColorField label="Text" value={settings.color} onChange={(color) => change({ color }, { later: true })} />
            <ColorField label="Outline" value={settings.outline_color} onChange={(outline_color) => change({ outline_color }, { later: true })} />
            {settings.style === 'highlight' && (
              <ColorField
                label="Highlight"
                value={settings.highlight_color}
                onChange={(highlight_color) => change({ highlight_color }, { later: true })}
              />
            )}
          </div>
        </div>

        <div className="grid gap-1">
          <label htmlFor={ids.words} className="text-sm text-zinc-500">
            Words per caption
          </label>
          <select
            id={ids.words}
            className={fieldClass}
            value={settings.words_per_caption}
            aria-describedby={`${ids.words}-hint`}
            onChange={(e) => change({ words_per_caption: Number(e.target.value) })}
          >
            {Array.from({ length: wordsMax }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n === wordsMax ? `Up to ${n}` : n}
              </option>
            ))}
          </select>
          <p id={`${ids.words}-hint`} className="text-xs text-zinc-500">
            {settings.style === 'punchy' ? 'Punchy shows at most 3.' : 'At most 7, and 42 characters on two lines.'}
          </p>
        </div>
      </fieldset>

      <div className="mt-5 grid gap-2 border-t border-zinc-100 pt-4">
        <h3 className="text-sm font-medium text-zinc-900">Preview</h3>
        <CaptionPreview
          segments={project.segments}
          captions={settings}
          width={project.resolution_width}
          height={project.resolution_height}
          delayMs={saveDelayMs}
        />
      </div>
    </section>
  );
}

type FontPickerProps = { id: string; value: CaptionsSettings['font']; onChange: (font: string) => void };

/** Bundled and uploaded fonts, and "Upload font…" for a .ttf/.otf of one's own. */
function FontPicker({ id, value, onChange }: FontPickerProps) {
  const fonts = useFonts();
  const upload = useUploadFont();
  const fileInput = useRef<HTMLInputElement>(null);
  const list = fonts.data ?? [];
  const bundled = list.filter((f) => f.bundled);
  const uploaded = list.filter((f) => !f.bundled);
  const known = list.some((f) => f.id === value);

  function add(file: File) {
    upload.mutate(file, {
      onSuccess: (font) => {
        toast.success(`Added the font ${font.name}`);
        onChange(font.id);
      },
      onSettled: () => {
        if (fileInput.current) fileInput.current.value = '';
      },
    });
  }

  return (
    <div className="grid gap-1.5">
      {/* The label beside the select, not around it: around it, the chosen font joins the name. */}
      <label htmlFor={id} className="text-sm text-zinc-500">
        Font
      </label>
      <select id={id} className={fieldClass} value={value} onChange={(e) => onChange(e.target.value)}>
        {/* Until the list arrives (or if the font was removed), the saved choice still shows. */}
        {!known && <option value={value}>{fonts.isPending ? 'Loading fonts…' : fontIdLabel(value)}</option>}
        {bundled.length > 0 && <optgroup label="Included with StoryFlow">{bundled.map(fontOption)}</optgroup>}
        {uploaded.length > 0 && <optgroup label="Uploaded">{uploaded.map(fontOption)}</optgroup>}
      </select>
      <div className="flex items-center gap-2">
        <Button type="button" variant="outline" size="sm" disabled={upload.isPending} onClick={() => fileInput.current?.click()}>
          {upload.isPending ? <LoaderCircleIcon className="animate-spin" aria-hidden /> : <UploadIcon aria-hidden />}
          {upload.isPending ? 'Uploading…' : 'Upload font…'}
        </Button>
        <span className="text-xs text-zinc-500">.ttf or .otf</span>
      </div>
      <HiddenFileInput ref={fileInput} accept={FONT_FILES} label="Font file" onFile={add} />
    </div>
  );
}

function fontOption(font: CaptionFont) {
  const scripts = font.scripts.length > 0 ? ` (${font.scripts.join(', ')})` : '';
  return (
    <option key={font.id} value={font.id}>
      {font.name}
      {scripts}
    </option>
  );
}

/** `upload:3fa9…` → "Uploaded font 3fa9…", `bundled:noto-sans` → "Noto Sans". */
function fontIdLabel(id: string): string {
  const [kind, name = id] = id.split(':');
  if (kind === 'upload') return `Uploaded font ${name}`;
  return name.replace(/-/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
}

type ColorFieldProps = { label: string; value: string; onChange: (color: string) => void };

function ColorField({ label, value, onChange }: ColorFieldProps) {
  const id = useId();
  return (
    <label htmlFor={id} className={cn('flex items-center gap-1.5 text-sm text-zinc-700')}>
      <input
        id={id}
        type="color"
        // The colour input speaks lowercase; the project stores #RRGGBB.
        value={value.toLowerCase()}
        onChange={(e) => onChange(e.target.value.toUpperCase())}
        className="h-8 w-10 cursor-pointer rounded border border-zinc-200 bg-white p-0.5"
      />
      {label} colour
    </label>
  );
}
