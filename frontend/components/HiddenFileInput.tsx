'use client';

import type { Ref } from 'react';

type HiddenFileInputProps = {
  ref: Ref<HTMLInputElement>;
  accept: string;
  /** The input's accessible name (it is out of the tab order, but tests and assistive tech find it). */
  label: string;
  onFile: (file: File) => void;
};

/** A file picker a visible button opens (`ref.current.click()`); hands over the first chosen file. */
export function HiddenFileInput({ ref, accept, label, onFile }: HiddenFileInputProps) {
  return (
    <input
      ref={ref}
      type="file"
      accept={accept}
      className="sr-only"
      tabIndex={-1}
      aria-label={label}
      onChange={(e) => {
        const file = e.target.files?.[0];
        if (file) onFile(file);
      }}
    />
  );
}
