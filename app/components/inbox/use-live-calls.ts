import { useCallback, useEffect, useRef, type Dispatch, type SetStateAction } from 'react';
import { callPageSchema } from '~/lib/calls/call-list-item';
import { api, type ApiPath } from '../api/api-client';
import { useProjectEvents } from '../realtime/use-project-events';
import type { CallListItem } from './call-types';

/** Events that change what the list shows; bursts (a busy hour) are read once per this many ms. */
const LIST_EVENTS = ['call.started', 'call.transferred', 'call.ended', 'turn.completed'] as const;
const DEBOUNCE_MS = 700;

/**
 * Keeps a newest-first list current while it is open, from the realtime gateway instead of polling: when a
 * call starts, moves or ends, the first page is read again; new calls go on top and calls already shown are
 * replaced. After a reconnection or a resync it is read again too (what happened meanwhile). Pages loaded
 * below stay: the keyset cursor does not move.
 */
export function useLiveCalls(
  projectId: string,
  url: ApiPath | null,
  setCalls: Dispatch<SetStateAction<CallListItem[]>>,
): void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef<AbortController | null>(null);
  const refresh = useCallback(() => {
    if (!url) return;
    if (timer.current) clearTimeout(timer.current);
    // The call record is written by the workers just after the event: a short wait reads it written.
    timer.current = setTimeout(() => {
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      void api(url, { signal: controller.signal, schema: callPageSchema })
        .then((page) => {
          if (page.ok && !controller.signal.aborted)
            setCalls((current) => mergeFirstPage(current, page.data.calls));
        })
        .catch(() => undefined);
    }, DEBOUNCE_MS);
  }, [url, setCalls]);
  // A read scheduled or under way for the previous filters is dropped when they change (and on unmount):
  // merged into the new list, it put the calls of the old filters back on top of the new ones.
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      inFlight.current?.abort();
    },
    [url],
  );
  useProjectEvents(url ? projectId : null, {
    types: LIST_EVENTS,
    onEvent: refresh,
    // Once subscribed, read again: whatever happened between the loader's page and the subscription (or
    // while reconnecting) is then on screen, and everything after comes as events.
    onOpen: refresh,
    onResync: refresh,
  });
}

/** The fresh first page, then what was shown below it; the same array when nothing changed (no re-render). */
export function mergeFirstPage(current: CallListItem[], fresh: CallListItem[]): CallListItem[] {
  const freshIds = new Set(fresh.map((c) => c.id));
  const rest = current.filter((c) => !freshIds.has(c.id));
  const next = [...fresh, ...rest];
  const same =
    next.length === current.length &&
    next.every((c, i) => current[i]?.id === c.id && JSON.stringify(current[i]) === JSON.stringify(c));
  return same ? current : next;
}
