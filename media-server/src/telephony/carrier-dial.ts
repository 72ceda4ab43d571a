import { formatForCarrier } from '#server/telephony/caller-id.ts';
import type { SipConnectionConfig } from '#server/telephony/connection-config.server.ts';
import type { DialOptions } from '../sip-gateway/outbound-call.ts';
import { hostPort } from '../sip/sip-uri.ts';
import { firstHop } from './sip-target.ts';

export type CarrierDial = Pick<DialOptions, 'target' | 'peer' | 'fromUri' | 'auth' | 'codecs'> & {
  /** The number as the carrier wants it (the connection's format). */
  dialled: string;
  callerId: string;
};

/**
 * How a number is dialled through one of the project's connections: the Request-URI at the carrier, the
 * first hop (outbound proxy or the carrier), our caller ID in the carrier's format, digest credentials for
 * a registering connection. Test calls, campaign calls and warm transfers to numbers all dial this way.
 */
export function carrierDial(connection: SipConnectionConfig, to: string, callerId?: string): CarrierDial {
  const rules = connection.callerIdRules;
  const from = formatForCarrier(
    callerId || rules.defaultCallerId || connection.username || 'anonymous',
    rules.format,
  );
  const dialled = formatForCarrier(to, rules.format);
  const tcp = connection.transport === 'tcp' ? ';transport=tcp' : '';
  return {
    dialled,
    callerId: from,
    target: `sip:${dialled}@${hostPort(connection.host, connection.port)}${tcp}`,
    peer: firstHop(connection),
    fromUri: `sip:${from}@${connection.host}`,
    ...(connection.authMode === 'registration'
      ? { auth: { username: connection.authUsername || connection.username, password: connection.password } }
      : {}),
    codecs: connection.codecs.length ? connection.codecs : ['PCMA', 'PCMU'],
  };
}
