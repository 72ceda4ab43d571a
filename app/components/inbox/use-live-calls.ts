import { useEffect, type Dispatch, type SetStateAction } from 'react';
import { callPageSchema } from '~/lib/calls/call-list-item';
import { api, type ApiPath } from '../api/api-client';
import type { CallListItem } from './call-types';

const POLL_MS = 5000;

/**
 * Keeps a newest-first list current while it is open: every few seconds (only while the tab is visible)
 * the first page is read again; new calls go on top and calls already shown are replaced (a live call
 * ends, gets its summary or an issue). Pages loaded below stay: the keyset cursor does not move.
 */
export function useLiveCalls(url: ApiPath | null, setCalls: Dispatch<SetStateAction<CallListItem[]>>): void {
  useEffect(() => {
    if (!url) return;
    let stopped = false;
    let inFlight: AbortController | null = null;
    const poll = async () => {
      if (document.visibilityState !== 'visible' || inFlight) return;
      inFlight = new AbortController();
      try {
        const page = await api(url, { signal: inFlight.signal, schema: callPageSchema });
        if (!page.ok || stopped) return;
        setCalls((current) => mergeFirstPage(current, page.data.calls));
      } catch {
        // Offline for a moment or aborted: the next tick tries again.
      } finally {
        inFlight = null;
      }
    };
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      inFlight?.abort();
    };
  }, [url, setCalls]);
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
