/** Peaks of a 16-bit PCM WAV (mono or stereo), per channel, in `buckets` columns: what the waveform draws. */
export function wavPeaks(
  buffer: ArrayBuffer,
  buckets: number,
): { channels: number[][]; durationMs: number } | null {
  const view = new DataView(buffer);
  if (buffer.byteLength < 44 || view.getUint32(0, false) !== 0x52494646) return null; // "RIFF"
  let offset = 12;
  let channels = 1;
  let sampleRate = 8000;
  let bits = 16;
  while (offset + 8 <= buffer.byteLength) {
    const id = view.getUint32(offset, false);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 0x666d7420) {
      // "fmt "
      channels = view.getUint16(body + 2, true);
      sampleRate = view.getUint32(body + 4, true);
      bits = view.getUint16(body + 14, true);
    } else if (id === 0x64617461) {
      // "data"
      if (bits !== 16 || channels < 1) return null;
      const frames = Math.floor(Math.min(size, buffer.byteLength - body) / (2 * channels));
      const per = Math.max(1, Math.floor(frames / buckets));
      const peaks = Array.from({ length: channels }, () => new Array<number>(buckets).fill(0));
      for (let b = 0; b < buckets; b += 1) {
        const start = b * per;
        if (start >= frames) break;
        const end = Math.min(frames, start + per);
        // Every 4th frame is plenty for a picture and keeps long calls quick to draw.
        for (let f = start; f < end; f += 4) {
          for (let c = 0; c < channels; c += 1) {
            const v = Math.abs(view.getInt16(body + (f * channels + c) * 2, true)) / 32768;
            if (v > peaks[c]![b]!) peaks[c]![b] = v;
          }
        }
      }
      return { channels: peaks, durationMs: (frames / sampleRate) * 1000 };
    }
    offset = body + size + (size % 2);
  }
  return null;
}
