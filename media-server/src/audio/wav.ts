import { int16ToLeBytes } from './pcm';

/** A canonical 44-byte-header RIFF/WAVE file: 16-bit signed little-endian mono PCM. */
export function encodeWav(pcm: Int16Array, sampleRate: number): Buffer {
  const data = int16ToLeBytes(pcm);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** Reads back a file `encodeWav` wrote (16-bit mono PCM): its samples and rate. */
export function decodeWav(file: Buffer): { pcm: Int16Array; sampleRate: number } {
  const dataAt = file.indexOf('data', 12, 'ascii');
  if (file.toString('ascii', 0, 4) !== 'RIFF' || dataAt < 0) throw new Error('not a WAVE file');
  const length = file.readUInt32LE(dataAt + 4);
  const bytes = file.subarray(dataAt + 8, dataAt + 8 + length);
  const pcm = new Int16Array(bytes.length >> 1);
  for (let i = 0; i < pcm.length; i++) pcm[i] = bytes.readInt16LE(i * 2);
  return { pcm, sampleRate: file.readUInt32LE(24) };
}
