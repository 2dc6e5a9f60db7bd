/**
 * A save sent as the page goes away (a keepalive PATCH, hooks/use-segment-autosave.ts) may
 * reach the API after the next page's server has already read the project for it
 * (app/projects/[id]/page.tsx): that read would show the text from before the save. The
 * tab remembers that such a save left, and the next editor asks the API itself instead.
 */
const KEY = 'storyflow:save-sent-on-leaving';

export function noteSaveSentOnLeaving(): void {
  try {
    window.sessionStorage.setItem(KEY, '1');
  } catch {
    // No storage (private mode, blocked): the next page may show the older text until it re-reads.
  }
}

/** Whether a save left with an earlier page of this tab; forgets it. */
export function takeSaveSentOnLeaving(): boolean {
  try {
    const sent = window.sessionStorage.getItem(KEY) !== null;
    window.sessionStorage.removeItem(KEY);
    return sent;
  } catch {
    return false;
  }
}
