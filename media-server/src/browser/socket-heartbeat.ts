import type { Server } from 'node:http';
import type { WebSocket } from 'ws';

/**
 * Pings every watched socket each interval and terminates one that missed the last pong, so a browser that
 * vanished without a close (a closed laptop, a dropped network) is let go within two intervals rather than
 * at the end of its call. Stops with the HTTP server.
 */
export function socketHeartbeat(server: Server, everyMs: number): { watch(ws: WebSocket): void } {
  const alive = new Map<WebSocket, boolean>();
  const timer = setInterval(() => {
    for (const [ws, ok] of alive) {
      if (!ok) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, everyMs);
  timer.unref();
  server.on('close', () => clearInterval(timer));
  return {
    watch(ws) {
      alive.set(ws, true);
      ws.on('pong', () => alive.set(ws, true));
      ws.on('close', () => alive.delete(ws));
    },
  };
}
