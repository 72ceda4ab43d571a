/**
 * A headless baresip (Debian package) scripted over its ctrl_tcp module: netstrings of JSON commands in,
 * events such as CALL_ESTABLISHED / CALL_CLOSED out. The sndfile module records both directions of each
 * call as WAV files in the peer's directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav } from '../../audio/wav.ts';
import { freePort } from './free-port.ts';

export interface BaresipEvent {
  type: string;
  param?: string;
  [key: string]: unknown;
}

export interface BaresipPeer {
  readonly dir: string;
  readonly sipPort: number;
  command(command: string, params?: string): Promise<{ ok: boolean; data?: string }>;
  waitFor(type: string, timeoutMs?: number): Promise<BaresipEvent>;
  events: BaresipEvent[];
  /** WAV files sndfile wrote (…-dec.wav is what baresip received). */
  recordings(): string[];
  quit(): Promise<void>;
  output(): string;
}

interface BaresipOptions {
  sourcePcm: Int16Array;
  /** Answer incoming calls at once (baresip as the called party). */
  autoAnswer?: boolean;
  /** The SIP user the calls come from (a phone number such as `+79161234567`); default `caller`. */
  user?: string;
}

/**
 * Starts baresip on free loopback ports. It also binds ports we did not pick (TLS beside SIP), which a
 * parallel test may hold: on "Address already in use" it starts again on other ports.
 */
export async function startBaresip(options: BaresipOptions): Promise<BaresipPeer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startBaresipOnce(options);
    } catch (error) {
      if (attempt >= 4 || !String(error).includes('Address already in use')) throw error;
    }
  }
}

async function startBaresipOnce(options: BaresipOptions): Promise<BaresipPeer> {
  const dir = mkdtempSync(join(tmpdir(), 'baresip-'));
  const sipPort = await freePort();
  const ctrlPort = await freePort();
  const source = join(dir, 'source.wav');
  writeFileSync(source, encodeWav(options.sourcePcm, 8000));
  writeFileSync(
    join(dir, 'config'),
    [
      'poll_method epoll',
      `sip_listen 127.0.0.1:${sipPort}`,
      'net_interface 127.0.0.1',
      'audio_player alsa,null',
      'audio_alert alsa,null',
      `audio_source aufile,${source}`,
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module aufile.so',
      'module alsa.so',
      'module sndfile.so',
      'module_app account.so',
      'module_app menu.so',
      'module_app ctrl_tcp.so',
      `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`,
      `snd_path ${dir}`,
      'rtp_timeout 0',
      '',
    ].join('\n'),
  );
  const answer = options.autoAnswer ? ';answermode=auto' : '';
  writeFileSync(
    join(dir, 'accounts'),
    `<sip:${options.user ?? 'caller'}@127.0.0.1>;regint=0;audio_codecs=PCMU${answer}\n`,
  );
  writeFileSync(join(dir, 'contacts'), '');

  let log = '';
  const child: ChildProcess = spawn('baresip', ['-f', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const socket = await connectWithRetry(ctrlPort, 5000, () => log).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  const events: BaresipEvent[] = [];
  const eventWaiters: Array<{ type: string; resolve: (e: BaresipEvent) => void }> = [];
  const responseWaiters = new Map<string, (r: { ok: boolean; data?: string }) => void>();
  let buffer = '';
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (;;) {
      const colon = buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(buffer.slice(0, colon));
      if (buffer.length < colon + 1 + length + 1) return;
      const json = buffer.slice(colon + 1, colon + 1 + length);
      buffer = buffer.slice(colon + 1 + length + 1);
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(json) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (message.event) {
        const event = message as BaresipEvent;
        events.push(event);
        for (const waiter of eventWaiters.filter((w) => w.type === event.type)) {
          eventWaiters.splice(eventWaiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      } else if (message.response && typeof message.token === 'string') {
        responseWaiters.get(message.token)?.({
          ok: message.ok === true,
          data: typeof message.data === 'string' ? message.data : undefined,
        });
        responseWaiters.delete(message.token);
      }
    }
  });

  let token = 0;
  return {
    dir,
    sipPort,
    events,
    command: (command, params) => {
      token += 1;
      const id = String(token);
      const json = JSON.stringify({ command, params: params ?? '', token: id });
      socket.write(`${Buffer.byteLength(json)}:${json},`);
      return new Promise((resolve) => responseWaiters.set(id, resolve));
    },
    waitFor: (type, timeoutMs = 10_000) => {
      const seen = events.find((e) => e.type === type);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`baresip: no ${type} within ${timeoutMs} ms\n${log.slice(-3000)}`)),
          timeoutMs,
        );
        eventWaiters.push({
          type,
          resolve: (event) => {
            clearTimeout(timer);
            resolve(event);
          },
        });
      });
    },
    recordings: () =>
      readdirSync(dir)
        .filter((f) => f.startsWith('dump'))
        .map((f) => join(dir, f)),
    quit: async () => {
      if (child.exitCode === null) {
        const json = JSON.stringify({ command: 'quit', params: '', token: 'quit' });
        socket.write(`${Buffer.byteLength(json)}:${json},`);
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      socket.destroy();
    },
    output: () => log,
  };
}

async function connectWithRetry(port: number, timeoutMs: number, log: () => string): Promise<net.Socket> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await new Promise<net.Socket>((resolve, reject) => {
        const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(socket));
        socket.once('error', reject);
      });
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`baresip ctrl_tcp did not come up: ${String(error)}\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
