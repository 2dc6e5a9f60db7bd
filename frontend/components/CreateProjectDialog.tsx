'use client';

import { useId, useState } from 'react';
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
import { FieldError, fieldErrorId } from '@/components/ui/field-error';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { useCreateProject } from '@/hooks/use-projects';
import { toApiError } from '@/lib/api';
import type { Project } from '@storyflow/contract';

type CreateProjectDialogProps = {
  trigger: React.ReactNode;
  onCreated: (project: Project) => void;
};

/** Asks for a title and creates an empty project. */
export function CreateProjectDialog({ trigger, onCreated }: CreateProjectDialogProps) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = useCreateProject();
  const submitting = create.isPending;
  const inputId = useId();

  async function submit(event: React.SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = title.trim();
    if (!trimmed) {
      setError('Give the project a title.');
      return;
    }
    setError(null);
    try {
      const project = await create.mutateAsync({ title: trimmed });
      setOpen(false);
      setTitle('');
      onCreated(project);
    } catch (err) {
      const apiError = toApiError(err);
      setError(apiError.fieldErrors?.title?.[0] ?? apiError.error);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setError(null);
      }}
    >
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>New project</DialogTitle>
          <DialogDescription>Start with an empty timeline and add segments one by one.</DialogDescription>
        </DialogHeader>
        <form onSubmit={(event) => void submit(event)} className="grid gap-5" noValidate>
          <div className="grid gap-2">
            <Label htmlFor={inputId}>Title</Label>
            <Input
              id={inputId}
              autoFocus
              value={title}
              maxLength={200}
              placeholder="The Lighthouse Keeper"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? fieldErrorId(inputId) : undefined}
              onChange={(e) => setTitle(e.target.value)}
            />
            <FieldError fieldId={inputId} message={error} />
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={submitting}>
              {submitting ? 'Creating…' : 'Create project'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
