'use client';

import { ImagePlusIcon, LoaderCircleIcon, Trash2Icon, UploadIcon } from 'lucide-react';
import { useRef, useState } from 'react';
import { MAX_IMAGE_BYTES } from '@storyflow/contract/limits';
import { Button } from '@/components/ui/button';
import { cn, formatFileSize } from '@/lib/utils';

export const ACCEPTED_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** Client-side check before uploading; the server judges the content again (SPEC §2.3). */
export function checkImageFile(file: File): string | null {
  if (!(ACCEPTED_IMAGE_TYPES as readonly string[]).includes(file.type)) {
    return `“${file.name}” is not a JPEG, PNG or WebP image.`;
  }
  if (file.size > MAX_IMAGE_BYTES) {
    return `“${file.name}” is ${formatFileSize(file.size)}; images can be at most 20 MB.`;
  }
  return null;
}

type ImageDropZoneProps = {
  imageUrl: string | null;
  disabled?: boolean;
  uploading?: boolean;
  onFile: (file: File) => void;
  /** Several files at once (dropped or picked): they go to this and the following segments. */
  onFiles?: (files: File[]) => void;
  onRejected: (message: string) => void;
  onRemove: () => void;
};

/** Click or drop an image; shows the preview with Replace and Remove once one is set. */
export function ImageDropZone({ imageUrl, disabled, uploading, onFile, onFiles, onRejected, onRemove }: ImageDropZoneProps) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  function take(files: FileList | null | undefined) {
    if (onFiles && files && files.length > 1) {
      onFiles(Array.from(files));
      return;
    }
    const file = files?.[0];
    if (!file) return;
    const problem = checkImageFile(file);
    if (problem) onRejected(problem);
    else onFile(file);
  }

  const inert = disabled || uploading;

  return (
    <div
      className={cn(
        'group/drop relative aspect-video w-full overflow-hidden rounded-lg border transition-colors',
        imageUrl ? 'border-zinc-200 bg-zinc-900' : 'border-dashed border-zinc-300 bg-zinc-50',
        dragging && 'border-indigo-500 bg-indigo-50 ring-2 ring-indigo-500/20',
        !inert && !imageUrl && 'hover:border-indigo-400 hover:bg-indigo-50/40',
      )}
      onDragOver={(e) => {
        // Only files: a segment dragged by its handle across this card is the timeline's drag.
        if (inert || !e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        if (!inert) take(e.dataTransfer.files);
      }}
      data-testid="image-drop-zone"
    >
      <input
        ref={input}
        type="file"
        accept={ACCEPTED_IMAGE_TYPES.join(',')}
        multiple={onFiles !== undefined}
        className="hidden"
        disabled={inert}
        data-testid="image-file-input"
        onChange={(e) => {
          take(e.target.files);
          e.target.value = '';
        }}
      />

      {imageUrl ? (
        <>
          {/* eslint-disable-next-line @next/next/no-img-element -- local media, sizes unknown */}
          <img src={imageUrl} alt="Segment image" className="size-full object-cover" loading="lazy" decoding="async" />
          {!disabled && (
            <div className="absolute inset-x-0 bottom-0 flex justify-end gap-1.5 bg-gradient-to-t from-black/60 to-transparent p-2 opacity-0 transition-opacity group-hover/drop:opacity-100 group-focus-within/drop:opacity-100">
              <Button size="sm" variant="secondary" className="h-7 bg-white/90" onClick={() => input.current?.click()} disabled={inert}>
                <UploadIcon />
                Replace
              </Button>
              <Button
                size="sm"
                variant="secondary"
                className="h-7 bg-white/90 text-red-600 hover:text-red-700"
                onClick={onRemove}
                disabled={inert}
                aria-label="Remove image"
              >
                <Trash2Icon />
              </Button>
            </div>
          )}
        </>
      ) : (
        <button
          type="button"
          disabled={inert}
          onClick={() => input.current?.click()}
          className="flex size-full flex-col items-center justify-center gap-1.5 p-3 text-center text-zinc-500 outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-600 disabled:cursor-not-allowed"
        >
          <ImagePlusIcon className="size-6 text-zinc-400" />
          <span className="text-xs font-medium text-zinc-700">{disabled ? 'No image' : 'Drop an image or click'}</span>
          {!disabled && <span className="text-[11px] text-zinc-500">JPEG, PNG or WebP · up to 20 MB</span>}
        </button>
      )}

      {uploading && (
        <div className="absolute inset-0 flex items-center justify-center gap-2 bg-white/75 text-sm font-medium text-zinc-700">
          <LoaderCircleIcon className="size-4 animate-spin" />
          Uploading…
        </div>
      )}
    </div>
  );
}
