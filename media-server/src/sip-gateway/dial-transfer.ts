import type { SipConnectionConfig } from '#server/telephony/connection-config.server.ts';
import type { MediaLeg } from '../call/media-leg.ts';
import type { DialTransfer, TransferDialContext } from '../call/warm-transfer.ts';
import { parseSipUri } from '../sip/sip-uri.ts';
import type { ConnectionCallLimits } from '../telephony/connection-call-limits.ts';
import { carrierDial } from '../telephony/carrier-dial.ts';
import type { DialOptions, OutboundCall } from './outbound-call.ts';
import type { SipGateway } from './sip-gateway.ts';

export interface DialTransferOptions {
  /** Our address for the From header. */
  fromHost: string;
  /** CANCEL when nobody answers within this (the flow then takes its `failed` port). */
  ringTimeoutMs?: number;
  /** The project's outbound connection for a number (the call's own first); absent = numbers refused. */
  connectionFor?: (projectId: string, preferredId?: string) => Promise<SipConnectionConfig | null>;
  /** Per-connection call limits: a transfer leg counts against its connection like any call. */
  limits?: ConnectionCallLimits;
}

/** A phone number (digits with the usual separators, or a tel: URI), not a SIP address. */
export function phoneNumberOf(target: string): string | null {
  const raw = target.replace(/^tel:/i, '').split(';')[0]?.trim() ?? '';
  return /^\+?[\d\s().-]{3,}$/.test(raw) && /\d{3,}/.test(raw.replace(/\D/g, '')) ? raw : null;
}

type Placement = Omit<DialOptions, 'onProgress' | 'onLeg' | 'ringTimeoutMs'>;

/**
 * A warm transfer's second leg over the embedded gateway. A SIP address is dialled directly (its host
 * vetted by the address policy as every outbound call's); a number goes through the project's outbound
 * connection exactly as test and campaign calls do (carrier URI, outbound proxy, caller ID format, digest
 * credentials, the connection's call limit). Resolves with the answered leg; rejects when the call fails,
 * nobody answers, or the caller leaves (then after the CANCEL has been answered, with the target's cause).
 */
export function sipDialTransfer(sip: () => SipGateway, options: DialTransferOptions): DialTransfer {
  const direct = (target: string): Placement | string => {
    const uri = parseSipUri(target);
    if (!uri || uri.scheme === 'tel') return `warm transfer needs a SIP address or a number, not "${target}"`;
    const transport = uri.params.get('transport')?.toLowerCase() === 'tcp' ? 'tcp' : 'udp';
    return {
      target,
      peer: { address: uri.host, port: uri.port ?? 5060, transport },
      fromUri: `sip:agent@${options.fromHost}`,
      codecs: ['PCMU', 'PCMA'],
    };
  };

  const viaCarrier = async (
    number: string,
    context: TransferDialContext,
  ): Promise<{ placement: Placement; release: () => void } | string> => {
    const connection = await options.connectionFor?.(context.projectId, context.connectionId);
    if (!connection) return `no outbound SIP connection in this project to dial ${number}`;
    const release = options.limits
      ? await options.limits.acquire(connection.id, connection.maxConcurrentCalls)
      : () => undefined;
    if (!release) return `the connection "${connection.name}" is at its call limit`;
    const { dialled: _dialled, callerId: _callerId, ...placement } = carrierDial(connection, number);
    return { placement, release };
  };

  return async (target, context) => {
    const number = phoneNumberOf(target);
    let placement: Placement;
    let release = () => undefined as void;
    if (number) {
      const routed = await viaCarrier(number, context);
      if (typeof routed === 'string') throw new Error(routed);
      ({ placement, release } = routed);
    } else {
      const routed = direct(target);
      if (typeof routed === 'string') throw new Error(routed);
      placement = routed;
    }
    if (context.signal.aborted) {
      release();
      throw new Error('the caller hung up before the target was dialled');
    }
    return place(sip(), placement, options.ringTimeoutMs ?? 30_000, context.signal, release);
  };
}

function place(
  sip: SipGateway,
  placement: Placement,
  ringTimeoutMs: number,
  signal: AbortSignal,
  release: () => void,
): Promise<MediaLeg> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const onAbort = () => void call.hangup('local_hangup');
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      outcome();
    };
    const call: OutboundCall = sip.dial({
      ...placement,
      ringTimeoutMs,
      onProgress: (progress) => {
        if (progress.state === 'failed') {
          release();
          const why = signal.aborted ? 'the caller hung up while the target rang' : 'nobody answered';
          settle(() => reject(new Error(`${why}: ${progress.cause}`)));
        } else if (progress.state === 'ended') {
          release();
          settle(() => reject(new Error(`the target hung up: ${progress.cause}`)));
        }
      },
      onLeg: (leg) => {
        leg.on('ended', release);
        if (settled) {
          void leg.hangup('local_hangup');
          return;
        }
        settle(() => resolve(leg));
      },
    });
    // The caller left while it rang: CANCEL now; the 487 (or the answer that crossed it) settles the dial.
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();
  });
}
