import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Logger } from '#server/logger.ts';
import type { FreeSwitchMediaLeg } from './freeswitch-media-leg.ts';

export const AUDIO_FORK_PATH = '/drachtio/v1/audio/';

export interface AudioForkServer {
  /** The URL FreeSWITCH's mod_audio_fork dials for one call (the token is unguessable and single-use). */
  urlFor(token: string): string;
  expect(token: string, leg: FreeSwitchMediaLeg): void;
  forget(token: string): void;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The WebSocket server mod_audio_fork streams caller audio to. A fork is accepted only for a token we
 * put in the uuid_audio_fork command, so nothing else can inject audio into a call.
 */
export async function startAudioForkServer(options: {
  host: string;
  port: number;
  publicUrl?: string;
  logger: Logger;
}): Promise<AudioForkServer> {
  const legs = new Map<string, FreeSwitchMediaLeg>();
  const http: Server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  http.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const leg = path.startsWith(AUDIO_FORK_PATH) ? legs.get(path.slice(AUDIO_FORK_PATH.length)) : undefined;
    if (!leg) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    legs.delete(path.slice(AUDIO_FORK_PATH.length));
    // mod_audio_fork asks for its subprotocol (audio.drachtio.org); ws answers with the first one offered.
    wss.handleUpgrade(req, socket, head, (ws) => leg.attachFork(ws));
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const base = (options.publicUrl ?? `ws://${options.host}:${port}`).replace(/\/+$/, '');
  options.logger.info({ port, base }, 'audio fork server listening');
  return {
    port,
    urlFor: (token) => `${base}${AUDIO_FORK_PATH}${token}`,
    expect: (token, leg) => void legs.set(token, leg),
    forget: (token) => void legs.delete(token),
    async close() {
      for (const ws of wss.clients) ws.terminate();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
