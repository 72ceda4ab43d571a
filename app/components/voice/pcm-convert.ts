/** Float samples at the AudioContext's rate → 16 kHz signed 16-bit (what the voice WebSocket carries). */
export function toPcm16k(input: Float32Array, inputRate: number): Int16Array {
  return toPcmAt(input, inputRate, 16_000);
}

/** Float samples at the AudioContext's rate → signed 16-bit at `outputRate` (8 kHz for a phone call). */
export function toPcmAt(input: Float32Array, inputRate: number, outputRate: number): Int16Array {
  const ratio = inputRate / outputRate;
  const length = Math.floor(input.length / ratio);
  const out = new Int16Array(length);
  for (let i = 0; i < length; i++) {
    // Average the samples each output sample covers: a cheap low-pass against aliasing.
    const from = Math.floor(i * ratio);
    const to = Math.min(input.length, Math.floor((i + 1) * ratio));
    let sum = 0;
    for (let j = from; j < to; j++) sum += input[j]!;
    const v = to > from ? sum / (to - from) : 0;
    out[i] = Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
  }
  return out;
}

export function pcm16ToFloat(pcm: Int16Array): Float32Array<ArrayBuffer> {
  const out = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = pcm[i]! / 32768;
  return out;
}
