import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamFramer } from './stream-framer.ts';

const first = 'OPTIONS sip:a@b SIP/2.0\r\nl: 5\r\nCall-ID: 1\r\n\r\nhello';
const second = 'BYE sip:a@b SIP/2.0\r\nContent-Length: 0\r\nCall-ID: 2\r\n\r\n';
const stream = Buffer.from(`\r\n\r\n${first}${second}\r\n\r\n`);

describe('StreamFramer', () => {
  it('cuts the same messages and pings out of the stream however it is chunked', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 10 }),
        (cuts) => {
          const framer = new StreamFramer();
          const points = [0, ...cuts.sort((a, b) => a - b), stream.length];
          const items = points.slice(1).flatMap((end, i) => framer.push(stream.subarray(points[i], end)));
          const messages = items.flatMap((item) => (item.kind === 'message' ? [item.data.toString()] : []));
          expect(messages).toEqual([first, second]);
          expect(items.filter((item) => item.kind === 'ping').length).toBeGreaterThanOrEqual(1);
        },
      ),
    );
  });

  it('refuses a stream whose Content-Length is not a number', () => {
    expect(() =>
      new StreamFramer().push(Buffer.from('BYE sip:a SIP/2.0\r\nContent-Length: lots\r\n\r\n')),
    ).toThrow();
  });
});
