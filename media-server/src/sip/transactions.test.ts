// RFC 3261 17 transaction timers with a short T1 (10 ms) over an in-memory "network", on a fake clock: the
// timers' order and spacing are what is tested, and a loaded machine must not change them.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildResponse } from './build-response.ts';
import { SipHeaders } from './sip-headers.ts';
import { type SipMessage, type SipPeer, type SipRequest, type SipResponse } from './sip-message.ts';
import { type ServerTransaction } from './server-transaction.ts';
import { TransactionLayer } from './transaction-layer.ts';

const T1 = 10;
const peer: SipPeer = { transport: 'udp', address: '127.0.0.1', port: 5999 };
const wait = (ms: number) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

function harness() {
  const sent: Array<{ at: number; message: SipMessage }> = [];
  const start = performance.now();
  const layer = new TransactionLayer({
    send: (message) => sent.push({ at: performance.now() - start, message }),
    viaHost: '127.0.0.1',
    viaPort: 5060,
    timers: { t1: T1, t2: 40, t4: 50 },
  });
  const requests: Array<{ request: SipRequest; tx: ServerTransaction }> = [];
  const acks: SipRequest[] = [];
  layer.user = { onRequest: (request, tx) => requests.push({ request, tx }), onAck: (ack) => acks.push(ack) };
  const statuses = (status: number) =>
    sent.filter((s) => s.message.kind === 'response' && s.message.status === status).length;
  const methods = (method: string) =>
    sent.filter((s) => s.message.kind === 'request' && s.message.method === method);
  return { layer, sent, requests, acks, statuses, methods };
}

function request(method: string, branch = 'z9hG4bKtest1', cseqMethod = method): SipRequest {
  const headers = SipHeaders.from([
    ['via', `SIP/2.0/UDP 127.0.0.1:5999;branch=${branch}`],
    ['from', '<sip:a@127.0.0.1>;tag=a1'],
    ['to', '<sip:b@127.0.0.1>'],
    ['call-id', 'tx-test'],
    ['cseq', `1 ${cseqMethod}`],
  ]);
  return { kind: 'request', method, uri: 'sip:b@127.0.0.1', headers, body: Buffer.alloc(0) };
}

describe('server transactions', () => {
  it('non-INVITE: answers retransmissions from the stored response, then ends after Timer J', async () => {
    const h = harness();
    h.layer.handle(request('OPTIONS'), peer);
    expect(h.requests).toHaveLength(1);
    h.requests[0]?.tx.respond(200);
    h.layer.handle(request('OPTIONS'), peer);
    expect(h.requests).toHaveLength(1); // not passed up again
    expect(h.statuses(200)).toBe(2);
    await wait(64 * T1 + 50);
    expect(h.layer.serverCount).toBe(0);
  });

  it('INVITE error: Timer G retransmits until the ACK, which is absorbed', async () => {
    const h = harness();
    h.layer.handle(request('INVITE'), peer);
    expect(h.statuses(100)).toBe(1);
    h.requests[0]?.tx.respond(486, { toTag: 'x' });
    await wait(T1 * 7 + 5); // retransmits at 10, 30, 70 ms
    const retransmitted = h.statuses(486);
    expect(retransmitted).toBeGreaterThanOrEqual(3);
    h.layer.handle(request('ACK', 'z9hG4bKtest1', 'ACK'), peer);
    expect(h.acks).toHaveLength(0);
    await wait(100);
    expect(h.statuses(486)).toBe(retransmitted);
    expect(h.layer.serverCount).toBe(0); // Timer I (T4) has run out
  });

  it('INVITE error without ACK: Timer H gives up after 64*T1', async () => {
    const h = harness();
    h.layer.handle(request('INVITE'), peer);
    let timedOut = false;
    const tx = h.requests[0]?.tx;
    if (tx) tx.onAckTimeout = () => (timedOut = true);
    tx?.respond(480, { toTag: 'x' });
    await wait(64 * T1 + 50);
    expect(timedOut).toBe(true);
    expect(h.layer.serverCount).toBe(0);
  });

  it('answers CANCEL with 200 and the INVITE with 487; a CANCEL for nothing gets 481', () => {
    const h = harness();
    h.layer.handle(request('INVITE'), peer);
    h.layer.handle(request('CANCEL', 'z9hG4bKtest1'), peer);
    expect(h.statuses(200)).toBe(1);
    expect(h.statuses(487)).toBe(1);
    h.layer.handle(request('CANCEL', 'z9hG4bKother'), peer);
    expect(h.statuses(481)).toBe(1);
  });
});

describe('client transactions', () => {
  it('INVITE: Timer A doubles the interval, Timer B reports 408', async () => {
    const h = harness();
    const responses: SipResponse[] = [];
    h.layer.sendRequest(request('INVITE'), peer, (r) => responses.push(r));
    await wait(64 * T1 + 60);
    const times = h.methods('INVITE').map((s) => s.at);
    expect(times.length).toBeGreaterThanOrEqual(6); // 0, 10, 30, 70, 150, 310 (630 races Timer B)
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    expect(gaps[2]).toBeGreaterThan(gaps[0] ?? 0);
    expect(responses.map((r) => r.status)).toEqual([408]);
  });

  it('INVITE: a 1xx stops retransmission; a final error is ACKed on the same branch, its repeats re-ACKed silently', async () => {
    const h = harness();
    const responses: SipResponse[] = [];
    const tx = h.layer.sendRequest(request('INVITE'), peer, (r) => responses.push(r));
    const invite = tx.request;
    h.layer.handle(buildResponse(invite, 180, { toTag: 'y' }), peer);
    await wait(5 * T1);
    expect(h.methods('INVITE')).toHaveLength(1);
    const busy = buildResponse(invite, 486, { toTag: 'y' });
    h.layer.handle(busy, peer);
    h.layer.handle(busy, peer);
    const acks = h.methods('ACK');
    expect(acks).toHaveLength(2);
    const ack = acks[0]?.message as SipRequest;
    expect(ack.headers.getAll('via')[0]).toBe(invite.headers.getAll('via')[0]);
    expect(ack.headers.get('to')).toContain('tag=y');
    expect(responses.map((r) => r.status)).toEqual([180, 486]);
  });

  it('non-INVITE: Timer E caps at T2, Timer F reports 408', async () => {
    const h = harness();
    const responses: SipResponse[] = [];
    h.layer.sendRequest(request('OPTIONS'), peer, (r) => responses.push(r));
    await wait(64 * T1 + 60);
    const times = h.methods('OPTIONS').map((s) => s.at);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    // Never doubling past T2; the count proves the cap.
    expect(Math.max(...gaps)).toBeLessThanOrEqual(40);
    expect(times.length).toBeGreaterThanOrEqual(10);
    expect(responses.map((r) => r.status)).toEqual([408]);
  });
});
