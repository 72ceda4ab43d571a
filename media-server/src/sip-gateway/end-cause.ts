/**
 * A call's SIP end cause: one short, stable, readable line for the call record (`calls.sipCause`), in the
 * spirit of what carriers, jambonz and FreeSWITCH report. Clauses are joined by "; ". The first says what
 * ended the call: a request and who sent it, the final status of a call we placed, or a condition we saw;
 * the ones after it add the far end's RFC 3326 `Reason:` headers, or how we ended it. The words are fixed
 * (only statuses, causes and the far end's texts vary), so the line can be grouped and filtered on.
 *
 *   BYE from caller                                  the far end of a call we answered hung up
 *   BYE from callee; Q.850 cause 16 (Normal call clearing)   ... of a call we placed, with its Reason
 *   BYE sent by platform                             we hung up (flow hangup, max duration, drain)
 *   RTP timeout; BYE sent by platform                no media from the far end
 *   REFER accepted (transferred); BYE sent by platform
 *   no ACK for 200 OK; BYE sent by platform
 *   CANCEL from caller before answer
 *   486 Busy Here; Q.850 cause 17 (User busy)        a call we placed was refused: its final status first
 *   487 Request Terminated; CANCEL sent by platform (no answer in time)
 *   503 Draining (platform)                          a call we could not place at all
 *   404 No Such Agent sent by platform               a call we refused (logged only: it has no record)
 *
 * Text taken from the far end is trimmed to printable characters and a bounded length, so a hostile peer
 * cannot fill the record.
 */
import { type LegEndReason } from '../call/media-leg.ts';
import { parseParams, splitOutsideQuotes } from '../sip/header-values.ts';
import { reasonPhrase, type SipRequest, type SipResponse } from '../sip/sip-message.ts';

/** Who the far end is on this call: `caller` for calls we answer, `callee` for calls we place. */
export type FarSide = 'caller' | 'callee';

const PLATFORM = 'platform';
const MAX_TEXT = 80;
const MAX_CAUSE = 240;

/** The `Reason:` headers of a request or response, as clauses (`Q.850 cause 16 (Normal call clearing)`). */
export function reasonClauses(message: SipRequest | SipResponse): string[] {
  return reasonClausesOf(message.headers.getAll('reason'));
}

/** The same from raw `Reason:` header values (a SIP stack that hands us headers as strings: drachtio). */
export function reasonClausesOf(headerValues: readonly string[]): string[] {
  const clauses: string[] = [];
  for (const header of headerValues) {
    for (const value of splitOutsideQuotes(header, ',')) {
      const semicolon = value.indexOf(';');
      const protocol = (semicolon < 0 ? value : value.slice(0, semicolon)).trim();
      if (!/^[A-Za-z0-9._-]{1,16}$/.test(protocol)) continue;
      const params = semicolon < 0 ? new Map<string, string>() : parseParams(value.slice(semicolon));
      const cause = params.get('cause');
      const text = printable(params.get('text') ?? '');
      const head = cause && /^\d{1,5}$/.test(cause) ? `${protocol} cause ${cause}` : protocol;
      clauses.push(text ? `${head} (${text})` : head);
    }
  }
  return clauses;
}

/** The far end ended the dialog (BYE) or the attempt (CANCEL) with this request. */
export function causeFromRequest(
  request: SipRequest,
  side: FarSide,
  clause = `${request.method} from ${side}`,
): string {
  return join([clause, ...reasonClauses(request)]);
}

/** The far end's BYE as another SIP stack delivered it: who sent it and its raw `Reason:` values. */
export function causeOfFarBye(side: FarSide, reasonHeaders: readonly string[]): string {
  return join([`BYE from ${side}`, ...reasonClausesOf(reasonHeaders)]);
}

/**
 * A call we placed ended with this final response (never answered, or refused): the cause without its
 * leading status, i.e. the phrase, the far end's Reason headers and `extra` (what we did).
 */
export function responseDetail(response: SipResponse, extra: readonly string[] = []): string {
  return join([
    printable(response.reason) || reasonPhrase(response.status),
    ...reasonClauses(response),
    ...extra,
  ]);
}

/** The same from a final response another SIP stack delivered (drachtio): status, phrase, raw `Reason:`. */
export function responseDetailOf(
  status: number,
  phrase: string,
  reasonHeaders: readonly string[],
  extra: readonly string[] = [],
): string {
  return join([printable(phrase) || reasonPhrase(status), ...reasonClausesOf(reasonHeaders), ...extra]);
}

/** We sent the BYE; the leading clause says why when it was not an ordinary hangup. */
export function causeOfOurBye(reason: LegEndReason, why?: string): string {
  const lead = why ?? ourByeLead[reason];
  return join([
    ...(lead ? [lead] : []),
    `BYE sent by ${PLATFORM}${reason === 'error' && !why ? ' (error)' : ''}`,
  ]);
}

/** A call we refused before answering (these get no record; the gateway logs the cause). */
export function causeOfOurRejection(status: number, phrase = reasonPhrase(status), detail?: string): string {
  return `${status} ${phrase} sent by ${PLATFORM}${detail ? ` (${printable(detail)})` : ''}`;
}

const ourByeLead: Record<LegEndReason, string | undefined> = {
  local_hangup: undefined,
  remote_hangup: undefined,
  error: undefined,
  media_timeout: 'RTP timeout',
  transferred: 'REFER accepted (transferred)',
};

/**
 * RFC 3326 Reason for the BYEs we send: Q.850 16 for an ordinary end, 41 (temporary failure) when the
 * call broke (no media, an error), so the far end's CDR tells the two apart.
 */
export function byeReasonHeader(reason: LegEndReason): string {
  return reason === 'media_timeout' || reason === 'error'
    ? 'Q.850;cause=41;text="Temporary failure"'
    : 'Q.850;cause=16;text="Normal call clearing"';
}

function printable(text: string): string {
  const clean = text.replace(/[^\x20-\x7e\u00a0-\uffff]+/g, ' ').trim();
  return clean.length > MAX_TEXT ? `${clean.slice(0, MAX_TEXT - 1)}…` : clean;
}

function join(clauses: readonly string[]): string {
  const line = clauses.filter(Boolean).join('; ');
  return line.length > MAX_CAUSE ? `${line.slice(0, MAX_CAUSE - 1)}…` : line;
}
