import { parseNameAddr } from './header-values.ts';
import { SipHeaders } from './sip-headers.ts';
import { reasonPhrase, type SipResponse } from './sip-message.ts';

export interface ResponseOptions {
  reason?: string;
  /** Added to To when the request's To has no tag (not for 100 Trying, RFC 3261 8.2.6.2). */
  toTag?: string;
  headers?: ReadonlyArray<readonly [string, string]>;
  body?: Buffer;
  contentType?: string;
}

/** A response to `request`: Via, From, To, Call-ID and CSeq copied as RFC 3261 8.2.6.2 requires. */
export function buildResponse(
  request: { headers: SipHeaders },
  status: number,
  options: ResponseOptions = {},
): SipResponse {
  const headers = new SipHeaders();
  for (const via of request.headers.getAll('via')) headers.add('via', via);
  headers.add('from', request.headers.get('from') ?? '');
  let to = request.headers.get('to') ?? '';
  if (options.toTag && status !== 100 && !parseNameAddr(to)?.params.has('tag'))
    to = `${to};tag=${options.toTag}`;
  headers.add('to', to);
  headers.add('call-id', request.headers.get('call-id') ?? '');
  headers.add('cseq', request.headers.get('cseq') ?? '');
  // RFC 3261 12.1.1: a response that makes a dialog carries the request's Record-Route, so the caller's
  // ACK, BYE and re-INVITEs pass the proxies that asked to stay in the path (a SIP load balancer in front).
  if (status > 100 && status < 300)
    for (const route of request.headers.getAll('record-route')) headers.add('record-route', route);
  // RFC 3261 8.2.6.1: a Timestamp in a request is echoed in 100 Trying.
  const timestamp = request.headers.get('timestamp');
  if (status === 100 && timestamp) headers.add('timestamp', timestamp);
  for (const [name, value] of options.headers ?? []) headers.add(name, value);
  const body = options.body ?? Buffer.alloc(0);
  if (body.length > 0) headers.set('content-type', options.contentType ?? 'application/sdp');
  return { kind: 'response', status, reason: options.reason ?? reasonPhrase(status), headers, body };
}
