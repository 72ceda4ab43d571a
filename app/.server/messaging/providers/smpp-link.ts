/**
 * One SMPP 3.4 transceiver link to an operator's SMSC (the `smpp` package's client): connect to the vetted
 * address, bind_transceiver with the system id and password, keep the link alive with enquire_link, answer the
 * SMSC's own enquire_link, unbind and deliver_sm (delivery receipts and replies, handed to `onDeliver`), and
 * bind again with backoff when the link drops, so receipts keep arriving between sends.
 *
 * A submit waits for its submit_sm_resp; a link lost before the answer leaves the submit's fate unknown (the
 * SMSC may have taken it), which the caller records as such.
 */
import * as smpp from 'smpp';
import type { Pdu, Session } from 'smpp';
import { vetHost } from '../../net/address-policy.ts';

export interface SmppLinkOptions {
  host: string;
  port: number;
  tls: boolean;
  systemId: string;
  password: string;
  systemType?: string;
  /** Hosts that may be reached though not public (MESSAGING_ALLOW_HOSTS). */
  allowHosts: readonly string[];
  onDeliver: (pdu: Pdu) => Promise<void> | void;
  enquireLinkMs?: number;
  submitTimeoutMs?: number;
}

/** Bind answers (SMPP 3.4 §5.1.3) in words a user can act on. */
const BIND_WORDS: Record<number, string> = {
  0x05: 'ESME_RALYBND: this login is already bound and the SMSC allows one link',
  0x0d: 'ESME_RBINDFAIL: the SMSC refused the bind (login, address or link limit)',
  0x0e: 'ESME_RINVPASWD: the password is wrong',
  0x0f: 'ESME_RINVSYSID: the system id (login) is unknown to the SMSC',
};

/** The SMSC refused to bind: settings to fix, not a moment to wait out. */
export class SmppBindError extends Error {
  constructor(readonly status: number) {
    super(
      `SMPP bind refused: ${BIND_WORDS[status] ?? `command_status 0x${status.toString(16).padStart(8, '0')}`}`,
    );
    this.name = 'SmppBindError';
  }
}

/** The link went away while a submit waited for its answer. */
export class SmppLinkLost extends Error {
  constructor(detail: string) {
    super(`SMPP link lost: ${detail}`);
    this.name = 'SmppLinkLost';
  }
}

export class SmppLink {
  private session: Session | null = null;
  private binding: Promise<Session> | null = null;
  private keepalive: NodeJS.Timeout | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  private backoffMs = 1_000;
  private closed = false;
  private readonly pending = new Set<(error: Error) => void>();

  constructor(private readonly options: SmppLinkOptions) {}

  /** A bound session, binding first when there is none. */
  ready(): Promise<Session> {
    if (this.closed) return Promise.reject(new Error('SMPP link closed'));
    if (this.session) return Promise.resolve(this.session);
    this.binding ??= this.bind().finally(() => {
      this.binding = null;
    });
    return this.binding;
  }

  async submit(fields: Record<string, unknown>): Promise<Pdu> {
    const session = await this.ready();
    return new Promise<Pdu>((resolve, reject) => {
      const timer = setTimeout(
        () => done(new SmppLinkLost('no submit_sm_resp in time')),
        this.options.submitTimeoutMs ?? 15_000,
      );
      const done = (error: Error | null, pdu?: Pdu) => {
        clearTimeout(timer);
        this.pending.delete(fail);
        if (error) reject(error);
        else resolve(pdu!);
      };
      const fail = (error: Error) => done(error);
      this.pending.add(fail);
      const written = session.send(new smpp.PDU('submit_sm', fields), (resp) => done(null, resp));
      if (!written) done(new SmppLinkLost('the socket is not writable'));
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    const session = this.session;
    this.dropped('closed');
    if (!session) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => session.destroy(() => resolve()), 1_000);
      const sent = session.send(new smpp.PDU('unbind', {}), () => {
        clearTimeout(timer);
        session.destroy(() => resolve());
      });
      if (!sent) {
        clearTimeout(timer);
        session.destroy(() => resolve());
      }
    });
  }

  private async bind(): Promise<Session> {
    const { address } = await vetHost(this.options.host, { allowHosts: this.options.allowHosts });
    const limit = this.options.submitTimeoutMs ?? 15_000;
    let session: Session | undefined;
    let timer: NodeJS.Timeout | undefined;
    // Nothing was submitted yet: a silent or unreachable SMSC is a plain connection failure, retried later.
    const silent = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        session?.destroy();
        reject(new Error(`no answer from the SMSC in ${limit / 1000} s`));
      }, limit);
    });
    let connected: Session;
    let resp: Pdu;
    try {
      connected = await Promise.race([
        silent,
        new Promise<Session>((resolve, reject) => {
          const s = smpp.connect(
            { host: address, port: this.options.port, tls: this.options.tls, servername: this.options.host },
            () => resolve(s),
          );
          session = s;
          s.once('error', reject);
        }),
      ]);
      resp = await Promise.race([
        silent,
        new Promise<Pdu>((resolve, reject) => {
          connected.once('close', () => reject(new Error('the SMSC closed the connection during bind')));
          connected.send(
            new smpp.PDU('bind_transceiver', {
              system_id: this.options.systemId,
              password: this.options.password,
              system_type: this.options.systemType ?? '',
              interface_version: 0x34,
            }),
            resolve,
          );
        }),
      ]);
    } catch (error) {
      session?.destroy();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    if (resp.command_status !== 0) {
      connected.destroy();
      throw new SmppBindError(resp.command_status);
    }
    this.attach(connected);
    return connected;
  }

  private attach(session: Session): void {
    this.session = session;
    this.backoffMs = 1_000;
    session.removeAllListeners('error');
    session.on('error', () => session.destroy());
    session.on('close', () => {
      if (this.session !== session) return;
      this.dropped('the SMSC closed the connection');
      this.scheduleReconnect();
    });
    session.on('enquire_link', (pdu: Pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu: Pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('deliver_sm', (pdu: Pdu) => {
      // Answered at once (the SMSC retries unanswered receipts); then recorded.
      session.send(pdu.response());
      void Promise.resolve(this.options.onDeliver(pdu)).catch(() => undefined);
    });
    let answered = true;
    this.keepalive = setInterval(() => {
      // No answer to the previous enquire_link: the link is dead even if TCP has not noticed.
      if (!answered) return session.destroy();
      answered = false;
      session.send(new smpp.PDU('enquire_link', {}), () => {
        answered = true;
      });
    }, this.options.enquireLinkMs ?? 30_000);
    this.keepalive.unref();
  }

  private dropped(why: string): void {
    if (this.keepalive) clearInterval(this.keepalive);
    this.keepalive = null;
    this.session = null;
    for (const fail of [...this.pending]) fail(new SmppLinkLost(why));
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnect) return;
    const wait = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, 60_000);
    this.reconnect = setTimeout(() => {
      this.reconnect = null;
      this.ready().catch(() => this.scheduleReconnect());
    }, wait);
    this.reconnect.unref();
  }
}
