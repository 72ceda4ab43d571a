import { randomUUID } from 'node:crypto';
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
  /** bgapi jobs by Job-UUID, settled by their BACKGROUND_JOB event (subscribe to it). */
  private readonly jobs = new Map<string, { ok: (body: string) => void; fail: (e: Error) => void }>();
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

  /**
   * Runs `bgapi <command>` and resolves with its result (rejects on "-ERR"): for commands that take long,
   * such as an originate that rings, which `api` would make every later reply wait behind.
   */
  async bgapi(command: string): Promise<string> {
    if (this.closed) throw new Error('FreeSWITCH event socket is closed');
    if (/[\r\n]/.test(command)) throw new Error('an ESL command is one line');
    const jobId = randomUUID();
    const result = new Promise<string>((ok, fail) => this.jobs.set(jobId, { ok, fail }));
    result.catch(() => undefined);
    const reply = await new Promise<EslMessage>((ok, fail) => {
      this.waiters.push({ ok, fail });
      this.socket.write(`bgapi ${command}\nJob-UUID: ${jobId}\n\n`);
    });
    const accepted = reply.headers.get('Reply-Text') ?? '';
    if (!accepted.startsWith('+OK')) {
      this.jobs.delete(jobId);
      throw new Error(`FreeSWITCH: ${accepted}`);
    }
    const text = (await result).trim();
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
      const event = parsePlainEvent(message.body);
      const job = event.headers.get('Event-Name') === 'BACKGROUND_JOB' && event.headers.get('Job-UUID');
      if (job && this.jobs.has(job)) {
        this.jobs.get(job)?.ok(event.body);
        this.jobs.delete(job);
        return;
      }
      this.emit('event', event);
    } else if (type === 'text/disconnect-notice') {
      this.socket.end();
    }
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.fail(new Error('FreeSWITCH event socket closed'));
    for (const job of this.jobs.values()) job.fail(new Error('FreeSWITCH event socket closed'));
    this.jobs.clear();
    this.emit('close');
  }
}
