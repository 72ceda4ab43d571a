/**
 * A real SMTP server (the `smtp-server` package, RFC 5321) on loopback, for the e-mail channel's tests and the
 * browser test: it asks for AUTH PLAIN/LOGIN with one login, takes messages and keeps them, and can be told to
 * answer the next recipients with a 4xx or 5xx as a mail server does (mailbox full, no such user).
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The whole message as sent (headers and body, RFC 5322). */
  raw: string;
  user: string | undefined;
}

export interface LocalSmtpServer {
  host: string;
  port: number;
  mails: ReceivedMail[];
  /** Answer RCPT TO for the next n messages with this code (e.g. 451 try later, 550 no such user). */
  refuseNext(n: number, code: number, text: string): void;
  close(): Promise<void>;
}

export async function startLocalSmtpServer(
  login: { user: string; password: string } = { user: 'mailer', password: 'mail-secret' },
): Promise<LocalSmtpServer> {
  const mails: ReceivedMail[] = [];
  let refusals: { left: number; code: number; text: string } = { left: 0, code: 0, text: '' };
  const server = new SMTPServer({
    // Plain SMTP on loopback: no certificate to trust, so AUTH is allowed without TLS here only.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === login.user && auth.password === login.password)
        return callback(null, { user: auth.username });
      const error = Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 });
      return callback(error);
    },
    onRcptTo(_address, _session, callback) {
      if (refusals.left > 0) {
        refusals = { ...refusals, left: refusals.left - 1 };
        return callback(Object.assign(new Error(refusals.text), { responseCode: refusals.code }));
      }
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        mails.push({
          from: from ? from.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        callback(null, `Queued as ${mails.length}`);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    mails,
    refuseNext(n, code, text) {
      refusals = { left: n, code, text };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
