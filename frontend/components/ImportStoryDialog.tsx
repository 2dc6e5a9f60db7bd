'use client';

import { AlertCircleIcon, FileUpIcon } from 'lucide-react';
import { useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Textarea } from '@/components/ui/textarea';
import { useImportProject } from '@/hooks/use-projects';
import { humanizeField, importSegments, toApiError } from '@/lib/api';
import { countTextBlocks, describeDetails, parseJsonImport } from '@/lib/import-format';
import type { ImportFormat, ImportProjectRequest, ImportSegmentInput, ProjectDetail, Segment } from '@storyflow/contract';
import { cn } from '@/lib/utils';

type ImportStoryDialogProps = {
  trigger: React.ReactNode;
  /** Opens as it mounts: for a caller that loads the dialog on the trigger's first click. */
  defaultOpen?: boolean;
} & (
  | { mode: 'create'; onImported: (project: ProjectDetail) => void }
  | { mode: 'append'; projectId: string; onImported: (segments: Segment[]) => void }
);

type ImportFailure = { error: string; lines: string[] };

const TEXT_PLACEHOLDER = `Text: The lighthouse keeper had not seen a ship in forty years.
Prompt: a lonely lighthouse at dusk, oil painting
---
Text: Then, one night, a light answered his.
Prompt: a distant ship's lantern on a black sea`;

const JSON_PLACEHOLDER = `[
  { "text_content": "The lighthouse keeper had not seen a ship in forty years.",
    "image_prompt": "a lonely lighthouse at dusk, oil painting" },
  { "text_content": "Then, one night, a light answered his." }
]`;

/** Imports a story as a new project, or appends its segments to an open project (SPEC §2.2). */
export function ImportStoryDialog(props: ImportStoryDialogProps) {
  const { mode, trigger, defaultOpen = false } = props;
  const [open, setOpen] = useState(defaultOpen);
  const [format, setFormat] = useState<ImportFormat>('text');
  const [title, setTitle] = useState('');
  const [raw, setRaw] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<ImportFailure | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const importNew = useImportProject();
  const ids = { title: useId(), body: useId() };

  function reset() {
    setTitle('');
    setRaw('');
    setFailure(null);
    setSubmitting(false);
  }

  async function loadFile(file: File) {
    const text = await file.text();
    setRaw(text);
    setFailure(null);
    if (/\.json$/i.test(file.name)) setFormat('json');
    else if (/\.(txt|md)$/i.test(file.name)) setFormat('text');
    if (mode === 'create' && title.trim() === '') setTitle(file.name.replace(/\.[^.]+$/, ''));
  }

  const blockCount = format === 'text' ? countTextBlocks(raw) : null;

  async function submit(event: React.SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(null);
    let segments: ImportSegmentInput[] | null = null;
    let jsonTitle: string | undefined;
    if (format === 'json') {
      const parsed = parseJsonImport(raw);
      if (!parsed.ok) {
        setFailure({ error: parsed.error, lines: [] });
        return;
      }
      segments = parsed.segments;
      jsonTitle = parsed.title;
    }
    const finalTitle = title.trim() || jsonTitle?.trim() || '';
    if (mode === 'create' && finalTitle === '') {
      setFailure({ error: 'Give the project a title.', lines: [] });
      return;
    }
    const request: ImportProjectRequest = segments
      ? { format: 'json', title: finalTitle, segments }
      : { format: 'text', title: finalTitle, raw_text: raw };
    setSubmitting(true);
    try {
      if (props.mode === 'create') {
        const project = await importNew.mutateAsync(request);
        props.onImported(project);
      } else {
        const segments = await importSegments(props.projectId, request);
        props.onImported(segments);
      }
      setOpen(false);
      reset();
    } catch (err) {
      const apiError = toApiError(err);
      const fields = apiError.fieldErrors;
      setFailure(
        fields && Object.keys(fields).length > 1
          ? {
              error: 'Some fields need fixing',
              lines: Object.entries(fields).flatMap(([k, msgs]) => msgs.map((m) => `${humanizeField(k)}: ${m}`)),
            }
          : { error: apiError.error, lines: fields ? [] : describeDetails(apiError.details) },
      );
      setSubmitting(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>{mode === 'create' ? 'Import a story' : 'Import more segments'}</DialogTitle>
          <DialogDescription>
            {mode === 'create'
              ? 'Paste a script or load a file. Each block becomes one segment of a new project.'
              : 'The new segments are added after the last one in this project.'}
          </DialogDescription>
        </DialogHeader>

        <form onSubmit={(event) => void submit(event)} className="grid gap-4" noValidate>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <div role="radiogroup" aria-label="Format" className="inline-flex rounded-lg bg-zinc-100 p-0.5 text-sm">
              {(['text', 'json'] as const).map((f) => (
                <button
                  key={f}
                  type="button"
                  role="radio"
                  aria-checked={format === f}
                  onClick={() => {
                    setFormat(f);
                    setFailure(null);
                  }}
                  className={cn(
                    'rounded-md px-3 py-1.5 font-medium text-zinc-600 transition-colors',
                    format === f && 'bg-white text-zinc-900 shadow-xs',
                  )}
                >
                  {f === 'text' ? 'Text script' : 'JSON'}
                </button>
              ))}
            </div>
            <Button type="button" variant="ghost" size="sm" onClick={() => fileInput.current?.click()}>
              <FileUpIcon />
              Load from file
            </Button>
            <input
              ref={fileInput}
              type="file"
              accept=".txt,.md,.json,text/plain,application/json"
              className="hidden"
              data-testid="import-file-input"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void loadFile(file);
                e.target.value = '';
              }}
            />
          </div>

          {mode === 'create' && (
            <div className="grid gap-2">
              <Label htmlFor={ids.title}>Project title</Label>
              <Input
                id={ids.title}
                value={title}
                maxLength={200}
                placeholder="The Lighthouse Keeper"
                onChange={(e) => setTitle(e.target.value)}
              />
            </div>
          )}

          <div className="grid gap-2">
            <div className="flex items-baseline justify-between">
              <Label htmlFor={ids.body}>{format === 'text' ? 'Script' : 'Segments (JSON)'}</Label>
              <span className="text-xs text-zinc-500">
                {format === 'text'
                  ? blockCount
                    ? `${blockCount} ${blockCount === 1 ? 'block' : 'blocks'}`
                    : 'Blocks are separated by a line of ---'
                  : 'text_content is required, image_prompt optional'}
              </span>
            </div>
            <Textarea
              id={ids.body}
              value={raw}
              onChange={(e) => {
                setRaw(e.target.value);
                if (failure) setFailure(null);
              }}
              placeholder={format === 'text' ? TEXT_PLACEHOLDER : JSON_PLACEHOLDER}
              spellCheck={format === 'text'}
              aria-invalid={failure ? true : undefined}
              className="h-64 resize-y font-mono text-[13px]"
            />
          </div>

          {failure && (
            <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
              <div className="flex items-start gap-2">
                <AlertCircleIcon className="mt-0.5 size-4 shrink-0" />
                <div className="grid gap-1">
                  <p className="font-medium">{failure.error}</p>
                  {failure.lines.length > 0 && (
                    <ul className="grid max-h-40 list-disc gap-0.5 overflow-y-auto pl-4 text-red-700">
                      {failure.lines.map((line, i) => (
                        <li key={i}>{line}</li>
                      ))}
                    </ul>
                  )}
                </div>
              </div>
            </div>
          )}

          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={submitting || raw.trim() === ''}>
              {submitting ? 'Importing…' : mode === 'create' ? 'Import story' : 'Add segments'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
