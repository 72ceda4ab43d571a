import { useEffect, useRef } from 'react';
import { apiUrl } from '../api/api-client';

/** One event as the realtime gateway sends it (ADR 018); `data` is read per type by the screen. */
export interface LiveEvent {
  /** The stream id: the browser's EventSource resumes after it by itself (Last-Event-ID). */
  id: string;
  type: string;
  at: number;
  data: Record<string, unknown>;
}

export const CALL_EVENT_TYPES = [
  'call.started',
  'call.ringing',
  'turn.completed',
  'call.transferred',
  'call.ended',
  'call.alert',
] as const;

function parse(raw: string): LiveEvent | null {
  try {
    const message = JSON.parse(raw) as { type?: string; id?: string; event?: Partial<LiveEvent> };
    const event = message.event;
    if (message.type !== 'event' || !message.id || !event?.type || typeof event.data !== 'object')
      return null;
    return {
      id: message.id,
      type: event.type,
      at: Number(event.at),
      data: event.data as Record<string, unknown>,
    };
  } catch {
    return null;
  }
}

/**
 * The project's events (or one call's) over server-sent events while the component is mounted. `onOpen` runs
 * on every (re)connection and `onResync` when the server says this client fell behind: screens reload their
 * state there, so nothing shown is stale after a drop. Handlers may change between renders.
 */
export function useProjectEvents(
  projectId: string | null,
  handlers: {
    callId?: string | null;
    types?: readonly string[];
    onEvent: (event: LiveEvent) => void;
    onOpen?: () => void;
    onResync?: () => void;
  },
): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  const callId = handlers.callId ?? null;
  const types = (handlers.types ?? CALL_EVENT_TYPES).join(',');
  useEffect(() => {
    if (!projectId || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let stopped = false;
    const connect = () => {
      const query = new URLSearchParams(callId ? { callId } : {});
      source = new EventSource(apiUrl(`/api/v1/projects/${projectId}/events`, query));
      source.addEventListener('open', () => ref.current.onOpen?.());
      for (const type of types.split(',')) {
        source.addEventListener(type, (e) => {
          const event = parse((e as MessageEvent<string>).data);
          if (event) ref.current.onEvent(event);
        });
      }
      // Fell behind: the server dropped us. Start over (a fresh subscription) and reload.
      source.addEventListener('resync', () => {
        source?.close();
        ref.current.onResync?.();
        if (!stopped) setTimeout(connect, 500);
      });
    };
    connect();
    return () => {
      stopped = true;
      source?.close();
    };
  }, [projectId, callId, types]);
}
