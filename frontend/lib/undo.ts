import { toast } from 'sonner';
import { toastError } from './notify';

/**
 * How long the "Undo" toast stays. The server keeps a deleted segment or a removed image
 * restorable for UNDO_WINDOW_SECONDS (10 minutes), far longer than this, so an Undo clicked
 * at the last moment still works.
 */
export const UNDO_TOAST_MS = 10_000;

export type UndoOffer = {
  /** What just happened, e.g. "Segment 3 deleted". */
  message: string;
  /** Puts things back; its failure is shown as a toast. */
  undo: () => Promise<unknown>;
  /** Said after a successful undo, e.g. "Segment 3 restored". */
  undone: string;
  /** The toast's context when the undo fails. */
  failure: string;
};

/**
 * One step of undo (SPEC §7.8): a toast saying what happened with an "Undo" button. Each
 * action gets its own toast, so the last few stay undoable while they show.
 */
export function offerUndo({ message, undo, undone, failure }: UndoOffer): void {
  let used = false;
  toast(message, {
    duration: UNDO_TOAST_MS,
    action: {
      label: 'Undo',
      onClick: () => {
        // A double click must not send a second restore (which the server would refuse).
        if (used) return;
        used = true;
        undo().then(
          () => toast.success(undone),
          (err: unknown) => void toastError(err, failure),
        );
      },
    },
  });
}
