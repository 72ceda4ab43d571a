import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRtp, parseRtp, sequenceDelta } from './rtp-packet.ts';

describe('RTP packets', () => {
  it('round-trips header fields and payload', () => {
    fc.assert(
      fc.property(
        fc.record({
          marker: fc.boolean(),
          payloadType: fc.integer({ min: 0, max: 71 }),
          sequence: fc.integer({ min: 0, max: 0xffff }),
          timestamp: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
          ssrc: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
          payload: fc.uint8Array({ maxLength: 320 }).map((b) => Buffer.from(b)),
        }),
        (packet) => {
          expect(parseRtp(buildRtp(packet))).toEqual(packet);
        },
      ),
    );
  });

  it('skips CSRCs, header extensions and padding; refuses RTCP and short packets', () => {
    const packet = Buffer.concat([
      Buffer.from([0xb1, 0x00, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3]), // P, X, one CSRC
      Buffer.from([0, 0, 0, 9]), // CSRC
      Buffer.from([0xbe, 0xde, 0, 1, 1, 2, 3, 4]), // one-word extension
      Buffer.from([7, 7, 7, 0, 0, 2]), // payload 7,7,7 + 3 bytes padding
    ]);
    packet[packet.length - 1] = 3;
    expect(parseRtp(packet)?.payload).toEqual(Buffer.from([7, 7, 7]));
    expect(parseRtp(Buffer.from([0x80, 200, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeUndefined();
    expect(parseRtp(Buffer.from([0x80, 0]))).toBeUndefined();
  });

  it('compares sequence numbers across the wrap', () => {
    expect(sequenceDelta(65535, 0)).toBe(1);
    expect(sequenceDelta(0, 65535)).toBe(-1);
  });
});
