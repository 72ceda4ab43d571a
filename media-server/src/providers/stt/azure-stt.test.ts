// Azure STT is tested at its seams: the SDK's result/cancellation objects -> SttResult / ProviderError, and
// the SpeechConfig we build. azure-stt.local.test.ts runs the SDK against a local server speaking the
// service's WebSocket protocol; azure-stt.live.test.ts covers the real service where AZURE_SPEECH_KEY is set.
import * as sdk from 'microsoft-cognitiveservices-speech-sdk';
import { describe, expect, it } from 'vitest';
import { mapAzureCancellation, mapAzureResult } from './azure-result-mapping';
import { azureSttConfigSchema, buildAzureSpeechConfig, createAzureStt } from './azure-stt';

describe('Azure STT mapping', () => {
  it('maps an SDK recognition result with detailed JSON to text, confidence and ms timing', () => {
    const json = JSON.stringify({
      RecognitionStatus: 'Success',
      Offset: 5_000_000,
      Duration: 12_000_000,
      NBest: [{ Confidence: 0.93, Display: 'Запишите меня.' }],
    });
    const result = new sdk.SpeechRecognitionResult(
      'id',
      sdk.ResultReason.RecognizedSpeech,
      'Запишите меня.',
      12_000_000,
      5_000_000,
      'ru-RU',
      undefined,
      undefined,
      undefined,
      json,
    );
    expect(
      mapAzureResult(
        { text: result.text, offset: result.offset, duration: result.duration, json: result.json },
        'ru-RU',
      ),
    ).toEqual({
      text: 'Запишите меня.',
      language: 'ru-RU',
      confidence: 0.93,
      startMs: 500,
      endMs: 1700,
    });
    expect(mapAzureResult({ text: 'hi', offset: 0, duration: 10_000 }, 'en-US')).toEqual({
      text: 'hi',
      language: 'en-US',
      startMs: 0,
      endMs: 1,
    });
  });

  it('maps cancellation codes', () => {
    expect(
      mapAzureCancellation(sdk.CancellationErrorCode.AuthenticationFailure, 'WebSocket 401'),
    ).toMatchObject({ code: 'auth', retryable: false });
    expect(mapAzureCancellation(sdk.CancellationErrorCode.TooManyRequests, '')).toMatchObject({
      code: 'rate_limited',
      retryable: true,
    });
    expect(mapAzureCancellation(sdk.CancellationErrorCode.ServiceTimeout, '')).toMatchObject({
      code: 'timeout',
    });
    expect(mapAzureCancellation(sdk.CancellationErrorCode.ConnectionFailure, '')).toMatchObject({
      code: 'unavailable',
      retryable: true,
    });
  });

  it('builds a SpeechConfig for a custom endpoint with language and detailed output', () => {
    const config = azureSttConfigSchema.parse({
      apiKey: 'k',
      endpoint: 'wss://127.0.0.1:1/speech/recognition/conversation/cognitiveservices/v1',
    });
    const speechConfig = buildAzureSpeechConfig(config, {
      language: 'ru-RU',
      sampleRate: 8000,
      signal: new AbortController().signal,
    });
    expect(speechConfig.speechRecognitionLanguage).toBe('ru-RU');
    expect(speechConfig.outputFormat).toBe(sdk.OutputFormat.Detailed);
    expect(() => azureSttConfigSchema.parse({ apiKey: 'k' })).toThrow(/region or endpoint/);
  });

  it('reports a connection failure as a ProviderError through session.done', async () => {
    const session = createAzureStt({ apiKey: 'k', endpoint: 'ws://127.0.0.1:1/speech' }).start({
      language: 'en-US',
      sampleRate: 16000,
      signal: new AbortController().signal,
    });
    session.write(new Int16Array(1600));
    session.end();
    await expect(session.done).rejects.toMatchObject({ provider: 'azure-stt' });
  });
});
