/**
 * The embedded SIP gateway: answers inbound calls on one UDP+TCP port, routes them by the dialled user,
 * and hands each answered call to the pipeline as a MediaLeg. See docs/decisions/007-sip-stack.md.
 */
import { type AddressPolicyOptions } from '#server/net/address-policy.ts';
import { type Logger } from '#server/logger.ts';
import { type LatenessHistogram, MediaClock } from '../rtp/media-clock.ts';
import { RtpPortAllocator, type RtpPortRange } from '../rtp/rtp-port-allocator.ts';
import { parseNameAddr, tagOf } from '../sip/header-values.ts';
import { createPeerPolicy } from '../sip/peer-policy.ts';
import { type SipPeer, type SipRequest } from '../sip/sip-message.ts';
import { createSipTransport } from '../sip/sip-transport.ts';
import { type ServerTransaction } from '../sip/server-transaction.ts';
import { newTag, TransactionLayer } from '../sip/transaction-layer.ts';
import { type TimerConfig } from '../sip/transaction-timers.ts';
import { ALLOW, type CallContext, type GatewayCall } from './call-context.ts';
import { emptyGatewayCounters, type GatewayCounters } from './gateway-counters.ts';
import { InboundCall } from './inbound-call.ts';
import { createRegistration, type Registration, type RegistrationOptions } from './registration.ts';
import { OutboundCall, type DialOptions } from './outbound-call.ts';
import { type SipRoute } from './sip-route.ts';

export interface SipGatewayOptions {
  /** Address to bind SIP and RTP to. */
  host: string;
  /** SIP port for UDP and TCP; 0 picks a free one. */
  port: number;
  rtpPorts: RtpPortRange;
  /** The address peers should send to (Via, Contact, SDP); defaults to host. Needed when binding 0.0.0.0. */
  publicAddress?: string;
  logger: Logger;
  route: SipRoute;
  /** Transaction timers; tests shrink T1. */
  timers?: Partial<TimerConfig>;
  /** No RTP for this long ends a call; default 30 s. */
  mediaTimeoutMs?: number;
  /** Further INVITEs get 503 while this many calls are up. */
  maxCalls?: number;
  clock?: MediaClock;
  /**
   * The outbound address policy for everything sent on a project's behalf (registrars, proxies, calls we
   * place, Record-Route hops, transfer targets, RTP): `allowHosts` is TELEPHONY_ALLOW_HOSTS. Default: public
   * addresses only (ADR 013).
   */
  addressPolicy?: AddressPolicyOptions;
}

export interface SipGatewayStats extends GatewayCounters {
  activeCalls: number;
  /** Media clock ticks that fired more than 5 ms late (our own sending lateness). */
  mediaClockLateTicks: number;
}

export interface SipGateway {
  readonly port: number;
  readonly publicAddress: string;
  readonly activeCalls: number;
  stats(): SipGatewayStats;
  /** How late the media clock's ticks ran, for a window's percentiles (latenessPercentile). */
  mediaClockLateness(): LatenessHistogram;
  /** Registers with a carrier/registrar and keeps the binding fresh. */
  register(options: RegistrationOptions): Registration;
  /** Places a call (UAC); progress and the answered leg arrive through the options' callbacks. */
  dial(options: DialOptions): OutboundCall;
  /** Stops taking calls (503 to INVITE and OPTIONS); resolves when the current calls have ended. */
  drain(): Promise<void>;
  /** Hangs up every call and closes the sockets. */
  close(): Promise<void>;
}

const UNSUPPORTED_OUTSIDE_DIALOG = new Set(['REGISTER', 'SUBSCRIBE', 'PUBLISH', 'MESSAGE', 'REFER']);
const KNOWN_IN_DIALOG = new Set(['BYE', 'INFO', 'NOTIFY', 'UPDATE', 'PRACK']);

export async function createSipGateway(options: SipGatewayOptions): Promise<SipGateway> {
  const logger = options.logger.child({ component: 'sip-gateway' });
  const counters = emptyGatewayCounters();
  const calls = new Map<string, GatewayCall>();
  const registrations = new Set<Registration>();
  const clock = options.clock ?? new MediaClock();
  const publicAddress = options.publicAddress ?? options.host;
  let draining = false;
  let closed = false;

  // The transport needs the transaction layer, which needs the transport's port: tie them after both exist.
  const layerRef: { current?: TransactionLayer } = {};
  const transport = await createSipTransport({
    host: options.host,
    port: options.port,
    logger,
    onMessage: (message, peer) => layerRef.current?.handle(message, peer),
    onMalformed: () => {
      counters.malformedMessages += 1;
    },
  });
  const txLayer = new TransactionLayer({
    send: (message, peer) => transport.send(message, peer),
    viaHost: publicAddress,
    viaPort: transport.port,
    timers: options.timers,
  });
  layerRef.current = txLayer;

  const policy = createPeerPolicy(options.addressPolicy);
  const context: CallContext = {
    layer: txLayer,
    policy,
    allocator: new RtpPortAllocator(options.host, options.rtpPorts),
    clock,
    counters,
    logger,
    publicAddress,
    sipPort: transport.port,
    mediaTimeoutMs: options.mediaTimeoutMs ?? 30_000,
    route: options.route,
    onEnded: (call) => {
      if (calls.get(call.key) === call) calls.delete(call.key);
    },
  };

  // `peer` is where responses go (Via received/rport): the dialog's next hop when there is no route set.
  const onInvite = (request: SipRequest, tx: ServerTransaction, peer: SipPeer) => {
    const callId = request.headers.get('call-id') ?? '';
    if (draining || closed) {
      tx.respond(503, { reason: 'Draining', headers: [['retry-after', '30']], toTag: newTag() });
      return;
    }
    if (options.maxCalls !== undefined && calls.size >= options.maxCalls) {
      counters.callsFailed += 1;
      logger.warn({ callId, active: calls.size }, 'call limit reached; refusing call');
      tx.respond(503, { reason: 'Call Limit Reached', headers: [['retry-after', '5']], toTag: newTag() });
      return;
    }
    if (request.headers.get('max-forwards') === '0') {
      tx.respond(483, { reason: 'Too Many Hops' });
      return;
    }
    const required = request.headers.getAll('require').filter((option) => option.toLowerCase() !== 'timer');
    if (required.length > 0) {
      tx.respond(420, { headers: [['unsupported', required.join(', ')]] });
      return;
    }
    const fromTag = tagOf(request.headers.get('from'));
    for (const other of calls.values()) {
      // RFC 3261 8.2.2.2: the same request reaching us by two paths (a fork that merged) is a loop.
      if (other.callId === callId && other.matchesMergedRequest?.(request, fromTag)) {
        tx.respond(482, { reason: 'Loop Detected' });
        return;
      }
    }
    const call = new InboundCall(request, tx, peer, context);
    calls.set(call.key, call);
    call.logger.info(
      { from: parseNameAddr(request.headers.get('from') ?? '')?.uri, to: request.uri },
      'INVITE',
    );
    void call.start().catch((error: unknown) => {
      call.logger.error({ err: error }, 'call setup crashed');
      counters.callsFailed += 1;
      void call.terminate('error');
    });
  };

  const findCall = (request: SipRequest): GatewayCall | undefined => {
    const toTag = tagOf(request.headers.get('to'));
    return toTag === undefined ? undefined : calls.get(`${request.headers.get('call-id') ?? ''}|${toTag}`);
  };

  txLayer.user = {
    onRequest: (request, tx) => {
      if (tagOf(request.headers.get('to')) !== undefined) {
        const call = findCall(request);
        if (call) call.onRequest(request, tx);
        else tx.respond(481);
        return;
      }
      switch (request.method) {
        case 'INVITE':
          onInvite(request, tx, tx.peer);
          return;
        case 'OPTIONS':
          tx.respond(draining || closed ? 503 : 200, {
            toTag: newTag(),
            headers: [
              ['allow', ALLOW],
              ['accept', 'application/sdp'],
            ],
          });
          return;
        default:
          if (UNSUPPORTED_OUTSIDE_DIALOG.has(request.method))
            tx.respond(405, { headers: [['allow', ALLOW]] });
          else if (KNOWN_IN_DIALOG.has(request.method)) tx.respond(481);
          else tx.respond(501);
      }
    },
    onAck: (ack) => findCall(ack)?.onAck(ack),
  };

  logger.info(
    { host: options.host, port: transport.port, publicAddress },
    'SIP gateway listening (UDP and TCP)',
  );

  return {
    port: transport.port,
    publicAddress,
    get activeCalls() {
      return calls.size;
    },
    stats: () => ({
      ...counters,
      rtp: { ...counters.rtp },
      activeCalls: calls.size,
      mediaClockLateTicks: clock.stats.lateTicks,
    }),
    mediaClockLateness: () => clock.latenessHistogram(),
    register: (registrationOptions) => {
      const registration = createRegistration(txLayer, {
        localAddress: publicAddress,
        localPort: transport.port,
        logger,
        policy,
        ...registrationOptions,
      });
      registrations.add(registration);
      const stop = registration.stop.bind(registration);
      // A stopped registration (a connection reloaded or removed) no longer needs un-REGISTER at close.
      registration.stop = () => {
        registrations.delete(registration);
        return stop();
      };
      return registration;
    },
    dial: (dialOptions) => {
      const call = new OutboundCall(dialOptions, context);
      if (draining || closed || (options.maxCalls !== undefined && calls.size >= options.maxCalls)) {
        const reason = draining ? 'Draining' : 'Call limit reached';
        queueMicrotask(() =>
          dialOptions.onProgress?.({
            state: 'failed',
            sipCode: 503,
            reason,
            cause: `503 ${reason} (platform)`,
          }),
        );
        return call;
      }
      calls.set(call.key, call);
      void call.start().catch((error: unknown) => {
        call.logger.error({ err: error }, 'outbound call crashed');
        void call.hangup('error');
      });
      return call;
    },
    drain: async () => {
      draining = true;
      logger.info({ active: calls.size }, 'draining: no new calls');
      await Promise.all([...calls.values()].map((call) => call.whenEnded()));
    },
    close: async () => {
      if (closed) return;
      draining = true;
      closed = true;
      await Promise.all([...registrations].map((r) => r.stop().catch(() => undefined)));
      await Promise.race([
        Promise.all([...calls.values()].map((call) => call.terminate('local_hangup'))),
        new Promise((resolve) => setTimeout(resolve, 2000)),
      ]);
      txLayer.close();
      if (!options.clock) clock.stop(); // a clock passed in may serve others
      await transport.close();
    },
  };
}
