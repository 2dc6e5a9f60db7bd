'use client';

import { PencilIcon } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { MAX_TITLE_LENGTH } from '@storyflow/contract/limits';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { toApiError, updateProject } from '@/lib/api';
import type { Project } from '@storyflow/contract';

type EditableTitleProps = {
  project: Pick<Project, 'id' | 'title'>;
  /** PATCH answered: the project as saved. */
  onSaved: (project: Project) => void;
  id?: string;
};

/**
 * The editor's heading, renamed in place (SPEC §7.8): "Rename" turns it into a field;
 * Enter or leaving the field saves, Escape cancels. A refused title keeps the field open
 * with the server's reason.
 */
export function EditableTitle({ project, onSaved, id }: EditableTitleProps) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(project.title);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  // Escape closes the field, and Chrome then blurs the removed input: that blur must not save.
  const cancelled = useRef(false);

  // Back from the field, focus returns to the button that opened it.
  useEffect(() => {
    if (wasEditing.current && !editing) renameButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  async function save() {
    const title = value.trim();
    if (title === project.title) {
      setEditing(false);
      return;
    }
    if (title === '') {
      setError('Give the project a title.');
      return;
    }
    setSaving(true);
    try {
      onSaved(await updateProject(project.id, { title }));
      setEditing(false);
      setError(null);
    } catch (err) {
      const apiError = toApiError(err);
      setError(apiError.fieldErrors?.title?.[0] ?? apiError.error);
    } finally {
      setSaving(false);
    }
  }

  if (editing) {
    return (
      <form
        className="grid min-w-0 gap-1"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Input
          autoFocus
          aria-label="Project title"
          value={value}
          maxLength={MAX_TITLE_LENGTH}
          disabled={saving}
          aria-invalid={error ? true : undefined}
          className="h-9 min-w-0 text-xl font-semibold sm:w-96"
          onChange={(e) => {
            setValue(e.target.value);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              cancelled.current = true;
              setValue(project.title);
              setError(null);
              setEditing(false);
            }
          }}
          onBlur={() => {
            if (!saving && !cancelled.current) void save();
          }}
        />
        {error && (
          <p role="alert" className="text-sm text-red-600">
            {error}
          </p>
        )}
      </form>
    );
  }

  return (
    <div className="flex min-w-0 items-center gap-1">
      <h1 id={id} className="truncate text-2xl font-semibold tracking-tight text-zinc-900">
        {project.title}
      </h1>
      <Button
        ref={renameButton}
        variant="ghost"
        size="icon-sm"
        aria-label="Rename project"
        className="text-zinc-400 hover:text-zinc-700"
        onClick={() => {
          cancelled.current = false;
          setValue(project.title);
          setEditing(true);
        }}
      >
        <PencilIcon />
      </Button>
    </div>
  );
}
