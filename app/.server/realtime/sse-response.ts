import { z } from 'zod';
import { STREAM_ID } from '../events/event-streams.ts';
import type { Viewer } from './event-visibility.ts';
import { serializeMessage, type RealtimeHub, type RealtimeMessage } from './realtime-hub.ts';

export const eventsQuery = z.object({
  callId: z.string().min(1).max(200).optional(),
  lastEventId: z.string().max(50).optional(),
});

/** Chunks the response may hold unread before the hub queues instead (then resyncs a client that stalls). */
const HIGH_WATER_CHUNKS = 256;
const HEARTBEAT_MS = 15_000;

/** `Last-Event-ID` (what EventSource sends on its own reconnect) wins over the `lastEventId` query. */
export function lastEventIdOf(request: Request, fromQuery: string | undefined): string | null {
  const header = request.headers.get('last-event-id');
  const id = header ?? fromQuery ?? null;
  return id && STREAM_ID.test(id) ? id : null;
}

function frameOf(message: RealtimeMessage): string {
  if (message.type === 'event')
    return `id: ${message.id}\nevent: ${message.event.type}\ndata: ${serializeMessage(message)}\n\n`;
  return `event: ${message.type}\ndata: ${serializeMessage(message)}\n\n`;
}

/**
 * Server-sent events for one subscription: each event with its stream id as the SSE id, so the browser's
 * EventSource resumes by itself after a drop (Last-Event-ID) with no gap and no repeat.
 */
export function sseResponse(
  request: Request,
  hub: RealtimeHub,
  input: { projectId: string; callId: string | null; lastEventId: string | null; viewer: Viewer },
): Response {
  const encoder = new TextEncoder();
  let cleanup = () => undefined as void;
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let open = true;
        const end = () => {
          if (!open) return;
          open = false;
          clearInterval(heartbeat);
          subscription.then((s) => s.close()).catch(() => undefined);
          try {
            controller.close();
          } catch {
            // Already closed by the client.
          }
        };
        cleanup = end;
        const heartbeat = setInterval(() => {
          if (open && (controller.desiredSize ?? 0) > 0) controller.enqueue(encoder.encode(': ping\n\n'));
        }, HEARTBEAT_MS);
        request.signal.addEventListener('abort', end);
        const subscription = hub.subscribe({
          ...input,
          client: {
            send: (message) => {
              if (open) controller.enqueue(encoder.encode(frameOf(message)));
            },
            writable: () => open && (controller.desiredSize ?? 0) > 0,
            close: end,
          },
        });
        // The browser retries after 2 s instead of its default 3 s.
        controller.enqueue(encoder.encode('retry: 2000\n\n'));
      },
      cancel() {
        cleanup();
      },
    },
    { highWaterMark: HIGH_WATER_CHUNKS },
  );
  return new Response(body, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    },
  });
}
