// The real Azure Speech SDK against a local server speaking the service's WebSocket protocol: partial and
// final results; the caller's audio and the phrase list reach the "service"; a wrong key is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzureStt } from './azure-stt';
import { startAzureSpeechServer, type AzureSpeechServer } from './test-support/azure-speech-server';

let server: AzureSpeechServer;
beforeAll(async () => {
  server = await startAzureSpeechServer({ key: 'azure-key', transcript: () => 'Sales please' });
});
afterAll(async () => server?.close());

const endpoint = () =>
  `${server.url.replace(/^http/, 'ws')}/speech/recognition/conversation/cognitiveservices/v1`;

function speech(ms: number, rate: number): Int16Array {
  const pcm = new Int16Array((rate * ms) / 1000);
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(6000 * Math.sin((2 * Math.PI * 300 * i) / rate));
  return pcm;
}

describe('Azure STT through the SDK against a local Speech service', () => {
  it('streams the audio and gets a partial, then the final phrase with its confidence', async () => {
    const stt = createAzureStt({ apiKey: 'azure-key', endpoint: endpoint() });
    const session = stt.start({
      language: 'en-US',
      sampleRate: 8000,
      hints: ['sales'],
      signal: new AbortController().signal,
    });
    const partials: string[] = [];
    session.on('partial', (r) => partials.push(r.text));
    const audio = speech(1200, 8000);
    for (let at = 0; at < audio.length; at += 160) session.write(audio.subarray(at, at + 160));
    session.end();
    const finals = await session.done;
    expect(finals.map((f) => f.text)).toEqual(['Sales please']);
    expect(finals[0]?.confidence).toBeCloseTo(0.92);
    expect(partials).toContain('Sales');
    const request = server.requests.at(-1)!;
    expect(request.language).toBe('en-US');
    expect(request.audioBytes).toBeGreaterThanOrEqual(audio.length * 2);
    expect(request.messages.slice(0, 2)).toEqual(['speech.config', 'speech.context']);
    expect(JSON.stringify(request.context)).toContain('sales');
  }, 20_000);

  // The SDK reports a handshake refused with 401 only as "Unable to contact server … 1006"; the client asks
  // the service why, so a wrong key fails as a key problem (not retried, and named so on the call record)
  // rather than as an outage.
  it('fails the session as a refused key when the key is refused', async () => {
    const stt = createAzureStt({ apiKey: 'wrong', endpoint: endpoint() });
    const session = stt.start({ language: 'en-US', sampleRate: 8000, signal: new AbortController().signal });
    session.write(speech(300, 8000));
    session.end();
    await expect(session.done).rejects.toMatchObject({ code: 'auth', status: 401, retryable: false });
  }, 20_000);

  it('still fails as unavailable when nothing answers at all', async () => {
    const stt = createAzureStt({ apiKey: 'azure-key', endpoint: 'ws://127.0.0.1:9/speech/recognition' });
    const session = stt.start({ language: 'en-US', sampleRate: 8000, signal: new AbortController().signal });
    session.write(speech(300, 8000));
    session.end();
    await expect(session.done).rejects.toMatchObject({ code: 'unavailable', retryable: true });
  }, 20_000);
});
