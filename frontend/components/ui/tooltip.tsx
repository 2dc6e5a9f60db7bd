'use client';

import { Slot } from 'radix-ui';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ComponentProps,
  type ReactNode,
} from 'react';
import { createPortal } from 'react-dom';
import { cn } from '@/lib/utils';

/*
 * A small tooltip of our own, with the API of shadcn's Radix one (Tooltip, TooltipTrigger
 * asChild, TooltipContent side). Radix's brought ~56 kB of script (a positioning engine,
 * layers, presence) into the editor's first load for a line of text over a button
 * (issue 14). What it keeps (WAI-ARIA tooltip pattern, WCAG 1.4.13): role="tooltip", the
 * trigger described by it while shown, shown on hover (after a delay) and on keyboard
 * focus, hoverable (the pointer may move onto it), closed by Escape, blur, leaving, or
 * pressing the trigger; none for touch. It shows above its trigger (or below), flips when
 * there is no room, and stays inside the window.
 */

/** How long the pointer rests on a trigger before its tooltip shows. */
const DEFAULT_DELAY_MS = 200;
/** A tooltip closed less than this ago lets the next one show at once (moving along a toolbar). */
const SKIP_DELAY_MS = 300;
/** Time for the pointer to cross from the trigger onto the tooltip before it closes. */
const CLOSE_GRACE_MS = 100;
/** Space kept between the tooltip and the window's edges. */
const EDGE_PX = 8;

/**
 * What the tooltips under one provider share: the hover delay, which one is open (one at
 * a time: the hovered one replaces the focused one), and whether one just closed.
 */
type Shared = {
  delayMs: number;
  noteOpened: (close: () => void) => void;
  noteClosed: (close: () => void) => void;
  closedJustNow: () => boolean;
};

function makeShared(delayMs: number): Shared {
  let lastClosedAt = -Infinity;
  let openOne: (() => void) | null = null;
  return {
    delayMs,
    noteOpened: (close) => {
      if (openOne !== null && openOne !== close) openOne();
      openOne = close;
    },
    noteClosed: (close) => {
      if (openOne === close) openOne = null;
      lastClosedAt = performance.now();
    },
    closedJustNow: () => performance.now() - lastClosedAt < SKIP_DELAY_MS,
  };
}
const SharedContext = createContext<Shared>(makeShared(DEFAULT_DELAY_MS));

/** Sets the hover delay of the tooltips inside it, which also share the "one just closed" skip. */
function TooltipProvider({
  delayDuration = DEFAULT_DELAY_MS,
  children,
}: {
  delayDuration?: number;
  children: ReactNode;
}) {
  const value = useMemo(() => makeShared(delayDuration), [delayDuration]);
  return <SharedContext.Provider value={value}>{children}</SharedContext.Provider>;
}

type TooltipState = {
  open: boolean;
  contentId: string;
  triggerRef: React.RefObject<HTMLElement | null>;
  /** Opens after the hover delay (or at once when one just closed). */
  hoverStart: () => void;
  /** Closes after a short grace, unless the pointer reaches the tooltip. */
  hoverEnd: () => void;
  show: () => void;
  hide: () => void;
};
const TooltipContext = createContext<TooltipState | null>(null);

function useTooltip(part: string): TooltipState {
  const state = useContext(TooltipContext);
  if (!state) throw new Error(`${part} must be inside <Tooltip>`);
  return state;
}

function Tooltip({ children }: { children: ReactNode }) {
  const shared = useContext(SharedContext);
  const [open, setOpen] = useState(false);
  const contentId = useId();
  const triggerRef = useRef<HTMLElement | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const openRef = useRef(false);

  const set = useCallback(
    function set(next: boolean) {
      clearTimeout(timer.current);
      if (openRef.current === next) return;
      openRef.current = next;
      const close = closeRef.current;
      if (next) shared.noteOpened(close);
      else shared.noteClosed(close);
      setOpen(next);
    },
    [shared],
  );
  // This tooltip's own closer, the same function for its whole life (how the provider tells it apart).
  const closeRef = useRef(() => set(false));
  const state = useMemo<TooltipState>(
    () => ({
      open,
      contentId,
      triggerRef,
      hoverStart: () => {
        clearTimeout(timer.current);
        if (openRef.current) return;
        if (shared.closedJustNow()) set(true);
        else timer.current = setTimeout(() => set(true), shared.delayMs);
      },
      hoverEnd: () => {
        clearTimeout(timer.current);
        if (openRef.current) timer.current = setTimeout(() => set(false), CLOSE_GRACE_MS);
      },
      show: () => set(true),
      hide: () => set(false),
    }),
    [open, contentId, set, shared],
  );
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      if (openRef.current) shared.noteClosed(closeRef.current);
    },
    [shared],
  );
  // Escape closes it wherever focus is (WCAG 1.4.13: dismissible without moving the pointer).
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') set(false);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open, set]);
  return <TooltipContext.Provider value={state}>{children}</TooltipContext.Provider>;
}

type TriggerProps = ComponentProps<'button'> & { asChild?: boolean };

function TooltipTrigger({ asChild, ...props }: TriggerProps) {
  const tooltip = useTooltip('TooltipTrigger');
  // Focus that comes from pressing the trigger is not keyboard focus: no tooltip for it.
  const pressing = useRef(false);
  const { triggerRef } = tooltip;
  const setTrigger = useCallback((node: HTMLButtonElement | null) => void (triggerRef.current = node), [triggerRef]);
  const Comp = asChild ? Slot.Root : 'button';
  return (
    <Comp
      data-slot="tooltip-trigger"
      aria-describedby={tooltip.open ? tooltip.contentId : undefined}
      {...props}
      ref={setTrigger}
      onPointerEnter={(event: React.PointerEvent<HTMLButtonElement>) => {
        props.onPointerEnter?.(event);
        if (event.pointerType !== 'touch') tooltip.hoverStart();
      }}
      onPointerLeave={(event: React.PointerEvent<HTMLButtonElement>) => {
        props.onPointerLeave?.(event);
        tooltip.hoverEnd();
      }}
      onPointerDown={(event: React.PointerEvent<HTMLButtonElement>) => {
        props.onPointerDown?.(event);
        pressing.current = true;
        whenReleased(() => (pressing.current = false));
        tooltip.hide();
      }}
      onFocus={(event: React.FocusEvent<HTMLButtonElement>) => {
        props.onFocus?.(event);
        if (!pressing.current) tooltip.show();
      }}
      onBlur={(event: React.FocusEvent<HTMLButtonElement>) => {
        props.onBlur?.(event);
        tooltip.hide();
      }}
    />
  );
}

/** Calls `done` once when the pointer pressed now is let go (or taken by a drag). */
function whenReleased(done: () => void) {
  const events = ['pointerup', 'pointercancel', 'dragend'] as const;
  const release = () => {
    events.forEach((name) => document.removeEventListener(name, release, true));
    done();
  };
  events.forEach((name) => document.addEventListener(name, release, true));
}

type Side = 'top' | 'bottom';
type ContentProps = { side?: Side; sideOffset?: number; className?: string; children: ReactNode };

function TooltipContent({ side = 'top', sideOffset = 6, className, children }: ContentProps) {
  const tooltip = useTooltip('TooltipContent');
  const box = useRef<HTMLDivElement>(null);
  const arrow = useRef<HTMLSpanElement>(null);
  const { open, triggerRef, hoverStart, hoverEnd } = tooltip;

  // Placed before it is painted, and again as the page scrolls or the window resizes.
  useLayoutEffect(() => {
    if (!open) return;
    const place = () => {
      if (triggerRef.current && box.current && arrow.current) {
        placeTooltip(triggerRef.current, box.current, arrow.current, side, sideOffset);
      }
    };
    place();
    window.addEventListener('scroll', place, { capture: true, passive: true });
    window.addEventListener('resize', place);
    return () => {
      window.removeEventListener('scroll', place, { capture: true });
      window.removeEventListener('resize', place);
    };
  }, [open, triggerRef, side, sideOffset]);

  if (!open) return null;
  return createPortal(
    <div
      ref={box}
      id={tooltip.contentId}
      role="tooltip"
      data-slot="tooltip-content"
      // Hoverable: reaching it from the trigger keeps it open.
      onPointerEnter={hoverStart}
      onPointerLeave={hoverEnd}
      style={{ position: 'fixed', top: 0, left: 0 }}
      className={cn(
        'z-50 max-w-xs rounded-md bg-zinc-900 px-2.5 py-1.5 text-xs leading-snug text-zinc-50 shadow-md',
        className,
      )}
    >
      {children}
      <span ref={arrow} aria-hidden className="absolute size-2 rotate-45 bg-zinc-900" />
    </div>,
    document.body,
  );
}

/** Puts the tooltip on `side` of its trigger (the other side when that has no room), inside the window. */
function placeTooltip(trigger: HTMLElement, box: HTMLElement, arrow: HTMLElement, side: Side, offset: number) {
  const t = trigger.getBoundingClientRect();
  const { width, height } = box.getBoundingClientRect();
  const roomAbove = t.top - offset - height >= EDGE_PX;
  const roomBelow = t.bottom + offset + height <= window.innerHeight - EDGE_PX;
  const placed: Side =
    side === 'top' ? (roomAbove || !roomBelow ? 'top' : 'bottom') : roomBelow || !roomAbove ? 'bottom' : 'top';
  const top = placed === 'top' ? t.top - offset - height : t.bottom + offset;
  const centre = t.left + t.width / 2;
  const maxLeft = Math.max(EDGE_PX, window.innerWidth - width - EDGE_PX);
  const left = Math.min(Math.max(centre - width / 2, EDGE_PX), maxLeft);
  box.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
  box.dataset.side = placed;
  // The arrow points at the trigger's centre, kept off the rounded corners.
  const arrowX = Math.min(Math.max(centre - left, 10), width - 10);
  arrow.style.left = `${arrowX - 4}px`;
  arrow.style.top = placed === 'top' ? `${height - 4}px` : '-4px';
}

export { Tooltip, TooltipContent, TooltipProvider, TooltipTrigger };
