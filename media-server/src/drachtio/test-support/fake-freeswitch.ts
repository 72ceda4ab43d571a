/**
 * FreeSWITCH's side of the drachtio path on loopback: the event socket (mod_event_socket's text protocol:
 * auth/request, `auth`, `event plain`, `api`, text/event-plain events) and mod_audio_fork's WebSocket
 * client (dials our server, sends its metadata then L16 frames, and turns `playAudio` messages into files
 * announced by a `mod_audio_fork::play_audio` event, as the module does).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { formatPlainEvent } from '../esl-protocol.ts';

export interface ForkedAudio {
  file: string;
  pcm: Int16Array;
}

export class FakeFreeSwitch {
  readonly commands: string[] = [];
  /** Files mod_audio_fork wrote from our playAudio messages, by path. */
  readonly files = new Map<string, Int16Array>();
  /** Files uuid_broadcast played to the caller, in order. */
  readonly played: string[] = [];
  readonly killAudio: number[] = [];
  /**
   * How an `originate` (sent with bgapi) ends: its result text. Default: the target answers at once
   * (`+OK <origination_uuid>`); a test may ring for a while or answer `-ERR NO_ANSWER`.
   */
  originate: (command: string, uuid: string) => Promise<string> = async (_command, uuid) => `+OK ${uuid}\n`;
  private readonly sockets = new Set<Socket>();
  private readonly forks = new Map<string, WebSocket>();
  private fileSeq = 0;

  private constructor(
    private readonly server: Server,
    private readonly password: string,
  ) {}

  static async start(password: string): Promise<FakeFreeSwitch> {
    const server = createServer();
    const fake = new FakeFreeSwitch(server, password);
    server.on('connection', (socket) => fake.onConnection(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The dialplan answered the media INVITE and parked the channel. */
  park(uuid: string, legToken: string): void {
    this.event({ 'Event-Name': 'CHANNEL_PARK', 'Unique-ID': uuid, 'variable_sip_h_X-Voice-Leg': legToken });
  }

  dtmf(uuid: string, digit: string): void {
    this.event({ 'Event-Name': 'DTMF', 'Unique-ID': uuid, 'DTMF-Digit': digit, 'DTMF-Duration': '1600' });
  }

  /** Caller audio, as mod_audio_fork sends it (binary L16 frames). */
  sendCallerAudio(uuid: string, pcm: Int16Array): void {
    const fork = this.forks.get(uuid);
    if (fork?.readyState !== WebSocket.OPEN) throw new Error(`no open audio fork for ${uuid}`);
    fork.send(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength));
  }

  forkOpen(uuid: string): boolean {
    return this.forks.get(uuid)?.readyState === WebSocket.OPEN;
  }

  async close(): Promise<void> {
    for (const fork of this.forks.values()) fork.terminate();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private event(headers: Record<string, string>, body = ''): void {
    const text = formatPlainEvent({ 'Event-Date-Timestamp': String(Date.now() * 1000), ...headers }, body);
    for (const socket of this.sockets)
      socket.write(`Content-Length: ${Buffer.byteLength(text)}\nContent-Type: text/event-plain\n\n${text}`);
  }

  private reply(socket: Socket, text: string): void {
    socket.write(`Content-Type: api/response\nContent-Length: ${Buffer.byteLength(text)}\n\n${text}`);
  }

  private onConnection(socket: Socket): void {
    let buffer = '';
    let authed = false;
    socket.on('error', () => undefined);
    socket.write('Content-Type: auth/request\n\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const command = buffer.slice(0, end).trim();
        buffer = buffer.slice(end + 2);
        if (!authed) {
          if (command === `auth ${this.password}`) {
            authed = true;
            this.sockets.add(socket);
            socket.write('Content-Type: command/reply\nReply-Text: +OK accepted\n\n');
          } else {
            socket.write('Content-Type: command/reply\nReply-Text: -ERR invalid\n\n');
            socket.end();
          }
        } else if (command.startsWith('event ')) {
          socket.write('Content-Type: command/reply\nReply-Text: +OK event listener enabled plain\n\n');
        } else if (command.startsWith('api ')) {
          this.onApi(socket, command.slice(4));
        } else if (command.startsWith('bgapi ')) {
          const [line = '', ...headers] = command.split('\n');
          const job =
            headers
              .find((h) => h.startsWith('Job-UUID:'))
              ?.slice(9)
              .trim() ?? randomUUID();
          socket.write(`Content-Type: command/reply\nReply-Text: +OK Job-UUID: ${job}\nJob-UUID: ${job}\n\n`);
          void this.onBgapi(line.slice(6), job);
        }
      }
    });
    socket.on('close', () => this.sockets.delete(socket));
  }

  private onApi(socket: Socket, command: string): void {
    this.commands.push(command);
    const [name, uuid = '', ...args] = command.split(' ');
    if (name === 'uuid_audio_fork' && args[0] === 'start') {
      const [, url = '', , , ...meta] = args;
      this.openFork(uuid, url, meta.join(' '));
    } else if (name === 'uuid_broadcast') {
      this.played.push(args[0] ?? '');
    }
    this.reply(socket, '+OK Success\n');
  }

  private async onBgapi(command: string, job: string): Promise<void> {
    this.commands.push(command);
    const uuid = /origination_uuid=([^,}]+)/.exec(command)?.[1] ?? randomUUID();
    const result = command.startsWith('originate ') ? await this.originate(command, uuid) : '+OK\n';
    this.event({ 'Event-Name': 'BACKGROUND_JOB', 'Job-UUID': job, 'Job-Command': 'originate' }, result);
  }

  private openFork(uuid: string, url: string, metadata: string): void {
    const ws = new WebSocket(url, 'audio.drachtio.org');
    this.forks.set(uuid, ws);
    ws.on('open', () => ws.send(metadata));
    ws.on('error', () => undefined);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const message = JSON.parse(String(data)) as {
        type: string;
        data?: { audioContent?: string; sampleRate?: number; textContent?: string };
      };
      if (message.type === 'killAudio') {
        this.killAudio.push(Date.now());
        return;
      }
      if (message.type !== 'playAudio' || !message.data?.audioContent) return;
      const bytes = Buffer.from(message.data.audioContent, 'base64');
      const pcm = new Int16Array(bytes.length >> 1);
      for (let i = 0; i < pcm.length; i += 1) pcm[i] = bytes.readInt16LE(i * 2);
      const file = `/tmp/${uuid}_${(this.fileSeq += 1)}.tmp.r8`;
      this.files.set(file, pcm);
      const { audioContent: _content, ...rest } = message.data;
      this.event(
        { 'Event-Name': 'CUSTOM', 'Event-Subclass': 'mod_audio_fork::play_audio', 'Unique-ID': uuid },
        JSON.stringify({ ...rest, audioContentType: 'raw', file }),
      );
    });
  }

  newUuid(): string {
    return randomUUID();
  }
}
