'use client';

import { CheckIcon, CopyIcon } from 'lucide-react';
import { memo, useEffect, useId, useLayoutEffect, useState, type ComponentProps } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Textarea } from '@/components/ui/textarea';
import { useCopyToClipboard } from '@/hooks/use-copy-to-clipboard';
import type { SegmentAutosave } from '@/hooks/use-segment-autosave';

/**
 * The card's text boxes keep what is typed in state of their own, so a keystroke re-renders
 * only its box, not the whole card (SPEC §7.8: typing ≤ 16 ms per key). The card hears of
 * the text only through the autosave and, for the narration, "out of sync or not".
 */
type FieldProps = {
  /** The server's text; adopted when it changes, never over unsaved typing. */
  serverText: string;
  disabled: boolean;
  autosave: Pick<SegmentAutosave, 'queue' | 'flush' | 'hasPending'>;
};

/** A box's text, which follows the server's whenever no edit of this card waits to be saved. */
function useFieldText(serverText: string, hasPending: () => boolean) {
  const [text, setText] = useState(serverText);
  useEffect(() => {
    if (!hasPending()) setText(serverText);
  }, [serverText, hasPending]);
  return [text, setText] as const;
}

type SavedTextareaProps = Omit<ComponentProps<typeof Textarea>, 'value' | 'onChange' | 'onBlur'> & {
  value: string;
  onValueChange: (value: string) => void;
  /** The segment field each keystroke queues for the autosave. */
  field: 'text_content' | 'image_prompt';
  autosave: FieldProps['autosave'];
};

/** A text box whose every change is queued for the autosave and whose blur sends it at once. */
function SavedTextarea({ value, onValueChange, field, autosave, ...textarea }: SavedTextareaProps) {
  return (
    <Textarea
      {...textarea}
      value={value}
      onChange={(e) => {
        const next = e.target.value;
        onValueChange(next);
        autosave.queue(field === 'text_content' ? { text_content: next } : { image_prompt: next });
      }}
      onBlur={() => void autosave.flush()}
    />
  );
}

type NarrationFieldProps = FieldProps & {
  /** The narration the segment's audio speaks, or null when it has none. */
  audioText: string | null;
  /** Told whenever the typed narration starts or stops differing from what the audio speaks. */
  onOutOfSyncChange: (outOfSync: boolean) => void;
};

export const NarrationField = memo(function NarrationField({
  serverText,
  disabled,
  autosave,
  audioText,
  onOutOfSyncChange,
}: NarrationFieldProps) {
  const [text, setText] = useFieldText(serverText, autosave.hasPending);
  const id = useId();
  const outOfSync = audioText !== null && text.trim() !== audioText.trim();
  // Before paint, so the warning shows in the frame of the key that caused it.
  useLayoutEffect(() => onOutOfSyncChange(outOfSync), [outOfSync, onOutOfSyncChange]);

  return (
    <div className="grid gap-1.5">
      <label htmlFor={id} className="text-xs font-medium uppercase tracking-wide text-zinc-500">
        Narration
      </label>
      <SavedTextarea
        id={id}
        value={text}
        onValueChange={setText}
        field="text_content"
        autosave={autosave}
        disabled={disabled}
        rows={3}
        placeholder="What the narrator says while this image is on screen…"
        className="min-h-[84px] resize-y"
      />
    </div>
  );
});

/** The image prompt and its "Copy prompt" button. */
export const PromptField = memo(function PromptField({ serverText, disabled, autosave }: FieldProps) {
  const [prompt, setPrompt] = useFieldText(serverText, autosave.hasPending);
  const id = useId();
  const { copied, copy } = useCopyToClipboard();

  return (
    <div className="grid gap-1.5">
      <div className="flex items-center justify-between">
        <label htmlFor={id} className="text-xs font-medium uppercase tracking-wide text-zinc-500">
          Image prompt
        </label>
        <Button
          variant="ghost"
          size="sm"
          className="h-6 px-2 text-xs text-zinc-500"
          disabled={prompt.trim() === ''}
          onClick={() => {
            void copy(prompt).then((ok) => {
              if (!ok) toast.error('Could not copy to the clipboard');
            });
          }}
        >
          {copied ? <CheckIcon className="text-emerald-600" /> : <CopyIcon />}
          {copied ? 'Copied' : 'Copy prompt'}
        </Button>
      </div>
      <SavedTextarea
        id={id}
        value={prompt}
        onValueChange={setPrompt}
        field="image_prompt"
        autosave={autosave}
        disabled={disabled}
        rows={2}
        placeholder="A description for your image generator"
        className="min-h-[60px] resize-y text-[13px] text-zinc-600"
      />
    </div>
  );
});
