import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAnswer, negotiateAudio } from './offer-answer.ts';
import { parseSdp } from './session-description.ts';

const local = { address: '192.0.2.10', port: 30000, sessionId: '42', version: 1 };

const offer = (media: string, extra = '') =>
  `v=0\r\no=- 1 1 IN IP4 198.51.100.1\r\ns=-\r\nc=IN IP4 198.51.100.1\r\nt=0 0\r\n${media}${extra}`;

describe('SDP offer/answer', () => {
  it('takes the offerer’s first G.711 codec and its telephone-event payload type', () => {
    const sdp = parseSdp(
      offer(
        'm=audio 4000 RTP/AVP 18 8 0 96\r\na=rtpmap:18 G729/8000\r\na=rtpmap:96 telephone-event/8000\r\na=fmtp:96 0-15\r\n',
      ),
    );
    const result = negotiateAudio(sdp!);
    expect(result).toMatchObject({
      ok: true,
      audio: {
        codec: 'PCMA',
        payloadType: 8,
        dtmfPayloadType: 96,
        remoteAddress: '198.51.100.1',
        remotePort: 4000,
      },
    });
    if (!result.ok) return;
    const answer = buildAnswer(sdp!, result.audio, local);
    expect(answer).toContain('m=audio 30000 RTP/AVP 8 96\r\n');
    expect(answer).toContain('a=rtpmap:96 telephone-event/8000');
    expect(answer).toContain('c=IN IP4 192.0.2.10');
  });

  it('keeps one m= line per offered line, rejecting video and SRTP with port 0, and uses media-level c=', () => {
    const sdp = parseSdp(
      offer(
        'm=video 5000 RTP/AVP 96\r\nm=audio 6000 RTP/SAVP 0\r\nm=audio 7000 RTP/AVP 0\r\nc=IN IP4 203.0.113.5\r\n',
      ),
    );
    const result = negotiateAudio(sdp!);
    expect(result).toMatchObject({
      ok: true,
      audio: { mediaIndex: 2, remoteAddress: '203.0.113.5', remotePort: 7000 },
    });
    if (!result.ok) return;
    const mLines = buildAnswer(sdp!, result.audio, local).match(/^m=.*$/gm);
    expect(mLines).toEqual(['m=video 0 RTP/AVP 96', 'm=audio 0 RTP/SAVP 0', 'm=audio 30000 RTP/AVP 0']);
  });

  it('refuses an offer with no common codec (488)', () => {
    const result = negotiateAudio(parseSdp(offer('m=audio 4000 RTP/AVP 18 9\r\n'))!);
    expect(result).toMatchObject({ ok: false, status: 488 });
  });

  it('mirrors hold: sendonly and c=0.0.0.0 get recvonly, inactive stays inactive', () => {
    const direction = (text: string) => {
      const r = negotiateAudio(parseSdp(text)!);
      return r.ok ? r.audio.direction : undefined;
    };
    expect(direction(offer('m=audio 4000 RTP/AVP 0\r\na=sendonly\r\n'))).toBe('recvonly');
    expect(direction(offer('m=audio 4000 RTP/AVP 0\r\n', 'a=inactive\r\n'))).toBe('inactive');
    expect(
      direction(offer('m=audio 4000 RTP/AVP 0\r\n').replace('c=IN IP4 198.51.100.1', 'c=IN IP4 0.0.0.0')),
    ).toBe('recvonly');
  });

  it('survives junk: odd lines are skipped, never a throw', () => {
    const sdp = parseSdp(
      `garbage\r\n${offer('m=audio 4000 RTP/AVP 0\r\n\u0000\u00ff\r\nc=IN IP4 not-an-ip!\r\nm=audio x y\r\n')}`,
    );
    expect(negotiateAudio(sdp!)).toMatchObject({ ok: true, audio: { remotePort: 4000 } });
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), (text) => {
        const parsed = parseSdp(text);
        if (parsed) negotiateAudio(parsed);
      }),
      { numRuns: 2000 },
    );
  });
});
