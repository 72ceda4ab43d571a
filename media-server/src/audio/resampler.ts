/**
 * Band-limited sample-rate conversion by windowed sinc (Blackman window), for any ratio, usable on a
 * stream: push chunks as they arrive (a provider's HTTP body, espeak's callbacks) and get output without
 * clicks at chunk borders, because the filter keeps its history between pushes.
 *
 * Downsampling lowers the cutoff to the output Nyquist, so 22.05 kHz speech does not alias into 8 kHz
 * telephone audio. Cost is about 2*ZERO_CROSSINGS/cutoff multiply-adds per output sample (~90 for
 * 22050 -> 8000), well under a millisecond per second of audio.
 */
const ZERO_CROSSINGS = 16;

function blackman(x: number): number {
  // x in [-1, 1]
  return 0.42 + 0.5 * Math.cos(Math.PI * x) + 0.08 * Math.cos(2 * Math.PI * x);
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/** Kernel samples per input-sample distance; linear interpolation between them is far below 16-bit noise. */
const TABLE_RESOLUTION = 512;
const kernelCache = new Map<string, Float32Array>();

/** Tabulates window * sinc once per (cutoff, width): trig per tap per output sample was the hot spot. */
function kernelTable(cutoff: number, halfWidth: number): Float32Array {
  const key = `${cutoff}:${halfWidth}`;
  let table = kernelCache.get(key);
  if (!table) {
    table = new Float32Array(halfWidth * TABLE_RESOLUTION + 2);
    for (let i = 0; i < table.length; i += 1) {
      const distance = i / TABLE_RESOLUTION;
      table[i] = distance >= halfWidth ? 0 : blackman(distance / halfWidth) * sinc(cutoff * distance);
    }
    kernelCache.set(key, table);
  }
  return table;
}

/** Most phases a rate pair may have for precomputed weights (22050 -> 8000 has 160, 22050 -> 16000 has 320). */
const MAX_PHASES = 1024;

interface Phases {
  /** Output n reads input from floor(n * up / down); its phase is (n * up) mod down. */
  up: number;
  down: number;
  /** 2 * halfWidth weights per phase, each row already divided by its own sum. */
  weights: Float64Array;
}
const phaseCache = new Map<string, Phases | null>();

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * For integer rates the fractional positions of the outputs repeat every `down` outputs, so each phase's
 * weights are computed once (the same arithmetic sampleAt does per output): a call's 8 -> 16 kHz for the
 * VAD has 2 phases. Then each output is a plain dot product, a few times cheaper than interpolating the
 * table per tap; this runs for every frame of every call.
 */
function phasesFor(fromRate: number, toRate: number, table: Float32Array, halfWidth: number): Phases | null {
  const key = `${fromRate}:${toRate}`;
  const cached = phaseCache.get(key);
  if (cached !== undefined) return cached;
  let phases: Phases | null = null;
  if (Number.isInteger(fromRate) && Number.isInteger(toRate)) {
    const g = gcd(fromRate, toRate);
    const up = fromRate / g;
    const down = toRate / g;
    if (down <= MAX_PHASES) {
      const taps = 2 * halfWidth;
      const weights = new Float64Array(down * taps);
      for (let phase = 0; phase < down; phase += 1) {
        let position = (phase / down + halfWidth - 1) * TABLE_RESOLUTION;
        let norm = 0;
        for (let tap = 0; tap < taps; tap += 1) {
          const p = position < 0 ? -position : position;
          const i = p | 0;
          const frac = p - i;
          const w = table[i]! * (1 - frac) + table[i + 1]! * frac;
          weights[phase * taps + tap] = w;
          norm += w;
          position -= TABLE_RESOLUTION;
        }
        for (let tap = 0; tap < taps; tap += 1) weights[phase * taps + tap]! /= norm;
      }
      phases = { up, down, weights };
    }
  }
  phaseCache.set(key, phases);
  return phases;
}

export class StreamingResampler {
  private readonly step: number; // input samples per output sample
  private readonly cutoff: number; // relative to input Nyquist
  private readonly halfWidth: number; // taps on each side, in input samples
  private readonly table: Float32Array;
  private readonly phases: Phases | null;
  private buffer = new Float32Array(0);
  private bufferStart = 0; // absolute input index of buffer[0]
  private received = 0; // absolute count of input samples so far
  private produced = 0; // absolute count of output samples so far

  constructor(
    readonly fromRate: number,
    readonly toRate: number,
  ) {
    if (!(fromRate > 0 && toRate > 0)) throw new RangeError('sample rates must be positive');
    this.step = fromRate / toRate;
    this.cutoff = Math.min(1, toRate / fromRate) * 0.97; // a little below Nyquist: the window's transition band
    this.halfWidth = Math.ceil(ZERO_CROSSINGS / this.cutoff);
    this.table = kernelTable(this.cutoff, this.halfWidth);
    this.phases = fromRate === toRate ? null : phasesFor(fromRate, toRate, this.table, this.halfWidth);
  }

  push(input: Int16Array): Int16Array {
    if (this.fromRate === this.toRate) return input.slice();
    this.append(input);
    return this.drain(false);
  }

  /** Emits what the filter still holds, treating the future as silence. */
  flush(): Int16Array {
    if (this.fromRate === this.toRate) return new Int16Array(0);
    return this.drain(true);
  }

  private append(input: Int16Array): void {
    const next = new Float32Array(this.buffer.length + input.length);
    next.set(this.buffer);
    next.set(input, this.buffer.length); // converts each sample to float
    this.buffer = next;
    this.received += input.length;
  }

  private drain(final: boolean): Int16Array {
    const totalOut = final ? Math.ceil(this.received / this.step) : Infinity;
    const capacity = final
      ? Math.max(0, totalOut - this.produced)
      : Math.ceil(this.buffer.length / this.step) + 1;
    const out = new Int16Array(capacity);
    let count = 0;
    const phases = this.phases;
    for (;;) {
      const n = this.produced;
      if (n >= totalOut) break;
      if (phases) {
        const phase = (n * phases.up) % phases.down;
        const center = (n * phases.up - phase) / phases.down;
        if (!final && center + this.halfWidth >= this.received) break;
        out[count] = this.sampleAtPhase(phases, phase, center);
      } else {
        const t = n * this.step;
        const center = Math.floor(t);
        if (!final && center + this.halfWidth >= this.received) break;
        out[count] = this.sampleAt(t, center);
      }
      count += 1;
      this.produced += 1;
    }
    // Keep only the history the next output still needs.
    const keepFrom = Math.max(0, Math.floor(this.produced * this.step) - this.halfWidth);
    if (keepFrom > this.bufferStart) {
      // A view: the next append copies what is kept into a new buffer anyway.
      this.buffer = this.buffer.subarray(keepFrom - this.bufferStart);
      this.bufferStart = keepFrom;
    }
    return out.subarray(0, count);
  }

  private sampleAtPhase(phases: Phases, phase: number, center: number): number {
    const taps = 2 * this.halfWidth;
    const weights = phases.weights;
    const buffer = this.buffer;
    const base = phase * taps;
    let index = center - this.halfWidth + 1 - this.bufferStart;
    let acc = 0;
    if (index >= 0 && index + taps <= buffer.length) {
      for (let tap = 0; tap < taps; tap += 1) acc += buffer[index + tap]! * weights[base + tap]!;
    } else {
      // At the stream's edges: missing input counts as silence, as in sampleAt.
      for (let tap = 0; tap < taps; tap += 1, index += 1)
        if (index >= 0 && index < buffer.length) acc += buffer[index]! * weights[base + tap]!;
    }
    const value = Math.round(acc);
    return value > 32767 ? 32767 : value < -32768 ? -32768 : value;
  }

  private sampleAt(t: number, center: number): number {
    const table = this.table;
    const buffer = this.buffer;
    const halfWidth = this.halfWidth;
    let acc = 0;
    let norm = 0;
    // Tap k sits at distance t - k; walking k upward the distance falls by exactly 1 each step.
    let position = (t - (center - halfWidth + 1)) * TABLE_RESOLUTION;
    let index = center - halfWidth + 1 - this.bufferStart;
    for (let tap = 0; tap < 2 * halfWidth; tap += 1) {
      const p = position < 0 ? -position : position;
      const i = p | 0;
      const frac = p - i;
      const w = table[i]! * (1 - frac) + table[i + 1]! * frac;
      norm += w;
      if (index >= 0 && index < buffer.length) acc += buffer[index]! * w;
      position -= TABLE_RESOLUTION;
      index += 1;
    }
    // Normalising by the tap sum keeps DC gain exactly 1 at every fractional position.
    const value = Math.round(acc / norm);
    return value > 32767 ? 32767 : value < -32768 ? -32768 : value;
  }
}

export function resample(input: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate) return input.slice();
  const resampler = new StreamingResampler(fromRate, toRate);
  const head = resampler.push(input);
  const tail = resampler.flush();
  const out = new Int16Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}
