/**
 * Tolerant SIP message parser. It never throws: a message is either parsed, or rejected with a reason and,
 * when the request was readable enough to be answered, the headers a 400 response needs (RFC 3261 8.2.6:
 * Via, From, To, Call-ID, CSeq copied from the request).
 */
import { parseCSeq, parseNameAddr, parseVia } from './header-values.ts';
import { SipHeaders } from './sip-headers.ts';
import { type SipMessage, type SipRequest } from './sip-message.ts';

export const MAX_HEADER_BYTES = 16 * 1024;
export const MAX_BODY_BYTES = 64 * 1024;

/** Enough of a broken request to answer it with 400. */
export interface AnswerableRequest {
  method: string;
  headers: SipHeaders;
}

export type SipParseResult =
  { ok: true; message: SipMessage } | { ok: false; reason: string; answerable?: AnswerableRequest };

const REQUEST_LINE = /^([A-Za-z!%*_+`'~.-]+) +(\S+) +SIP\/2\.0$/i;
const STATUS_LINE = /^SIP\/2\.0 +(\d{3})(?: +(.*))?$/i;
const TOKEN = /^[A-Za-z0-9!%*_+`'~.-]+$/;

/**
 * @param stream true when the message was framed from TCP (the framer already cut the body to
 *   Content-Length); false for a UDP datagram, where a Content-Length beyond the datagram is an error.
 */
export function parseSipMessage(data: Buffer, stream = false): SipParseResult {
  let start = 0;
  while (start < data.length && (data[start] === 0x0d || data[start] === 0x0a)) start += 1;
  const headEnd = findHeaderEnd(data, start);
  if (!headEnd) return { ok: false, reason: 'no end of headers' };
  if (headEnd.index - start > MAX_HEADER_BYTES) return { ok: false, reason: 'headers too large' };

  const lines = data.toString('utf8', start, headEnd.index).split(/\r?\n/);
  const startLine = (lines.shift() ?? '').trim();
  const headers = new SipHeaders();
  let badHeader: string | undefined;
  let current: string | undefined;
  const flush = () => {
    if (current === undefined) return;
    const colon = current.indexOf(':');
    const name = colon > 0 ? current.slice(0, colon).trim() : '';
    if (!TOKEN.test(name)) badHeader ??= `malformed header line "${current.slice(0, 40)}"`;
    else headers.add(name, current.slice(colon + 1).trim());
    current = undefined;
  };
  for (const line of lines) {
    // Header folding (RFC 3261 7.3.1): a line starting with whitespace continues the previous one.
    if ((line.startsWith(' ') || line.startsWith('\t')) && current !== undefined)
      current += ` ${line.trim()}`;
    else {
      flush();
      current = line;
    }
  }
  flush();

  let body = data.subarray(headEnd.bodyStart);
  const lengthHeader = headers.get('content-length');
  let lengthError: string | undefined;
  if (lengthHeader !== undefined) {
    const length = /^\d{1,9}$/.test(lengthHeader) ? Number(lengthHeader) : NaN;
    if (Number.isNaN(length)) lengthError = 'bad Content-Length';
    else if (length > MAX_BODY_BYTES) lengthError = 'body too large';
    else if (length > body.length) lengthError = stream ? undefined : 'Content-Length exceeds datagram';
    else body = body.subarray(0, length);
  } else if (stream) body = body.subarray(0, 0);

  const status = STATUS_LINE.exec(startLine);
  if (status?.[1]) {
    const problem = badHeader ?? lengthError ?? missingResponseHeaders(headers);
    if (problem) return { ok: false, reason: problem };
    return {
      ok: true,
      message: {
        kind: 'response',
        status: Number(status[1]),
        reason: status[2] ?? '',
        headers,
        body: Buffer.from(body),
      },
    };
  }

  const request = REQUEST_LINE.exec(startLine);
  if (!request?.[1] || !request[2]) return { ok: false, reason: 'bad start line' };
  const method = request[1].toUpperCase();
  const answerable = canAnswer(headers) ? { method, headers } : undefined;
  const problem = badHeader ?? lengthError ?? requestProblem(method, request[2], headers);
  if (problem) return { ok: false, reason: problem, answerable };
  const message: SipRequest = { kind: 'request', method, uri: request[2], headers, body: Buffer.from(body) };
  return { ok: true, message };
}

function findHeaderEnd(data: Buffer, from: number): { index: number; bodyStart: number } | undefined {
  const crlf = data.indexOf('\r\n\r\n', from);
  const lf = data.indexOf('\n\n', from);
  if (crlf >= 0 && (lf < 0 || crlf <= lf)) return { index: crlf, bodyStart: crlf + 4 };
  if (lf >= 0) return { index: lf, bodyStart: lf + 2 };
  // A message with headers only and no blank line, as some broken UDP senders produce.
  if (data.length - from > 0 && data.length - from <= MAX_HEADER_BYTES) {
    const text = data.toString('latin1', from);
    if (/\r?\n$/.test(text)) return { index: data.length, bodyStart: data.length };
  }
  return undefined;
}

function canAnswer(headers: SipHeaders): boolean {
  return (
    headers.getAll('via').length > 0 &&
    parseVia(headers.getAll('via')[0] ?? '') !== undefined &&
    headers.has('from') &&
    headers.has('to') &&
    headers.has('call-id') &&
    headers.has('cseq')
  );
}

function missingResponseHeaders(headers: SipHeaders): string | undefined {
  if (!headers.has('via') || !headers.has('call-id') || !headers.has('from') || !headers.has('to'))
    return 'response lacks Via, Call-ID, From or To';
  if (!parseCSeq(headers.get('cseq') ?? '')) return 'response has a bad CSeq';
  return undefined;
}

function requestProblem(method: string, uri: string, headers: SipHeaders): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri)) return 'bad Request-URI';
  const vias = headers.getAll('via');
  if (vias.length === 0) return 'missing Via';
  if (vias.some((v) => parseVia(v) === undefined)) return 'malformed Via';
  const callId = headers.get('call-id');
  if (!callId || /\s/.test(callId)) return 'missing or bad Call-ID';
  const cseq = parseCSeq(headers.get('cseq') ?? '');
  if (!cseq) return 'missing or bad CSeq';
  if (cseq.method !== method) return 'CSeq method does not match the request';
  const from = parseNameAddr(headers.get('from') ?? '');
  const to = parseNameAddr(headers.get('to') ?? '');
  if (!from || !to) return 'missing or bad From/To';
  const maxForwards = headers.get('max-forwards');
  if (maxForwards !== undefined && !/^\d{1,3}$/.test(maxForwards)) return 'bad Max-Forwards';
  return undefined;
}
