// Whole calls with an agent's own provider accounts (issue 16): baresip calls an agent whose recogniser and
// voice are a Yandex Cloud account, served by a local server speaking SpeechKit's v1 REST protocol. The
// caller's words reach the recogniser, the synthesized voice comes back into the call (its level measured),
// stage timings name the providers, and a voice that dies mid-call is replaced: the call completes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createProject,
  createPublishedAgent,
  createUser,
} from '../../../../tests/support/factories.ts';
import { db, disconnectDb } from '#server/db.ts';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import { forgetRoutes } from '#server/telephony/inbound-route.server.ts';
import { createCredentialsService } from '#server/secrets/credentials.server.ts';
import { keyringFromEnv } from '#server/secrets/master-keys.ts';
import {
  startLocalHttpServer,
  type LocalHttpServer,
  type RecordedRequest,
} from '#server/providers/test-support/local-http-server.ts';
import { startAzureSpeechServer, type AzureSpeechServer } from '../stt/test-support/azure-speech-server.ts';
import { readWavSamples, rms } from '../../sip-gateway/test-support/audio-fixtures.ts';
import { startBaresip } from '../../sip-gateway/test-support/baresip-peer.ts';
import { freeUdpRange } from '../../sip-gateway/test-support/free-port.ts';
import { createEspeakTts } from '../tts/espeak-tts.ts';
import { startVoiceStack, type VoiceStack } from '../../wiring/voice-stack.ts';

const menu = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../test-fixtures/flows/keypad-menu-en.json'), 'utf8'),
) as { settings?: object };
const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
const STREAM = `events:calls:providers:${crypto.randomUUID()}`;
let stack: VoiceStack;
let fake: LocalHttpServer;
let azure: AzureSpeechServer;
let ttsDead = false;

/** A loud 440 Hz tone, 15 ms per character: unmistakable in the call, unlike the embedded voice. */
function sendTone(req: RecordedRequest, res: ServerResponse) {
  const form = new URLSearchParams(req.body.toString());
  const rate = Number(form.get('sampleRateHertz') ?? 8000);
  const n = Math.round((rate * 15 * (form.get('text') ?? '').length) / 1000);
  const pcm = new Int16Array(n);
  for (let i = 0; i < n; i++) pcm[i] = Math.round(12_000 * Math.sin((2 * Math.PI * 440 * i) / rate));
  res.writeHead(200, { 'content-type': 'audio/L16' }).end(Buffer.from(pcm.buffer));
}

async function speech(text: string): Promise<Int16Array> {
  const parts: Int16Array[] = [];
  for await (const c of createEspeakTts().synthesize({
    text,
    language: 'en-US',
    sampleRate: 8000,
    signal: new AbortController().signal,
  }))
    parts.push(c);
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}

/** Quiet first (greeting and menu), the caller's words, then quiet until the call ends. */
async function callerAudio(): Promise<Int16Array> {
  const words = await speech('sales');
  const pcm = new Int16Array(8000 * 30);
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round((Math.random() - 0.5) * 60);
  pcm.set(words, 8000 * 6);
  return pcm;
}

interface StreamEvent {
  type: string;
  providers?: { stt?: string; tts?: string; fallback?: string[] };
  stage?: string;
  replacedBy?: string | null;
  code?: string;
  reason?: string;
  input?: string;
}
const turns0 = (all: StreamEvent[]) => all.find((e) => e.type === 'turn.completed');
const events = async () =>
  (await redis.xrange(STREAM, '-', '+')).map(
    ([, f]) => JSON.parse(f[f.indexOf('event') + 1] ?? '{}') as StreamEvent,
  );

beforeAll(async () => {
  fake = await startLocalHttpServer((req, res) => {
    if (req.url.startsWith('/speech/v1/stt:recognize')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: 'sales' }));
      return;
    }
    if (req.url === '/speech/v1/tts:synthesize') {
      if (ttsDead) return res.writeHead(503).end('{"error":"down"}');
      return sendTone(req, res);
    }
    res.writeHead(404).end();
  });
  azure = await startAzureSpeechServer({ key: 'azure-test-key', transcript: () => 'sales' });
  const projectId = (await createProject(db(), 'Agent providers')).id;
  const owner = await createUser(db());
  await addMember(db(), projectId, owner.id, 'owner');
  const credentials = createCredentialsService(db(), keyringFromEnv());
  const account = async (name: string, provider: string, secret: string, settings: object) => {
    const id = crypto.randomUUID();
    const credential = await credentials.create(
      projectId,
      { name: `provider:${id}`, kind: 'api_key', secret },
      { actorUserId: owner.id, actorType: 'user' },
    );
    await db().providerAccount.create({
      data: { id, projectId, name, provider, settings, credentialId: credential.id },
    });
    return id;
  };
  const yandexId = await account('Yandex', 'yandex', 'AQVN-test-key', {
    folderId: 'b1g-test',
    baseUrl: fake.url,
  });
  const azureId = await account('Azure', 'azure-speech', 'azure-test-key', { baseUrl: azure.url });
  const agent = (name: string, address: string, speech: object) =>
    createPublishedAgent(db(), projectId, {
      name,
      language: 'en',
      graph: { ...menu, settings: { ...menu.settings, language: 'en', speech } },
      address,
    });
  await agent('Yandex agent', 'yandex-agent', {
    recognizer: { providerId: yandexId, language: 'en-US' },
    voice: { providerId: yandexId, voice: 'john' },
  });
  // Azure hears (the SDK streaming to a local server speaking its WebSocket protocol), Yandex speaks.
  await agent('Azure agent', 'azure-agent', {
    recognizer: { providerId: azureId, language: 'en-US' },
    voice: { providerId: yandexId, voice: 'john' },
  });
  // The same Azure "service" with a key it refuses: the account a user pasted wrongly.
  const wrongKeyId = await account('Azure (wrong key)', 'azure-speech', 'not-the-key', {
    baseUrl: azure.url,
  });
  await agent('Azure wrong-key agent', 'azure-wrong-key', {
    recognizer: { providerId: wrongKeyId, language: 'en-US' },
    voice: { providerId: yandexId, voice: 'john' },
  });
  forgetRoutes();
  stack = await startVoiceStack({
    redis,
    logger: createLogger('agent-providers-test', 'silent'),
    sip: { host: '127.0.0.1', port: 0, rtpPorts: await freeUdpRange(20) },
    maxCallsPerProject: 5,
    eventsStream: STREAM,
    providerAllowHosts: ['127.0.0.1'],
  });
}, 60_000);

afterAll(async () => {
  await stack?.drain(1000);
  await stack?.close();
  await fake?.close();
  await azure?.close();
  await redis.quit();
  await disconnectDb();
});

async function placeCall(address = 'yandex-agent'): Promise<Int16Array> {
  const peer = await startBaresip({ sourcePcm: await callerAudio() });
  try {
    await peer.command('dial', `sip:${address}@127.0.0.1:${stack.sip.port}`);
    await peer.waitFor('CALL_ESTABLISHED', 10_000);
    await peer.waitFor('CALL_CLOSED', 45_000);
    await peer.quit();
    const decoded = peer.recordings().find((f) => f.endsWith('-dec.wav'));
    expect(decoded, peer.output()).toBeDefined();
    return readWavSamples(decoded ?? '');
  } finally {
    await peer.quit().catch(() => undefined);
  }
}

describe('a call with the agent’s own recogniser and voice', () => {
  it('hears the caller through the Yandex recogniser and speaks with the Yandex voice', async () => {
    const heard = await placeCall();
    expect(rms(heard)).toBeGreaterThan(1500);
    const stt = fake.requests.filter((r) => r.url.startsWith('/speech/v1/stt:recognize'));
    expect(stt.length).toBeGreaterThan(0);
    expect(stt[0]!.url).toContain('lang=en-US');
    expect(stt[0]!.headers.authorization).toBe('Api-Key AQVN-test-key');
    expect(stt[0]!.body.length).toBeGreaterThan(1000); // the caller's audio
    const tts = fake.requests.filter((r) => r.url === '/speech/v1/tts:synthesize');
    expect(new URLSearchParams(tts[0]!.body.toString()).get('voice')).toBe('john');
    const all = await events();
    const turns = all.filter((e) => e.type === 'turn.completed');
    expect(turns.some((t) => t.input === 'sales')).toBe(true);
    expect(turns[0]?.providers).toMatchObject({ tts: 'yandex:Yandex', stt: 'yandex:Yandex' });
    expect(all.find((e) => e.type === 'call.ended')?.reason).toBe('flow_hangup');
  }, 90_000);

  it('goes on with the embedded voice when the Yandex voice dies mid-call, and records the failure', async () => {
    await redis.del(STREAM);
    const before = fake.requests.length;
    // The greeting comes from the prompt cache; the first new sentence after it finds the voice down.
    ttsDead = true;
    await placeCall();
    expect(fake.requests.length).toBeGreaterThan(before);
    const all = await events();
    const failed = all.find((e) => e.type === 'call.provider_failed');
    expect(failed).toMatchObject({ stage: 'tts', replacedBy: 'espeak' });
    expect(all.find((e) => e.type === 'call.ended')?.reason).toBe('flow_hangup');
    const last = all.filter((e) => e.type === 'turn.completed').at(-1);
    expect(last?.providers?.tts).toBe('espeak');
    // The turn marks the stand-in, so the call card can say the agent's own voice did not serve it.
    expect(last?.providers?.fallback).toEqual(['tts']);
    expect(turns0(all)?.providers?.fallback).toBeUndefined();
  }, 90_000);

  it('hears the caller through Azure recognition and speaks with the Yandex voice', async () => {
    await redis.del(STREAM);
    ttsDead = false;
    const ttsBefore = fake.requests.filter((r) => r.url === '/speech/v1/tts:synthesize').length;
    const connections = azure.requests.length;
    const heard = await placeCall('azure-agent');
    // The Yandex voice's tone is in the call.
    expect(rms(heard)).toBeGreaterThan(1500);
    expect(fake.requests.filter((r) => r.url === '/speech/v1/tts:synthesize').length).toBeGreaterThan(
      ttsBefore,
    );
    // The SDK streamed the caller's audio over the Azure protocol, with the key, language and flow's hints.
    const sessions = azure.requests.slice(connections);
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions[0]!.key).toBe('azure-test-key');
    expect(sessions[0]!.language).toBe('en-US');
    expect(sessions.reduce((n, r) => n + r.audioBytes, 0)).toBeGreaterThan(8000);
    expect(sessions[0]!.messages.slice(0, 2)).toEqual(['speech.config', 'speech.context']);
    const all = await events();
    const turns = all.filter((e) => e.type === 'turn.completed');
    expect(turns.some((t) => t.input === 'sales')).toBe(true);
    expect(turns.at(-1)?.providers).toMatchObject({ stt: 'azure-speech:Azure', tts: 'yandex:Yandex' });
    expect(all.some((e) => e.type === 'call.provider_failed')).toBe(false);
    expect(all.find((e) => e.type === 'call.ended')?.reason).toBe('flow_hangup');
  }, 90_000);

  it('records a refused Azure key on the call as a key problem, not an outage', async () => {
    await redis.del(STREAM);
    ttsDead = false;
    await placeCall('azure-wrong-key');
    const all = await events();
    const failed = all.find((e) => e.type === 'call.provider_failed');
    // Not `unavailable`: the SDK saw only a closed socket; the client asked the service, which said 401.
    // This install has no recogniser of its own, so nothing takes over: the call goes on by its keypad.
    expect(failed).toMatchObject({
      stage: 'stt',
      provider: 'azure-speech:Azure (wrong key)',
      code: 'auth',
      replacedBy: null,
    });
    expect(all.filter((e) => e.type === 'call.provider_failed')).toHaveLength(1);
    expect(all.some((e) => e.type === 'call.ended')).toBe(true);
  }, 90_000);
});
