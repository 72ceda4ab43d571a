// A worker thread of the embedded espeak-ng voice (espeak-pool.ts): loads the WASM engine once, then
// synthesizes one sentence at a time, in the order asked, at the sample rate asked, and streams the PCM
// back as espeak produces it. Its own thread, so a sentence's tens of milliseconds of WASM never stall the
// media server's audio clock.
import { parentPort } from 'node:worker_threads';
import { StreamingResampler } from '../../audio/resampler.ts';
import { ESPEAK_SAMPLE_RATE, getEspeakEngine, type EspeakEngine } from './espeak-engine.ts';
import type { EspeakReply, EspeakRequest } from './espeak-messages.ts';

type Job = Extract<EspeakRequest, { type: 'synthesize' }>;

const port = parentPort;
if (!port) throw new Error('espeak.worker runs inside a worker thread');
const send = (reply: EspeakReply, transfer?: ArrayBuffer[]) => port.postMessage(reply, transfer);

const queue: Job[] = [];
/** The engine once loaded; jobs that come before it wait in the queue. */
const loaded: { engine?: EspeakEngine } = {};
let scheduled = false;

/** One job per turn of the thread's event loop: between jobs it reads its messages (cancels, new jobs). */
function schedule(): void {
  if (!loaded.engine || scheduled || queue.length === 0) return;
  scheduled = true;
  setImmediate(pump);
}

function pump(): void {
  scheduled = false;
  const job = queue.shift();
  if (job && loaded.engine) run(loaded.engine, job);
  schedule();
}

// Listening before the engine loads: requests sent meanwhile wait in the queue.
port.on('message', (message: EspeakRequest) => {
  if (message.type === 'cancel') {
    const at = queue.findIndex((job) => job.id === message.id);
    if (at >= 0) queue.splice(at, 1);
    return;
  }
  queue.push(message);
  schedule();
});

loaded.engine = await getEspeakEngine();
send({ type: 'ready', voices: [...loaded.engine.voices] });
schedule();

function run(engine: EspeakEngine, job: Job): void {
  const started = performance.now();
  const resampler = new StreamingResampler(ESPEAK_SAMPLE_RATE, job.sampleRate);
  // The first piece goes out as soon as there is a frame of it (first audio); later ones in ~100 ms
  // pieces, so a sentence is a handful of messages rather than one per espeak block.
  const firstSamples = Math.round(job.sampleRate / 50);
  const laterSamples = Math.round(job.sampleRate / 10);
  let pending: Int16Array[] = [];
  let pendingSamples = 0;
  let sent = false;
  const post = () => {
    if (pendingSamples === 0) return;
    const pcm = new Int16Array(pendingSamples);
    let offset = 0;
    for (const part of pending) {
      pcm.set(part, offset);
      offset += part.length;
    }
    pending = [];
    pendingSamples = 0;
    sent = true;
    send({ type: 'chunk', id: job.id, pcm }, [pcm.buffer as ArrayBuffer]);
  };
  const add = (pcm: Int16Array) => {
    if (pcm.length === 0) return;
    pending.push(pcm);
    pendingSamples += pcm.length;
    if (pendingSamples >= (sent ? laterSamples : firstSamples)) post();
  };
  try {
    engine.stream(job.voice, job.text, (pcm) => add(resampler.push(pcm)));
    add(resampler.flush());
    post();
    send({ type: 'done', id: job.id, busyMs: performance.now() - started });
  } catch (error) {
    send({ type: 'failed', id: job.id, message: error instanceof Error ? error.message : String(error) });
  }
}
