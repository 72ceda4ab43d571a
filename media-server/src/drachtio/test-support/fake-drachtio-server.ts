/**
 * A drachtio-server stand-in on loopback, speaking the framing drachtio-srf uses
 * (`<length>#<msgId>|<type>|...`, see drachtio-srf's wire-protocol.js and drachtio-agent.js): it
 * authenticates the app, takes its route registration, delivers network requests (INVITE, ACK, BYE,
 * CANCEL) and answers the app's own requests the way drachtio-server does (echo with a transaction id,
 * then the far end's response). The far end of an app-originated INVITE is the test's FreeSWITCH, or
 * (for calls we place) a carrier that rings, answers, refuses or waits for our CANCEL.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface SipText {
  startLine: string;
  headers: Array<[string, string]>;
  body: string;
}

export function parseSip(raw: string): SipText {
  const split = raw.indexOf('\r\n\r\n');
  const head = split < 0 ? raw : raw.slice(0, split);
  const [startLine = '', ...lines] = head.split('\r\n');
  const headers = lines.map((line): [string, string] => {
    const at = line.indexOf(':');
    return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
  });
  return { startLine, headers, body: split < 0 ? '' : raw.slice(split + 4) };
}

export function header(msg: SipText, name: string): string | undefined {
  return msg.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

export function formatSip(msg: SipText): string {
  const headers = msg.headers.filter(([k]) => k.toLowerCase() !== 'content-length');
  headers.push(['Content-Length', String(Buffer.byteLength(msg.body))]);
  return `${msg.startLine}\r\n${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${msg.body}`;
}

export interface AppMessage {
  kind: 'request' | 'response';
  msg: SipText;
  txnId: string;
  dialogId: string;
}

/** How the far end of an app-originated INVITE answers, when not a plain 200 with SDP. */
export interface FarEndReply {
  /** Provisional statuses first (180, 183). */
  provisional?: number[];
  /** The final status; with `ringUntilCancelled` the far end rings until the app's CANCEL (then 487). */
  status: number;
  reason?: string;
  sdp?: string;
  /** Extra headers on the final response (Reason, Proxy-Authenticate). */
  headers?: Array<[string, string]>;
  ringUntilCancelled?: boolean;
}

export interface FakeDrachtioOptions {
  secret: string;
  /** Answers an INVITE the app sends: the SDP of a 200 OK, or the far end's whole reply. */
  answerInvite(invite: SipText): Promise<string | FarEndReply>;
}

export class FakeDrachtioServer {
  readonly fromApp: AppMessage[] = [];
  routes: string[] = [];
  authenticated = false;
  private socket: Socket | undefined;
  private seq = 0;
  /** INVITEs ringing until the app cancels them, by their transaction id. */
  private readonly ringing = new Map<string, () => void>();
  private readonly waiters: Array<() => void> = [];
  private constructor(
    private readonly server: Server,
    private readonly options: FakeDrachtioOptions,
  ) {}

  static async start(options: FakeDrachtioOptions): Promise<FakeDrachtioServer> {
    const server = createServer();
    const fake = new FakeDrachtioServer(server, options);
    server.on('connection', (socket) => fake.onConnection(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Resolves when `test` holds, checked after every message from the app. */
  async until<T>(test: () => T | undefined, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = test();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`fake drachtio: timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  /** Delivers a request from the network (the caller) as drachtio-server does. */
  deliver(raw: string, txnId: string, dialogId = ''): void {
    const time = new Date().toISOString();
    this.send(
      `sip|network|${Buffer.byteLength(raw)}|udp|127.0.0.1|5062|${time}|${txnId}|${dialogId}\r\n${raw}`,
    );
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private send(body: string): void {
    const framed = `${randomUUID()}|${body}`;
    this.socket?.write(`${Buffer.byteLength(framed)}#${framed}`);
  }

  private onConnection(socket: Socket): void {
    this.socket = socket;
    let buffer = Buffer.alloc(0);
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const hash = buffer.indexOf('#');
        if (hash < 0) return;
        const length = Number(buffer.subarray(0, hash).toString());
        if (buffer.length < hash + 1 + length) return;
        const text = buffer.subarray(hash + 1, hash + 1 + length).toString('utf8');
        buffer = buffer.subarray(hash + 1 + length);
        void this.onMessage(text);
        for (const wake of this.waiters.splice(0)) wake();
      }
    });
  }

  private async onMessage(text: string): Promise<void> {
    const crlf = text.indexOf('\r\n');
    const leader = crlf < 0 ? text : text.slice(0, crlf);
    const raw = crlf < 0 ? '' : text.slice(crlf + 2);
    const [msgId = '', type = '', ...rest] = leader.split('|');
    if (type === 'authenticate') {
      this.authenticated = rest[0] === this.options.secret;
      this.send(
        this.authenticated
          ? `response|${msgId}|OK|udp/127.0.0.1:5060|v0.8.1`
          : `response|${msgId}|NOK|incorrect secret`,
      );
      return;
    }
    if (type === 'route') {
      this.routes.push(rest[0] ?? '');
      this.send(`response|${msgId}|OK`);
      return;
    }
    if (type === 'ping') {
      this.send(`response|${msgId}|OK`);
      return;
    }
    if (type !== 'sip') return;
    const [txnIdIn = '', dialogIdIn = ''] = rest;
    const msg = parseSip(raw);
    const time = new Date().toISOString();
    if (msg.startLine.startsWith('SIP/2.0')) {
      // The app's response to a request we delivered; a 200 to an INVITE creates the caller's dialog.
      const dialogId =
        msg.startLine.startsWith('SIP/2.0 200') && /INVITE/.test(header(msg, 'CSeq') ?? '')
          ? `caller-${header(msg, 'Call-ID')}`
          : dialogIdIn;
      // drachtio-server completes the app's response: our Contact, and a To tag on the dialog.
      if (!header(msg, 'Contact')) msg.headers.push(['Contact', '<sip:media@127.0.0.1:5060>']);
      const to = msg.headers.find(([k]) => k.toLowerCase() === 'to');
      if (to && !/;tag=/.test(to[1])) to[1] += ';tag=ours';
      this.fromApp.push({ kind: 'response', msg, txnId: txnIdIn, dialogId });
      const echo = formatSip(msg);
      this.send(
        `response|${msgId}|OK|application|${Buffer.byteLength(echo)}|udp|127.0.0.1|5062|${time}|${txnIdIn}|${dialogId}\r\n${echo}`,
      );
      return;
    }
    // A request from the app: fill in what drachtio-server adds, echo it, then answer as the far end.
    const method = msg.startLine.split(' ')[0] ?? '';
    const txnId = `app-${(this.seq += 1)}`;
    const fsCallId = `fs-${this.seq}`;
    if (!dialogIdIn && method !== 'CANCEL') {
      if (!header(msg, 'Call-ID')) msg.headers.push(['Call-ID', fsCallId]);
      // drachtio-server keeps the app's From (adding a tag) and writes To from the Request-URI.
      const from = msg.headers.find(([k]) => k.toLowerCase() === 'from');
      if (!from) msg.headers.push(['From', `<sip:media@127.0.0.1>;tag=app${this.seq}`]);
      else if (!/;tag=/.test(from[1])) from[1] += `;tag=app${this.seq}`;
      if (!header(msg, 'To')) msg.headers.push(['To', `<${msg.startLine.split(' ')[1]}>`]);
    }
    if (!header(msg, 'CSeq')) msg.headers.push(['CSeq', `${this.seq} ${method}`]);
    msg.headers.push(['Via', `SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK${txnId}`]);
    if (!header(msg, 'Contact')) msg.headers.push(['Contact', '<sip:media@127.0.0.1:5060>']);
    this.fromApp.push({ kind: 'request', msg, txnId, dialogId: dialogIdIn });
    const echo = formatSip(msg);
    this.send(
      `response|${msgId}|OK|application|${Buffer.byteLength(echo)}|udp|127.0.0.1|5080|${time}|${txnId}|${dialogIdIn}\r\n${echo}`,
    );
    if (method === 'ACK') return;
    if (method === 'CANCEL') {
      // The INVITE it cancels (its transaction id rides in the leader) ends with 487.
      this.ringing.get(txnIdIn)?.();
      return;
    }
    let body = '';
    let dialogId = dialogIdIn;
    const responseHeaders: Array<[string, string]> = [
      ['Via', header(msg, 'Via') ?? ''],
      ['From', header(msg, 'From') ?? ''],
      ['To', `${header(msg, 'To') ?? ''}${dialogIdIn ? '' : ';tag=fs1'}`],
      ['Call-ID', header(msg, 'Call-ID') ?? ''],
      ['CSeq', header(msg, 'CSeq') ?? ''],
    ];
    let status = method === 'REFER' ? 'SIP/2.0 202 Accepted' : 'SIP/2.0 200 OK';
    if (method === 'INVITE') {
      const answered = await this.options.answerInvite(msg);
      let reply: FarEndReply = typeof answered === 'string' ? { status: 200, sdp: answered } : answered;
      for (const code of reply.provisional ?? []) {
        const ringing = formatSip({
          startLine: `SIP/2.0 ${code} ${code === 180 ? 'Ringing' : 'Session Progress'}`,
          headers: responseHeaders,
          body: '',
        });
        this.send(
          `sip|network|${Buffer.byteLength(ringing)}|udp|127.0.0.1|5080|${time}|${txnId}|\r\n${ringing}`,
        );
      }
      if (reply.ringUntilCancelled)
        reply = await new Promise<FarEndReply>((resolve) =>
          this.ringing.set(txnId, () => resolve({ status: 487, reason: 'Request Terminated' })),
        );
      this.ringing.delete(txnId);
      if (reply.status === 200) {
        body = reply.sdp ?? '';
        dialogId = `media-${header(msg, 'Call-ID')}`;
        responseHeaders.push(
          ['Contact', '<sip:freeswitch@127.0.0.1:5080>'],
          ['Content-Type', 'application/sdp'],
        );
      } else {
        status = `SIP/2.0 ${reply.status} ${reply.reason ?? 'Failed'}`;
        dialogId = '';
      }
      responseHeaders.push(...(reply.headers ?? []));
    }
    const response = formatSip({ startLine: status, headers: responseHeaders, body });
    this.send(
      `sip|network|${Buffer.byteLength(response)}|udp|127.0.0.1|5080|${time}|${txnId}|${dialogId}\r\n${response}`,
    );
  }
}
