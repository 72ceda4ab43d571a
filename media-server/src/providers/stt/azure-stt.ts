import * as sdk from 'microsoft-cognitiveservices-speech-sdk';
import { z } from 'zod';
import { ProviderError } from '#server/providers/provider-error';
import { azureSttUrl, explainConnectionFailure } from './azure-handshake';
import { mapAzureCancellation, mapAzureResult } from './azure-result-mapping';
import { SttSession, type SttProvider, type SttStartOptions } from './stt-provider';

export const azureSttConfigSchema = z
  .object({
    apiKey: z.string().min(1),
    /** Either a region (westeurope) or a full endpoint/host URL (sovereign clouds, containers, tests). */
    region: z.string().min(1).optional(),
    endpoint: z.url({ protocol: /^(wss?|https?)$/ }).optional(),
  })
  .refine((c) => c.region !== undefined || c.endpoint !== undefined, {
    message: 'region or endpoint is required',
  });
export type AzureSttConfig = z.input<typeof azureSttConfigSchema>;

export function buildAzureSpeechConfig(
  config: z.output<typeof azureSttConfigSchema>,
  options: SttStartOptions,
): sdk.SpeechConfig {
  const speechConfig = config.endpoint
    ? sdk.SpeechConfig.fromEndpoint(new URL(config.endpoint), config.apiKey)
    : sdk.SpeechConfig.fromSubscription(config.apiKey, config.region ?? '');
  speechConfig.speechRecognitionLanguage = options.language;
  // Detailed output carries NBest[].Confidence, which the runtime's Ask node uses for re-prompts.
  speechConfig.outputFormat = sdk.OutputFormat.Detailed;
  return speechConfig;
}

/**
 * Azure Speech continuous recognition through the official SDK: PCM goes into a PushAudioInputStream,
 * `recognizing` gives partials, `recognized` finals; closing the stream on end() lets the service flush
 * the last phrase before the session stops.
 */
export function createAzureStt(configInput: AzureSttConfig): SttProvider {
  const config = azureSttConfigSchema.parse(configInput);
  return {
    id: 'azure',
    streaming: true,
    start(options: SttStartOptions) {
      const format = sdk.AudioStreamFormat.getWaveFormatPCM(options.sampleRate, 16, 1);
      const pushStream = sdk.AudioInputStream.createPushStream(format);
      const recognizer = new sdk.SpeechRecognizer(
        buildAzureSpeechConfig(config, options),
        sdk.AudioConfig.fromStreamInput(pushStream),
      );
      if (options.hints?.length) {
        const phrases = sdk.PhraseListGrammar.fromRecognizer(recognizer);
        for (const hint of options.hints) phrases.addPhrase(hint);
      }
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        recognizer.stopContinuousRecognitionAsync(
          () => recognizer.close(),
          () => recognizer.close(),
        );
      };
      const session = new SttSession({
        write(pcm) {
          // The SDK copies the buffer; hand it exactly the bytes of this chunk.
          pushStream.write(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength) as ArrayBuffer);
        },
        end() {
          pushStream.close();
        },
      });
      recognizer.recognizing = (_sender, event) =>
        session.emitPartial(mapAzureResult(event.result, options.language));
      recognizer.recognized = (_sender, event) => {
        if (event.result.reason !== sdk.ResultReason.RecognizedSpeech || !event.result.text) return;
        const json = event.result.properties?.getProperty(sdk.PropertyId.SpeechServiceResponse_JsonResult);
        session.emitFinal(
          mapAzureResult(
            {
              ...event.result,
              text: event.result.text,
              offset: event.result.offset,
              duration: event.result.duration,
              ...(json ? { json } : {}),
            },
            options.language,
          ),
        );
      };
      // A refused handshake reaches the SDK only as a connection failure (1006): ask the service why.
      const failConnection = (failure: ProviderError) => {
        void explainConnectionFailure(failure, azureSttUrl(config, options.language), config.apiKey).then(
          (explained) => session.fail(explained),
        );
      };
      recognizer.canceled = (_sender, event) => {
        if (event.reason !== sdk.CancellationReason.Error)
          session.finish(); // EndOfStream: all recognized
        else if (event.errorCode === sdk.CancellationErrorCode.ConnectionFailure)
          failConnection(mapAzureCancellation(event.errorCode, event.errorDetails));
        else session.fail(mapAzureCancellation(event.errorCode, event.errorDetails));
        close();
      };
      recognizer.sessionStopped = () => {
        session.finish();
        close();
      };
      options.signal.addEventListener(
        'abort',
        () => {
          session.fail(
            new ProviderError('azure-stt', 'aborted', 'recognition aborted', { retryable: false }),
          );
          close();
        },
        { once: true },
      );
      recognizer.startContinuousRecognitionAsync(undefined, (error) => {
        failConnection(new ProviderError('azure-stt', 'unavailable', error));
        close();
      });
      return session;
    },
  };
}
