/**
 * A stand-in for a service on the server's own network (a Redis, an admin port): it listens on UDP and TCP
 * at one port and keeps every byte that reaches it, so a test can tell whether the platform sent anything
 * there and what.
 */
import dgram from 'node:dgram';
import net from 'node:net';

export interface RecordingListener {
  readonly host: string;
  readonly port: number;
  /** Everything received so far, UDP datagrams and TCP streams alike, as text. */
  text(): string;
  close(): Promise<void>;
}

export async function startRecordingListener(host = '127.0.0.1'): Promise<RecordingListener> {
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  for (let attempt = 0; ; attempt += 1) {
    const udp = dgram.createSocket('udp4');
    udp.on('message', (data) => chunks.push(data));
    const port = await new Promise<number>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, host, () => resolve(udp.address().port));
    });
    const tcp = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('data', (data) => chunks.push(data));
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    });
    const listening = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, host, () => resolve(true));
    });
    if (!listening) {
      udp.close();
      if (attempt > 10) throw new Error('no free port pair for the recording listener');
      continue;
    }
    return {
      host,
      port,
      text: () => Buffer.concat(chunks).toString('latin1'),
      close: async () => {
        for (const socket of sockets) socket.destroy();
        await Promise.all([
          new Promise<void>((resolve) => udp.close(() => resolve())),
          new Promise<void>((resolve) => tcp.close(() => resolve())),
        ]);
      },
    };
  }
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
