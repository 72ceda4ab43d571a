import { describe, expect, it } from 'vitest';
import { type RtpPacket } from './rtp-packet.ts';
import { buildTelephoneEvent, DtmfReceiver, parseTelephoneEvent } from './telephone-event.ts';

const eventPacket = (event: number, timestamp: number, duration: number, end: boolean): RtpPacket => ({
  marker: duration === 160,
  payloadType: 101,
  sequence: 0,
  timestamp,
  ssrc: 9,
  payload: buildTelephoneEvent({ event, end, volume: 10, duration }),
});

describe('RFC 4733 events', () => {
  it('round-trips an event payload', () => {
    expect(
      parseTelephoneEvent(buildTelephoneEvent({ event: 11, end: true, volume: 10, duration: 800 })),
    ).toEqual({
      event: 11,
      end: true,
      volume: 10,
      duration: 800,
    });
  });

  it('reports one digit per press despite repeated and triple end packets', () => {
    const receiver = new DtmfReceiver();
    const press = (event: number, ts: number) =>
      [160, 320, 480, 640, 640, 640].map((d, i) => receiver.receive(eventPacket(event, ts, d, i >= 3)));
    const digits = [...press(1, 1000), ...press(1, 3000), ...press(11, 5000)].filter(Boolean);
    expect(digits).toEqual(['1', '1', '#']);
  });

  it('still reports a press whose only surviving packet is an end packet', () => {
    expect(new DtmfReceiver().receive(eventPacket(5, 77, 800, true))).toBe('5');
  });
});
