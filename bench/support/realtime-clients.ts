// The realtime bench's WebSocket clients, in a process of their own (forked by bench/realtime.bench.ts), so
// the gateway's figures are not paid for by the clients' parsing. Driven over IPC: connect, count a phase,
// stall some, and answer with what arrived. Latency is publish time (`at` in the envelope) to arrival here;
// both processes read the same machine clock.
import WebSocket from 'ws';
import { percentile } from './bench-db.ts';

export type ClientCommand =
  | { type: 'connect'; url: string; token: string; projectId: string; clients: number }
  | { type: 'reset' }
  | { type: 'count' }
  | { type: 'stats' }
  | { type: 'stall'; clients: number }
  | { type: 'close' };

export type ClientReply =
  | { type: 'connected'; seconds: number }
  | { type: 'counted'; delivered: number }
  | { type: 'stats'; delivered: number; p50_ms: number; p99_ms: number }
  | { type: 'stalled' }
  | { type: 'closed' };

const sockets: WebSocket[] = [];
let latencies: number[] = [];
let delivered = 0;

function send(reply: ClientReply): void {
  process.send?.(reply);
}

async function connect(url: string, token: string, projectId: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
  });
  const subscribed = new Promise<void>((ok) => {
    ws.on('message', (data) => {
      const text = String(data);
      if (text.startsWith('{"type":"event"')) {
        // Read without a full parse: the figure is the gateway's, not JSON.parse's.
        const at = text.indexOf('"at":');
        latencies.push(Date.now() - Number.parseInt(text.slice(at + 5, at + 20), 10));
        delivered += 1;
      } else if (text.includes('"subscribed"')) ok();
    });
  });
  ws.send(JSON.stringify({ type: 'subscribe', projectId }));
  await subscribed;
  return ws;
}

process.on('message', (command: ClientCommand) => {
  void (async () => {
    switch (command.type) {
      case 'connect': {
        const t0 = performance.now();
        for (let i = 0; i < command.clients; i += 50)
          sockets.push(
            ...(await Promise.all(
              Array.from({ length: Math.min(50, command.clients - i) }, () =>
                connect(command.url, command.token, command.projectId),
              ),
            )),
          );
        return send({ type: 'connected', seconds: (performance.now() - t0) / 1000 });
      }
      case 'reset':
        latencies = [];
        delivered = 0;
        return;
      case 'count':
        // Cheap, asked often while the tail arrives; the percentiles (a sort) once, at the end of a phase.
        return send({ type: 'counted', delivered });
      case 'stats':
        return send({
          type: 'stats',
          delivered,
          p50_ms: percentile(latencies, 50),
          p99_ms: percentile(latencies, 99),
        });
      case 'stall':
        // Their sockets stop reading: TCP backs up towards the server.
        for (const ws of sockets.slice(0, command.clients))
          (ws as unknown as { _socket: { pause(): void } })._socket.pause();
        return send({ type: 'stalled' });
      case 'close':
        for (const ws of sockets) ws.terminate();
        send({ type: 'closed' });
        return process.exit(0);
    }
  })();
});
