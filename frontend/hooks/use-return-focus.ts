'use client';

import { useCallback, useRef } from 'react';

/**
 * Hands focus back to whatever opened a dialog. Radix returns focus to its own Trigger,
 * but many of our dialogs are opened from state (a menu item, a card's Delete button)
 * and have none, so focus fell to the page body. The element focused when the dialog
 * opened is remembered and refocused on close, if it is still on the page and enabled;
 * otherwise Radix's own choice stands (and the caller may move focus itself, as a deleted
 * segment's card does).
 */
export function useReturnFocus(handlers: {
  onOpenAutoFocus?: (event: Event) => void;
  onCloseAutoFocus?: (event: Event) => void;
}) {
  const opener = useRef<HTMLElement | null>(null);
  const { onOpenAutoFocus, onCloseAutoFocus } = handlers;

  const onOpen = useCallback(
    (event: Event) => {
      opener.current = openerOf(document.activeElement);
      onOpenAutoFocus?.(event);
    },
    [onOpenAutoFocus],
  );

  const onClose = useCallback(
    (event: Event) => {
      onCloseAutoFocus?.(event);
      const target = opener.current;
      opener.current = null;
      if (event.defaultPrevented || !target || !canTakeFocus(target)) return;
      event.preventDefault();
      target.focus({ preventScroll: true });
    },
    [onCloseAutoFocus],
  );

  return { onOpenAutoFocus: onOpen, onCloseAutoFocus: onClose };
}

/**
 * A dialog opened from a menu item was opened by the menu's button: the item is gone once
 * the menu closes, so focus goes back to the button that labels the menu (Radix sets
 * aria-labelledby on the menu to its trigger's id).
 */
function openerOf(active: Element | null): HTMLElement | null {
  if (!(active instanceof HTMLElement) || active === document.body) return null;
  const menu = active.closest('[role="menu"]');
  const triggerId = menu?.getAttribute('aria-labelledby');
  const trigger = triggerId ? document.getElementById(triggerId) : null;
  return trigger ?? active;
}

function canTakeFocus(el: HTMLElement): boolean {
  return el.isConnected && !el.matches(':disabled') && !el.closest('[inert]');
}
