// The call's provider chains: a voice or recogniser that fails mid-call is replaced by the next, the caller
// gets an apology, the failure is reported, and a recogniser's utterance is replayed into its successor.
import { describe, expect, it } from 'vitest';
import { ProviderError } from '#server/providers/provider-error.ts';
import { SttSession, type SttProvider } from '../stt/stt-provider.ts';
import type { TtsProvider, TtsRequest } from '../tts/tts-provider.ts';
import { CallFailover } from './call-failover.ts';
import { FailoverStt } from './failover-stt.ts';
import { FailoverTts } from './failover-tts.ts';

const tone = (n: number, v: number) => new Int16Array(n).fill(v);

function fakeTts(id: string, behaviour: { failAfter?: number } = {}) {
  const asked: TtsRequest[] = [];
  let calls = 0;
  const provider: TtsProvider = {
    id,
    async *synthesize(request) {
      asked.push(request);
      calls += 1;
      if (behaviour.failAfter !== undefined && calls > behaviour.failAfter)
        throw new ProviderError(id, 'unavailable', 'connection reset');
      yield tone(160, 100);
    },
  };
  return { provider, asked };
}

const collect = async (tts: TtsProvider, text: string, language = 'ru-RU') => {
  const out: Int16Array[] = [];
  for await (const chunk of tts.synthesize({
    text,
    language,
    sampleRate: 8000,
    signal: new AbortController().signal,
  }))
    out.push(chunk);
  return out;
};

describe('FailoverTts', () => {
  it('speaks with the agent voice and speed, then the next voice with an apology once the first dies', async () => {
    const reports: unknown[] = [];
    const failover = new CallFailover((e) => reports.push(e));
    const cloud = fakeTts('yandex', { failAfter: 1 });
    const embedded = fakeTts('espeak');
    const tts = new FailoverTts(
      [
        { name: 'yandex:Main', provider: cloud.provider, voice: 'alena', speed: 1.2 },
        { name: 'espeak', provider: embedded.provider },
      ],
      failover,
    );
    expect(tts.id).toBe('yandex:Main|alena|1.2');
    await collect(tts, 'Здравствуйте.');
    expect(cloud.asked[0]).toMatchObject({ voice: 'alena', speed: 1.2 });
    const second = await collect(tts, 'Чем помочь?');
    expect(second.length).toBe(2); // the apology, then the sentence, both from the embedded voice
    expect(embedded.asked.map((r) => r.text)).toEqual(['Извините, небольшая заминка.', 'Чем помочь?']);
    expect(tts.id).toBe('espeak||1');
    expect(reports).toEqual([
      expect.objectContaining({
        stage: 'tts',
        provider: 'yandex:Main',
        replacedBy: 'espeak',
        code: 'unavailable',
      }),
    ]);
    await collect(tts, 'Done.', 'en-US');
    expect(embedded.asked.at(-1)?.text).toBe('Done.');
  });
});

describe('FailoverStt', () => {
  it('replays the utterance into the next recogniser when the first dies while the caller speaks', async () => {
    const reports: { stage: string }[] = [];
    const failover = new CallFailover((e) => reports.push(e));
    let heardBySecond = 0;
    const dying: SttProvider = {
      id: 'azure',
      streaming: true,
      start() {
        const session: SttSession = new SttSession({
          write: () => undefined,
          end: () => session.fail(new ProviderError('azure-stt', 'unavailable', 'socket closed')),
        });
        return session;
      },
    };
    const backup: SttProvider = {
      id: 'vosk',
      streaming: true,
      start(options) {
        const session: SttSession = new SttSession({
          write: (pcm) => (heardBySecond += pcm.length),
          end: () => {
            session.emitFinal({ text: 'запишите меня', language: options.language });
            session.finish();
          },
        });
        return session;
      },
    };
    const stt = new FailoverStt(
      [
        { name: 'azure-speech:Main', provider: dying },
        { name: 'vosk:Office', provider: backup },
      ],
      failover,
      { language: 'ru-RU', hints: ['запишите'] },
    );
    const session = stt.start({ language: 'en-US', sampleRate: 8000, signal: new AbortController().signal });
    session.write(tone(800, 5));
    session.write(tone(800, 5));
    session.end();
    const results = await session.done;
    expect(results.map((r) => r.text)).toEqual(['запишите меня']);
    expect(results[0]?.language).toBe('ru-RU');
    expect(heardBySecond).toBe(1600);
    expect(stt.id).toBe('vosk:Office');
    expect(reports).toEqual([expect.objectContaining({ stage: 'stt', replacedBy: 'vosk:Office' })]);
    expect(failover.takeApology('ru-RU')).toMatch(/Извините/);
  });

  it('records a last recogniser that fails, with nothing to take over, once', async () => {
    const reports: { stage: string; replacedBy: string | null; code: string }[] = [];
    const failover = new CallFailover((e) => reports.push(e));
    const refusing: SttProvider = {
      id: 'azure',
      streaming: true,
      start() {
        const session: SttSession = new SttSession({
          write: () => undefined,
          end: () => session.fail(new ProviderError('azure-stt', 'auth', 'HTTP 401')),
        });
        return session;
      },
    };
    const stt = new FailoverStt([{ name: 'azure-speech:Main', provider: refusing }], failover);
    for (const _utterance of [1, 2]) {
      const session = stt.start({
        language: 'en-US',
        sampleRate: 8000,
        signal: new AbortController().signal,
      });
      session.end();
      await expect(session.done).rejects.toMatchObject({ code: 'auth' });
    }
    expect(reports).toEqual([
      expect.objectContaining({
        stage: 'stt',
        provider: 'azure-speech:Main',
        replacedBy: null,
        code: 'auth',
      }),
    ]);
    expect(failover.takeApology('en-US')).toBeUndefined();
  });

  it('with no recogniser at all, an utterance is simply not understood', async () => {
    const stt = new FailoverStt([], new CallFailover(() => undefined));
    const session = stt.start({ language: 'ru-RU', sampleRate: 8000, signal: new AbortController().signal });
    session.end();
    await expect(session.done).resolves.toEqual([]);
  });
});
