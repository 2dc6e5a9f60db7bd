'use client';

import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FieldError, fieldErrorId } from '@/components/ui/field-error';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';

type MoveToPositionDialogProps = {
  position: number;
  total: number;
  onClose: () => void;
  onMove: (position: number) => void;
};

/** "Move to position…" of one card: asks for its new 1-based place (SPEC §7.8). */
export function MoveToPositionDialog({ position, total, onClose, onMove }: MoveToPositionDialogProps) {
  const [value, setValue] = useState(String(position));
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();

  function submit(event: React.SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const to = Number(value);
    if (!Number.isInteger(to) || to < 1 || to > total) {
      setError(`Enter a whole number from 1 to ${total}.`);
      return;
    }
    if (to === position) onClose();
    else onMove(to);
  }

  return (
    <Dialog open onOpenChange={(next) => !next && onClose()}>
      <DialogContent className="sm:max-w-sm">
        <DialogHeader>
          <DialogTitle>Move segment {position}</DialogTitle>
          <DialogDescription>The segments in between shift by one place.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-5" noValidate>
          <div className="grid gap-2">
            <Label htmlFor={inputId}>New position (1–{total})</Label>
            <Input
              id={inputId}
              type="number"
              inputMode="numeric"
              min={1}
              max={total}
              autoFocus
              value={value}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? fieldErrorId(inputId) : undefined}
              onChange={(e) => {
                setValue(e.target.value);
                setError(null);
              }}
            />
            <FieldError fieldId={inputId} message={error} />
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit">Move</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
