/**
 * REGISTER as a client (RFC 3261 10.2): one Call-ID per registration, CSeq increasing, digest answers to
 * 401/407, Min-Expires after 423, refresh well before the binding expires, retry with back-off on failure,
 * and an un-REGISTER (Expires: 0) on stop. The registrar (or outbound proxy) is resolved and vetted by the
 * address policy before every round, so a name whose DNS turns private is refused at that moment (ADR 013).
 */
import { randomBytes } from 'node:crypto';
import { AddressRefusedError } from '#server/net/address-policy.ts';
import { type Logger } from '#server/logger.ts';
import { digestAuthorization, parseDigestChallenge, type DigestChallenge } from '../sip/digest-auth.ts';
import { parseNameAddr } from '../sip/header-values.ts';
import { describeRefusal, type PeerPolicy } from '../sip/peer-policy.ts';
import { assertSafeSipMessage, hasControlCharacter, UnsafeSipMessageError } from '../sip/sip-serializer.ts';
import { SipHeaders } from '../sip/sip-headers.ts';
import { type SipPeer, type SipRequest, type SipResponse } from '../sip/sip-message.ts';
import { bareHost, parseSipUri } from '../sip/sip-uri.ts';
import { newTag, type TransactionLayer } from '../sip/transaction-layer.ts';

export interface RegistrationOptions {
  /** Registrar URI, e.g. sip:sip.carrier.example:5060;transport=tcp */
  registrar: string;
  /** Address of record; default sip:<username>@<registrar host>. */
  aor?: string;
  username: string;
  password: string;
  /** Digest user when it differs from the AOR user. */
  authUsername?: string;
  /** Requested binding lifetime in seconds; default 3600. */
  expires?: number;
  /** Wait before trying again after a failure; default 30 s. */
  retryMs?: number;
  /** Send to this hop instead of the registrar's host (an outbound proxy); the Request-URI stays. */
  outboundProxy?: SipPeer;
  /** Set by the operator (SIP_REGISTRAR): resolved and pinned, but not held to the address policy. */
  operatorConfigured?: boolean;
  /** Told after every final answer (first registration, refreshes, failures) and on stop. */
  onStatus?: (status: RegistrationReport) => void;
}

export interface RegistrationReport {
  state: RegistrationState;
  sipCode: number | null;
  reason: string;
  expires: number | null;
}

/** `refused`: the address policy did not let us send to the registrar (or proxy) at all. */
export type RegistrationState = 'registering' | 'registered' | 'failed' | 'refused' | 'stopped';

export interface Registration {
  readonly state: RegistrationState;
  /** Seconds the registrar granted in its last 200. */
  readonly grantedExpires: number | undefined;
  /** How many times a 200 came back (first registration and refreshes). */
  readonly successes: number;
  /** Resolves on the first successful registration, rejects on its first failure. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

interface Internals {
  localAddress: string;
  localPort: number;
  logger: Logger;
  policy: PeerPolicy;
}

/** Refresh at 85% of the lifetime, and at least 5 s early for long ones. */
export function refreshDelayMs(expiresSeconds: number): number {
  return Math.max(500, Math.min(expiresSeconds * 850, (expiresSeconds - 5) * 1000));
}

export function createRegistration(
  layer: TransactionLayer,
  options: RegistrationOptions & Internals,
): Registration {
  const registrarUri = parseSipUri(options.registrar);
  if (!registrarUri?.host || registrarUri.scheme === 'tel')
    throw new Error(`bad registrar URI: ${options.registrar}`);
  const transport = registrarUri.params.get('transport')?.toLowerCase() === 'tcp' ? 'tcp' : 'udp';
  // Where requests go, host name and all: resolved to an address anew for every round (see `round`).
  const destination: SipPeer = options.outboundProxy ?? {
    transport,
    address: bareHost(registrarUri.host),
    port: registrarUri.port ?? 5060,
  };
  const aor = options.aor ?? `sip:${options.username}@${registrarUri.host}`;
  const requestUri = `sip:${registrarUri.host}${registrarUri.port ? `:${registrarUri.port}` : ''}`;
  const callId = `${randomBytes(12).toString('hex')}@${options.localAddress}`;
  const fromTag = newTag();
  const contact = `<sip:${options.username}@${options.localAddress}:${options.localPort}${transport === 'tcp' ? ';transport=tcp' : ''}>`;
  const logger = options.logger.child({ registrar: options.registrar, aor });
  // The user parts go into URIs and the digest user into a quoted string: no control character at all
  // (tab included, which a header value could otherwise carry).
  for (const [field, value] of [
    ['username', options.username],
    ['authUsername', options.authUsername ?? ''],
  ] as const)
    if (hasControlCharacter(value)) throw new UnsafeSipMessageError('header-value', `the ${field}`);
  let cseq = 0;
  let nc = 0;
  let lastChallenge: { challenge: DigestChallenge; proxy: boolean } | undefined;
  let expires = options.expires ?? 3600;
  let timer: NodeJS.Timeout | undefined;
  let state: RegistrationState = 'registering';
  let grantedExpires: number | undefined;
  let successes = 0;
  let settleReady: ((error?: Error) => void) | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    settleReady = (error) => {
      settleReady = undefined;
      if (error) reject(error);
      else resolve();
    };
  });
  ready.catch(() => undefined); // callers may not await it; failures are also logged

  const build = (requestedExpires: number): SipRequest => {
    const headers = new SipHeaders();
    headers.add('max-forwards', '70');
    headers.add('from', `<${aor}>;tag=${fromTag}`);
    headers.add('to', `<${aor}>`);
    headers.add('call-id', callId);
    cseq += 1;
    headers.add('cseq', `${cseq} REGISTER`);
    headers.add('contact', contact);
    headers.add('expires', String(requestedExpires));
    headers.add('allow', 'INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, NOTIFY, UPDATE');
    if (lastChallenge) {
      nc += 1;
      const value = digestAuthorization({
        challenge: lastChallenge.challenge,
        method: 'REGISTER',
        uri: requestUri,
        username: options.authUsername ?? options.username,
        password: options.password,
        nc,
        cnonce: randomBytes(8).toString('hex'),
      });
      headers.add(lastChallenge.proxy ? 'proxy-authorization' : 'authorization', value);
    }
    return { kind: 'request', method: 'REGISTER', uri: requestUri, headers, body: Buffer.alloc(0) };
  };

  const schedule = (ms: number, fn: () => void) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };

  // Every header is checked before anything is sent: a registration that cannot be written safely is
  // refused to its caller at once, instead of failing quietly at each refresh.
  assertSafeSipMessage(build(expires));
  cseq = 0;

  /** The pinned address of the round in progress (challenge answers go to the same place). */
  let peer: SipPeer | undefined;

  const send = (requestedExpires: number, onDone: (response: SipResponse) => void, authAttempts = 0) => {
    if (!peer) return;
    layer.sendRequest(build(requestedExpires), peer, (response) => {
      if (response.status < 200) return;
      if ((response.status === 401 || response.status === 407) && authAttempts < 2) {
        const proxy = response.status === 407;
        const challenge = parseDigestChallenge(
          response.headers.get(proxy ? 'proxy-authenticate' : 'www-authenticate') ?? '',
        );
        // A second challenge for the same nonce means the password is wrong, unless it says stale.
        const repeated = challenge && lastChallenge?.challenge.nonce === challenge.nonce && !challenge.stale;
        if (challenge && !repeated) {
          lastChallenge = { challenge, proxy };
          nc = 0;
          send(requestedExpires, onDone, authAttempts + 1);
          return;
        }
      }
      if (response.status === 423 && authAttempts < 3) {
        const minimum = Number(response.headers.get('min-expires'));
        if (minimum > requestedExpires) {
          expires = minimum;
          send(minimum, onDone, authAttempts + 1);
          return;
        }
      }
      onDone(response);
    });
  };

  const refuse = (error: AddressRefusedError) => {
    // A DNS failure is the registrar being unreachable; a private answer is the policy saying no.
    const refused = error.reason !== 'dns_failure';
    state = refused ? 'refused' : 'failed';
    const reason = describeRefusal(error);
    logger.warn({ reason }, refused ? 'registrar refused by the address policy' : 'registrar not resolved');
    options.onStatus?.({ state, sipCode: null, reason, expires: null });
    settleReady?.(new Error(reason));
    schedule(options.retryMs ?? 30_000, register);
  };

  const register = () => {
    if (state === 'stopped') return;
    options.policy.pin(destination, { trusted: options.operatorConfigured === true }).then(
      (pinned) => {
        if (state === 'stopped') return;
        peer = pinned;
        round();
      },
      (error: unknown) => {
        if (state === 'stopped') return;
        if (error instanceof AddressRefusedError) refuse(error);
        else {
          logger.error({ err: error }, 'registrar could not be resolved; will retry');
          schedule(options.retryMs ?? 30_000, register);
        }
      },
    );
  };

  const round = () => {
    send(expires, (response) => {
      if (state === 'stopped') return;
      if (response.status >= 200 && response.status < 300) {
        grantedExpires = grantedLifetime(response, options.username) ?? expires;
        successes += 1;
        state = 'registered';
        logger.info({ expires: grantedExpires }, 'registered');
        options.onStatus?.({
          state,
          sipCode: response.status,
          reason: response.reason,
          expires: grantedExpires,
        });
        settleReady?.();
        schedule(refreshDelayMs(grantedExpires), register);
        return;
      }
      state = 'failed';
      logger.warn({ status: response.status, reason: response.reason }, 'registration failed; will retry');
      options.onStatus?.({ state, sipCode: response.status, reason: response.reason, expires: null });
      settleReady?.(new Error(`REGISTER failed with ${response.status} ${response.reason}`));
      schedule(options.retryMs ?? 30_000, register);
    });
  };
  register();

  return {
    get state() {
      return state;
    },
    get grantedExpires() {
      return grantedExpires;
    },
    get successes() {
      return successes;
    },
    ready,
    stop: () => {
      const wasRegistered = state === 'registered';
      state = 'stopped';
      if (timer) clearTimeout(timer);
      options.onStatus?.({ state, sipCode: null, reason: 'stopped', expires: null });
      // The un-REGISTER goes where the binding was made, not to whatever the name answers now.
      if (!wasRegistered || !peer) return Promise.resolve();
      return new Promise<void>((resolve) => send(0, () => resolve()));
    },
  };
}

/** The lifetime the registrar granted our contact: its Contact expires param, else the Expires header. */
function grantedLifetime(response: SipResponse, username: string): number | undefined {
  for (const value of response.headers.getAll('contact')) {
    const contact = parseNameAddr(value);
    if (contact && parseSipUri(contact.uri)?.user === username) {
      const fromParam = Number(contact.params.get('expires'));
      if (fromParam > 0) return fromParam;
    }
  }
  const header = Number(response.headers.get('expires'));
  return header > 0 ? header : undefined;
}
