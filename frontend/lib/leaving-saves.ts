/**
 * A save sent as the page goes away (a keepalive PATCH, hooks/use-segment-autosave.ts) may
 * reach the API after the next page has already started reading the project for it (the
 * early read, lib/early-read-script.ts): that read would show the text from before the
 * save. The tab remembers that such a save left, and the next editor reads the project
 * again itself.
 */
export const SAVE_SENT_ON_LEAVING_KEY = 'storyflow:save-sent-on-leaving';

export function noteSaveSentOnLeaving(): void {
  try {
    window.sessionStorage.setItem(SAVE_SENT_ON_LEAVING_KEY, '1');
  } catch {
    // No storage (blocked): the early read cannot be told apart, so the next page may show
    // the older text until it re-reads; the early read is skipped when storage throws too.
  }
}

/** Whether a save left with an earlier page of this tab; forgets it. */
export function takeSaveSentOnLeaving(): boolean {
  try {
    const sent = window.sessionStorage.getItem(SAVE_SENT_ON_LEAVING_KEY) !== null;
    window.sessionStorage.removeItem(SAVE_SENT_ON_LEAVING_KEY);
    return sent;
  } catch {
    return false;
  }
}
