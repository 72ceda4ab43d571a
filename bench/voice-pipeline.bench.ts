// Platform overhead of the voice pipeline: from the end of the caller's speech to the first reply frame,
// minus the configured endpointing silence and provider time (STT, TTS first byte; the LLM is absent and
// the recogniser answers at once). Real Redis, Silero VAD, espeak-ng, WebSocket; calls run one at a time
// with speech streamed in real time. Then memory per call with many calls held open and listening.
// `-- 15 40 cloud`: the recogniser and the voice are Yandex SpeechKit connectors against a local server
// speaking its REST protocol (issue 16), so the figures include real HTTP round trips and streaming.
// Progress goes to stdout; the last line is one JSON object of figures.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { silence, VoiceTestClient } from '../media-server/src/browser/test-support/voice-test-client.ts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYandexStt } from '../media-server/src/providers/stt/yandex-stt.ts';
import { createYandexTts } from '../media-server/src/providers/tts/yandex-tts.ts';
import {
  fakeStt,
  startVoiceTestServer,
  synthesizeSpeech,
} from '../media-server/src/browser/test-support/voice-test-server.ts';

const CALLS = Number(process.argv[2] ?? 15);
const HELD = Number(process.argv[3] ?? 40);
const END_SILENCE_MS = 500;

process.env.REDIS_PREFIX ??= 'bench-voice';
const flow = JSON.parse(
  readFileSync(
    resolve(import.meta.dirname, '../media-server/test-fixtures/flows/keypad-menu-en.json'),
    'utf8',
  ),
) as unknown;
const CLOUD = process.argv[4] === 'cloud';
const cloud = CLOUD ? await startFakeSpeechKit() : undefined;
const server = await startVoiceTestServer({
  stt: cloud
    ? createYandexStt({ endpoint: cloud.url, auth: { type: 'api-key', apiKey: 'bench' }, folderId: 'b1g' })
    : fakeStt('sales'),
  ...(cloud
    ? {
        tts: createYandexTts({
          endpoint: cloud.url,
          auth: { type: 'api-key', apiKey: 'bench' },
          folderId: 'b1g',
        }),
      }
    : {}),
  settings: { endSilenceMs: END_SILENCE_MS, deadAirMs: 0 },
  tickets: { t: { projectId: 'bench', flow } },
});
const speech = await synthesizeSpeech('Sales, please.');

/** SpeechKit v1 on loopback: recognition answers "sales"; synthesis streams a tone, 20 ms chunks, 12 ms per character. */
async function startFakeSpeechKit() {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url?.startsWith('/speech/v1/stt:recognize')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"result":"sales"}');
        return;
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString());
      const rate = Number(form.get('sampleRateHertz') ?? 8000);
      const n = Math.round((rate * 12 * (form.get('text') ?? '').length) / 1000);
      const pcm = Buffer.alloc(n * 2);
      for (let i = 0; i < n; i++)
        pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
      res.writeHead(200, { 'content-type': 'audio/L16' });
      const step = (rate / 50) * 2;
      for (let at = 0; at < pcm.length; at += step) res.write(pcm.subarray(at, at + step));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const round = (n: number) => Math.round(n * 10) / 10;

const overhead: number[] = [];
const response: number[] = [];
const endpointing: number[] = [];
const runtime: number[] = [];
const ttsFirst: number[] = [];
const byteToFrame: number[] = [];
for (let i = 0; i < CALLS; i += 1) {
  const client = await VoiceTestClient.connect(server.wsUrl('t'));
  const ready = await client.until(() => client.message('ready'), 5000);
  const callId = ready.message.callId;
  await client.until(() => client.message('state', (m) => m.state === 'listening'), 15_000, 'listening');
  await client.stream(speech);
  await client.stream(silence(END_SILENCE_MS + 300));
  await client.until(() => client.message('reply', (m) => m.text === 'You chose sales.'), 5000, 'reply');
  const turn = await client.until(() =>
    server
      .eventsOf(callId)
      .find(
        (e) => e.type === 'turn.completed' && e.trigger === 'utterance' && e.timings.responseMs !== undefined,
      ),
  );
  if (turn.type !== 'turn.completed') throw new Error('unexpected event');
  const t = turn.timings;
  const providers = (t.sttMs ?? 0) + (t.ttsFirstByteMs ?? 0) + (t.llmFirstTokenMs ?? 0);
  const o = (t.responseMs ?? NaN) - END_SILENCE_MS - providers;
  overhead.push(o);
  response.push(t.responseMs ?? NaN);
  endpointing.push(t.endpointingMs ?? NaN);
  runtime.push(t.runtimeMs);
  ttsFirst.push(t.ttsFirstByteMs ?? NaN);
  // The provider's first audio byte to the first frame out: what the platform adds after the voice answers.
  byteToFrame.push((t.firstAudioMs ?? NaN) - (t.sttMs ?? 0) - t.runtimeMs - (t.ttsFirstByteMs ?? 0));
  console.log(
    `call ${i + 1}: response ${round(t.responseMs ?? NaN)} ms, endpointing ${round(t.endpointingMs ?? NaN)}, ` +
      `stt ${round(t.sttMs ?? NaN)}, runtime ${round(t.runtimeMs)}, tts first byte ${round(t.ttsFirstByteMs ?? NaN)}, overhead ${round(o)}`,
  );
  await client.closed;
}

// Barge-in: the caller talks over the greeting; from the first voiced frame to the playback being cut.
const bargeIn: number[] = [];
for (let i = 0; i < Math.min(CALLS, 10); i += 1) {
  const client = await VoiceTestClient.connect(server.wsUrl('t'));
  const ready = await client.until(() => client.message('ready'), 5000);
  await client.until(() => client.firstAudioAfter(0), 5000, 'greeting audio');
  await client.stream(silence(300));
  await client.stream(speech);
  const event = await client.until(
    () => server.eventsOf(ready.message.callId).find((e) => e.type === 'call.barge_in'),
    5000,
    'barge-in',
  );
  if (event.type === 'call.barge_in') bargeIn.push(event.latencyMs);
  client.hangup();
  await client.closed;
}
console.log(`barge-in: p50 ${round(pct(bargeIn, 50))} ms over ${bargeIn.length} calls`);

// Memory: calls held open in the listening state (greeting played from the prompt cache).
global.gc?.();
const before = process.memoryUsage();
const held: VoiceTestClient[] = [];
for (let i = 0; i < HELD; i += 1) held.push(await VoiceTestClient.connect(server.wsUrl('t')));
await new Promise((r) => setTimeout(r, 1500));
global.gc?.();
const during = process.memoryUsage();
const perCallKb = (during.rss - before.rss) / 1024 / HELD;
const heapPerCallKb = (during.heapUsed - before.heapUsed) / 1024 / HELD;
console.log(
  `${HELD} calls held: rss +${round((during.rss - before.rss) / 1048576)} MB, heap +${round((during.heapUsed - before.heapUsed) / 1048576)} MB`,
);
for (const client of held) client.hangup();
await server.close();
cloud?.close();

console.log(
  JSON.stringify({
    calls: CALLS,
    providers: CLOUD ? 'yandex stt+tts (local server)' : 'fake stt, espeak-ng',
    tts_byte_to_first_frame_p50_ms: round(pct(byteToFrame, 50)),
    end_silence_ms: END_SILENCE_MS,
    overhead_p50_ms: round(pct(overhead, 50)),
    barge_in_p50_ms: round(pct(bargeIn, 50)),
    barge_in_max_ms: round(Math.max(...bargeIn)),
    overhead_p95_ms: round(pct(overhead, 95)),
    response_p50_ms: round(pct(response, 50)),
    endpointing_p50_ms: round(pct(endpointing, 50)),
    runtime_p50_ms: round(pct(runtime, 50)),
    tts_first_byte_p50_ms: round(pct(ttsFirst, 50)),
    held_calls: HELD,
    rss_per_call_kb: Math.round(perCallKb),
    heap_per_call_kb: Math.round(heapPerCallKb),
  }),
);
process.exit(0);
