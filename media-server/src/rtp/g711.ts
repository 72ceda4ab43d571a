/**
 * G.711 µ-law and A-law (ITU-T G.711), table driven: decoding is a 256-entry lookup and encoding a
 * 64 Ki-entry lookup indexed by the 16-bit sample, built once at load (128 KiB in all).
 */
import { type G711Codec } from '../sdp/offer-answer.ts';

const ULAW_BIAS = 0x84;
const ULAW_CLIP = 32635;

function encodeUlawSample(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  let magnitude = Math.min(Math.abs(sample), ULAW_CLIP) + ULAW_BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent -= 1;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  magnitude = ~(sign | (exponent << 4) | mantissa);
  return magnitude & 0xff;
}

function decodeUlawSample(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + ULAW_BIAS) << exponent) - ULAW_BIAS;
  return u & 0x80 ? -magnitude : magnitude;
}

function encodeAlawSample(sample: number): number {
  const sign = sample >= 0 ? 0x80 : 0;
  let magnitude = sample >= 0 ? sample : -sample - 1;
  magnitude = Math.min(magnitude, 32767) >> 3; // A-law works on 13-bit magnitudes
  let byte: number;
  if (magnitude < 32) byte = magnitude >> 1;
  else {
    let exponent = 1;
    while (magnitude >= 64 << (exponent - 1) && exponent < 7) exponent += 1;
    byte = (exponent << 4) | ((magnitude >> exponent) & 0x0f);
  }
  return (byte | sign) ^ 0x55;
}

function decodeAlawSample(byte: number): number {
  const a = byte ^ 0x55;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  let magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  magnitude = Math.min(magnitude, 32767);
  return a & 0x80 ? magnitude : -magnitude;
}

const ULAW_DECODE = new Int16Array(256);
const ALAW_DECODE = new Int16Array(256);
const ULAW_ENCODE = new Uint8Array(65536);
const ALAW_ENCODE = new Uint8Array(65536);
for (let i = 0; i < 256; i += 1) {
  ULAW_DECODE[i] = decodeUlawSample(i);
  ALAW_DECODE[i] = decodeAlawSample(i);
}
for (let i = 0; i < 65536; i += 1) {
  const sample = i >= 32768 ? i - 65536 : i;
  ULAW_ENCODE[i] = encodeUlawSample(sample);
  ALAW_ENCODE[i] = encodeAlawSample(sample);
}

export function g711Encode(
  codec: G711Codec,
  pcm: Int16Array,
  out: Buffer = Buffer.allocUnsafe(pcm.length),
): Buffer {
  const table = codec === 'PCMU' ? ULAW_ENCODE : ALAW_ENCODE;
  for (let i = 0; i < pcm.length; i += 1) out[i] = table[(pcm[i] ?? 0) & 0xffff] ?? 0;
  return out;
}

export function g711Decode(codec: G711Codec, payload: Uint8Array): Int16Array {
  const table = codec === 'PCMU' ? ULAW_DECODE : ALAW_DECODE;
  const out = new Int16Array(payload.length);
  for (let i = 0; i < payload.length; i += 1) out[i] = table[payload[i] ?? 0] ?? 0;
  return out;
}

/** The byte for digital silence: 0xFF in µ-law, 0xD5 in A-law. */
export function g711SilenceByte(codec: G711Codec): number {
  return codec === 'PCMU' ? 0xff : 0xd5;
}
