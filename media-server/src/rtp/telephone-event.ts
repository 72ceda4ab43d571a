/** RFC 4733 telephone-event payloads: DTMF digits in RTP. */
import { type RtpPacket } from './rtp-packet.ts';

const DIGITS = '0123456789*#ABCD';

export interface TelephoneEvent {
  event: number;
  end: boolean;
  volume: number;
  /** In timestamp units (1/8000 s) since the event began. */
  duration: number;
}

export function digitToEvent(digit: string): number | undefined {
  const index = DIGITS.indexOf(digit.toUpperCase());
  return index < 0 || digit.length !== 1 ? undefined : index;
}

export function eventToDigit(event: number): string | undefined {
  return DIGITS[event];
}

export function parseTelephoneEvent(payload: Buffer): TelephoneEvent | undefined {
  if (payload.length < 4) return undefined;
  const flags = payload[1] ?? 0;
  return {
    event: payload[0] ?? 0,
    end: (flags & 0x80) !== 0,
    volume: flags & 0x3f,
    duration: payload.readUInt16BE(2),
  };
}

export function buildTelephoneEvent(event: TelephoneEvent): Buffer {
  const out = Buffer.alloc(4);
  out[0] = event.event;
  out[1] = (event.end ? 0x80 : 0) | (event.volume & 0x3f);
  out.writeUInt16BE(Math.min(event.duration, 0xffff), 2);
  return out;
}

/**
 * One digit per key press. All packets of one event share its RTP timestamp, and the end packet is sent
 * three times (RFC 4733 2.5.1.4), so a press is recognised by a new (SSRC, timestamp) pair; the digit is
 * reported on its first packet, whichever of them survives the network.
 */
export class DtmfReceiver {
  private lastKey: string | undefined;

  receive(packet: RtpPacket): string | undefined {
    const event = parseTelephoneEvent(packet.payload);
    if (!event) return undefined;
    const digit = eventToDigit(event.event);
    if (!digit) return undefined; // tones other than DTMF (flash, fax) are not digits
    const key = `${packet.ssrc}:${packet.timestamp}`;
    if (key === this.lastKey) return undefined;
    this.lastKey = key;
    return digit;
  }
}
