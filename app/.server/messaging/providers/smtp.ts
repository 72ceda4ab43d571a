/**
 * E-mail over SMTP (RFC 5321) through nodemailer's SMTP client. The server's host is the user's, so it is
 * vetted by the platform's address policy (ADR 013) before every connection, and nodemailer connects to the
 * vetted address (the host name stays the TLS server name, so certificates are still checked against it).
 *
 * TLS modes: `implicit` (TLS from the first byte, usually port 465), `starttls` (plain, then STARTTLS is
 * required, usually 587), `none` (no TLS: only for a relay on a trusted network).
 *
 * Answers are sorted as RFC 5321 §4.2.1 says: 5xx is permanent (the message failed), 4xx is transient (tried
 * again later), and a lost connection or timeout is retried. A connection lost while the message was being
 * handed over (DATA) may have delivered it, so that one is "unknown" and is looked at before sending again.
 * The Message-ID is built from our message id, so a duplicate that slipped through is recognisable.
 */
import { createTransport } from 'nodemailer';
import { AddressRefusedError, vetHost } from '../../net/address-policy.ts';
import type { MessagingProvider, SendOutcome } from './provider.ts';

export const SMTP_TLS_MODES = ['implicit', 'starttls', 'none'] as const;
export type SmtpTlsMode = (typeof SMTP_TLS_MODES)[number];

export interface SmtpSettings {
  host: string;
  port: number;
  tls: SmtpTlsMode;
  user?: string;
  password?: string;
  /** The From address (`Clinic <no-reply@clinic.ru>` or a bare address). */
  from: string;
  /** Hosts that may be reached though not public (the project's allowed hosts and MESSAGING_ALLOW_HOSTS). */
  allowHosts: readonly string[];
  timeoutMs?: number;
}

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

/** Errors that may come after the server had the message: the send's fate is unknown. */
const LOST_LINK = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET']);
/** Answers about our own set-up, which retrying will not mend. */
const CONFIGURATION = new Set(['EAUTH', 'ENOAUTH', 'ETLS', 'EREQUIRETLS', 'ECONFIG', 'EENVELOPE']);

export function smtpOutcome(error: unknown): SendOutcome {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpFailure;
  const said = (e.response ?? e.message ?? String(error)).replace(/\s+/g, ' ').trim().slice(0, 300);
  if (e.responseCode !== undefined && e.responseCode >= 500)
    return { ok: false, retryable: false, reason: `SMTP ${e.responseCode}: ${said}` };
  if (e.responseCode !== undefined && e.responseCode >= 400)
    return { ok: false, retryable: true, reason: `SMTP ${e.responseCode}: ${said}` };
  if (e.code && CONFIGURATION.has(e.code))
    return { ok: false, retryable: false, reason: `SMTP ${e.code}: ${said}` };
  return {
    ok: false,
    retryable: true,
    reason: `SMTP ${e.code ?? 'error'}: ${said}`,
    // Only a link lost during the hand-over itself can have delivered the message.
    unknown: LOST_LINK.has(e.code ?? '') && (e.command === undefined || /^DATA|^\./i.test(e.command)),
  };
}

const domainOf = (from: string) => /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';

export function smtpProvider(settings: SmtpSettings): MessagingProvider {
  const timeout = settings.timeoutMs ?? 20_000;
  return {
    async send({ to, text, subject, ref }) {
      let address: string;
      try {
        ({ address } = await vetHost(settings.host, { allowHosts: settings.allowHosts }));
      } catch (error) {
        if (!(error instanceof AddressRefusedError)) throw error;
        // A name that does not resolve now may later; a private address stays private.
        return {
          ok: false,
          retryable: error.reason === 'dns_failure',
          reason: `SMTP host refused: ${error.message}`,
        };
      }
      const transport = createTransport({
        host: address,
        port: settings.port,
        servername: settings.host,
        secure: settings.tls === 'implicit',
        requireTLS: settings.tls === 'starttls',
        ignoreTLS: settings.tls === 'none',
        ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
      });
      try {
        const info = await transport.sendMail({
          from: settings.from,
          to,
          subject: subject ?? '',
          text,
          ...(ref ? { messageId: `<${ref}@${domainOf(settings.from)}>` } : {}),
        });
        const rejected = info.rejected.map(String);
        if (rejected.length > 0)
          return { ok: false, retryable: false, reason: `SMTP rejected ${rejected.join(', ')}` };
        return { ok: true, providerId: info.messageId };
      } catch (error) {
        return smtpOutcome(error);
      } finally {
        transport.close();
      }
    },
  };
}
