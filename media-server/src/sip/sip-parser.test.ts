import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SipHeaders } from './sip-headers.ts';
import { type SipRequest } from './sip-message.ts';
import { parseSipMessage } from './sip-parser.ts';
import { serializeSipMessage } from './sip-serializer.ts';

const INVITE = [
  'INVITE sip:demo@127.0.0.1:5060 SIP/2.0',
  'v: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKa1, SIP/2.0/TCP 10.0.0.2;branch=z9hG4bKb2',
  'Via: SIP/2.0/UDP [2001:db8::1]:5070;branch=z9hG4bKc3;rport',
  'f: "Alice, the caller" <sip:alice@example.com>;tag=abc',
  't: <sip:demo@127.0.0.1>',
  'i: call-1@example.com',
  'CSeq: 7 INVITE',
  'm: <sip:alice@10.0.0.1:5060>,',
  ' <sip:alice@10.0.0.9>',
  'Subject: folded',
  '\tacross lines',
  'c: application/sdp',
  'l: 4',
  '',
  'v=0\r\nextra bytes beyond Content-Length',
].join('\r\n');

describe('parseSipMessage', () => {
  it('reads compact forms, comma-joined and repeated Via, folded lines and Content-Length', () => {
    const result = parseSipMessage(Buffer.from(INVITE));
    expect(result.ok).toBe(true);
    if (!result.ok || result.message.kind !== 'request') return;
    const { headers, body } = result.message;
    expect(result.message.method).toBe('INVITE');
    expect(headers.getAll('via')).toHaveLength(3);
    expect(headers.get('from')).toBe('"Alice, the caller" <sip:alice@example.com>;tag=abc');
    expect(headers.get('call-id')).toBe('call-1@example.com');
    expect(headers.getAll('contact')).toEqual(['<sip:alice@10.0.0.1:5060>', '<sip:alice@10.0.0.9>']);
    expect(headers.get('subject')).toBe('folded across lines');
    expect(body.toString()).toBe('v=0\r');
  });

  it('reports a readable but invalid request as answerable (for a 400) and garbage as not', () => {
    const bad = parseSipMessage(Buffer.from(INVITE.replace('CSeq: 7 INVITE', 'CSeq: 7 BYE')));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.answerable?.method).toBe('INVITE');
    const garbage = parseSipMessage(Buffer.from('\u0000\u0001hello\r\n\r\n'));
    expect(garbage.ok).toBe(false);
    if (!garbage.ok) expect(garbage.answerable).toBeUndefined();
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        parseSipMessage(Buffer.from(bytes));
        parseSipMessage(Buffer.from(bytes), true);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on a valid message with random corruption', () => {
    const valid = Buffer.from(INVITE);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
        fc.nat(valid.length),
        (edits, cut) => {
          const copy = Buffer.from(valid.subarray(0, Math.max(1, cut)));
          for (const [at, value] of edits) if (at < copy.length) copy[at] = value;
          parseSipMessage(copy);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('round-trips generated requests through serialize and parse', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/);
    const headerValue = fc.stringMatching(/^[A-Za-z0-9 ;=.:@<>"_-]{0,40}$/).map((v) => v.trim());
    const request = fc.record({
      method: fc.constantFrom('INVITE', 'BYE', 'OPTIONS', 'INFO', 'NOTIFY'),
      user: token,
      seq: fc.integer({ min: 1, max: 2 ** 31 }),
      extras: fc.array(fc.tuple(fc.constantFrom('X-A', 'X-B', 'Subject', 'User-Agent'), headerValue), {
        maxLength: 5,
      }),
      body: fc.uint8Array({ maxLength: 300 }),
    });
    fc.assert(
      fc.property(request, ({ method, user, seq, extras, body }) => {
        const headers = SipHeaders.from([
          ['via', 'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKx'],
          ['from', `<sip:${user}@example.com>;tag=1`],
          ['to', '<sip:demo@example.com>'],
          ['call-id', `${user}@host`],
          ['cseq', `${seq} ${method}`],
          ['max-forwards', '70'],
          ...extras,
        ]);
        const message: SipRequest = {
          kind: 'request',
          method,
          uri: `sip:${user}@example.com`,
          headers,
          body: Buffer.from(body),
        };
        const parsed = parseSipMessage(serializeSipMessage(message));
        expect(parsed.ok).toBe(true);
        if (!parsed.ok || parsed.message.kind !== 'request') return;
        expect(parsed.message.method).toBe(method);
        expect(parsed.message.uri).toBe(message.uri);
        expect(parsed.message.body.equals(message.body)).toBe(true);
        for (const [name, value] of extras) expect(parsed.message.headers.getAll(name)).toContain(value);
      }),
      { numRuns: 500 },
    );
  });
});
