import type { MediaLeg } from '../call/media-leg.ts';
import { parseSipUri } from '../sip/sip-uri.ts';
import type { SipGateway } from './sip-gateway.ts';

export interface DialTransferOptions {
  /** Our address for the From header. */
  fromHost: string;
  /** CANCEL when nobody answers within this (the flow then takes its `failed` port). */
  ringTimeoutMs?: number;
}

/**
 * A warm transfer's second leg over the embedded gateway: an INVITE to the target's SIP address (its
 * host vetted by the address policy as every outbound call's), resolved with the answered leg, rejected
 * when the call fails or nobody answers. A bare number has no carrier route here yet, so it is refused.
 */
export function sipDialTransfer(sip: () => SipGateway, options: DialTransferOptions) {
  return (target: string): Promise<MediaLeg> =>
    new Promise((resolve, reject) => {
      const uri = parseSipUri(target);
      if (!uri || uri.scheme === 'tel') {
        reject(new Error(`warm transfer needs a SIP address (sip:user@host), not "${target}"`));
        return;
      }
      const transport = uri.params.get('transport')?.toLowerCase() === 'tcp' ? 'tcp' : 'udp';
      let settled = false;
      sip().dial({
        target,
        peer: { address: uri.host, port: uri.port ?? 5060, transport },
        fromUri: `sip:agent@${options.fromHost}`,
        codecs: ['PCMU', 'PCMA'],
        ringTimeoutMs: options.ringTimeoutMs ?? 30_000,
        onProgress: (progress) => {
          if (settled) return;
          if (progress.state === 'failed') {
            settled = true;
            reject(new Error(`nobody answered: ${progress.cause}`));
          } else if (progress.state === 'ended') {
            settled = true;
            reject(new Error(`the target hung up: ${progress.cause}`));
          }
        },
        onLeg: (leg) => {
          if (settled) {
            void leg.hangup('local_hangup');
            return;
          }
          settled = true;
          resolve(leg);
        },
      });
    });
}
