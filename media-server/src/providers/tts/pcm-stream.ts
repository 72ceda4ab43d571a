import { int16FromByteStream } from '../../audio/pcm';
import { StreamingResampler } from '../../audio/resampler';

/** Provider bytes (16-bit LE mono at `fromRate`) -> Int16 chunks at `toRate`, streaming. */
export async function* pcmChunks(
  bytes: AsyncIterable<Uint8Array>,
  fromRate: number,
  toRate: number,
): AsyncGenerator<Int16Array> {
  const resampler = fromRate === toRate ? undefined : new StreamingResampler(fromRate, toRate);
  for await (const samples of int16FromByteStream(bytes)) {
    const out = resampler ? resampler.push(samples) : samples;
    if (out.length > 0) yield out;
  }
  const tail = resampler?.flush();
  if (tail && tail.length > 0) yield tail;
}
