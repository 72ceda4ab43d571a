import { EventEmitter } from 'node:events';
import { connect, type Socket } from 'node:net';
import { EslReader, parsePlainEvent, type EslMessage } from './esl-protocol.ts';

export interface EslOptions {
  host: string;
  port: number;
  password: string;
  /** Event names to subscribe to ("CUSTOM x::y" subclasses included). */
  events: string[];
  connectTimeoutMs?: number;
}

/**
 * A thin inbound client of FreeSWITCH's event socket: authenticates, subscribes to plain events, runs
 * `api` commands (replies come back in order, so a FIFO of waiters matches them). We use this rather
 * than drachtio-fsmrf, whose current release depends on a drachtio-modesl version the registry lacks.
 */
export class EslClient extends EventEmitter<{ event: [EslMessage]; close: [] }> {
  private readonly waiters: Array<{ ok: (m: EslMessage) => void; fail: (e: Error) => void }> = [];
  private closed = false;

  private constructor(private readonly socket: Socket) {
    super();
  }

  static connect(options: EslOptions): Promise<EslClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: options.host, port: options.port });
      const client = new EslClient(socket);
      const reader = new EslReader();
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`FreeSWITCH event socket ${options.host}:${options.port} did not answer`));
      }, options.connectTimeoutMs ?? 5000);
      let stage: 'auth' | 'subscribe' | 'ready' = 'auth';
      socket.on('error', (error) => {
        clearTimeout(timer);
        if (stage !== 'ready') reject(error);
      });
      socket.on('close', () => client.onClose());
      socket.on('data', (chunk) => {
        for (const message of reader.push(chunk)) {
          const type = message.headers.get('Content-Type') ?? '';
          if (stage === 'ready') {
            client.onMessage(type, message);
            continue;
          }
          if (type === 'auth/request') {
            socket.write(`auth ${options.password}\n\n`);
            continue;
          }
          if (type !== 'command/reply') continue;
          const reply = message.headers.get('Reply-Text') ?? '';
          if (!reply.startsWith('+OK')) {
            clearTimeout(timer);
            socket.destroy();
            reject(new Error(`FreeSWITCH event socket refused us: ${reply}`));
            return;
          }
          if (stage === 'auth') {
            stage = 'subscribe';
            socket.write(`event plain ${options.events.join(' ')}\n\n`);
          } else {
            stage = 'ready';
            clearTimeout(timer);
            resolve(client);
          }
        }
      });
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Runs `api <command>`; resolves with the reply text, rejects on "-ERR". */
  async api(command: string): Promise<string> {
    if (this.closed) throw new Error('FreeSWITCH event socket is closed');
    if (/[\r\n]/.test(command)) throw new Error('an ESL command is one line');
    const reply = await new Promise<EslMessage>((ok, fail) => {
      this.waiters.push({ ok, fail });
      this.socket.write(`api ${command}\n\n`);
    });
    const text = reply.body.trim();
    if (text.startsWith('-ERR')) throw new Error(`FreeSWITCH: ${text}`);
    return text;
  }

  close(): void {
    this.socket.end();
    this.socket.destroy();
  }

  private onMessage(type: string, message: EslMessage): void {
    if (type === 'api/response' || type === 'command/reply') {
      this.waiters.shift()?.ok(message);
    } else if (type === 'text/event-plain') {
      this.emit('event', parsePlainEvent(message.body));
    } else if (type === 'text/disconnect-notice') {
      this.socket.end();
    }
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.fail(new Error('FreeSWITCH event socket closed'));
    this.emit('close');
  }
}
