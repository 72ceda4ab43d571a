import { CancellationErrorCode } from 'microsoft-cognitiveservices-speech-sdk';
import { z } from 'zod';
import { ProviderError, type ProviderErrorCode } from '#server/providers/provider-error';
import type { SttResult } from './stt-provider';

/** The SDK reports offset and duration in 100-nanosecond ticks. */
const TICKS_PER_MS = 10_000;

/** The Detailed output format's JSON (SpeechServiceResponse_JsonResult): NBest carries the confidence. */
const detailedSchema = z.object({
  NBest: z.array(z.object({ Confidence: z.number().min(0).max(1) })).optional(),
});

export function mapAzureResult(
  result: { text: string; offset: number; duration: number; json?: string },
  language: string,
): SttResult {
  let confidence: number | undefined;
  if (result.json) {
    try {
      const parsed = detailedSchema.safeParse(JSON.parse(result.json));
      confidence = parsed.success ? parsed.data.NBest?.[0]?.Confidence : undefined;
    } catch {
      confidence = undefined;
    }
  }
  return {
    text: result.text,
    language,
    ...(confidence !== undefined ? { confidence } : {}),
    startMs: Math.round(result.offset / TICKS_PER_MS),
    endMs: Math.round((result.offset + result.duration) / TICKS_PER_MS),
  };
}

export function mapAzureCancellation(errorCode: CancellationErrorCode, details: string): ProviderError {
  const code: ProviderErrorCode =
    errorCode === CancellationErrorCode.AuthenticationFailure || errorCode === CancellationErrorCode.Forbidden
      ? 'auth'
      : errorCode === CancellationErrorCode.TooManyRequests
        ? 'rate_limited'
        : errorCode === CancellationErrorCode.ServiceTimeout
          ? 'timeout'
          : errorCode === CancellationErrorCode.BadRequestParameters
            ? 'bad_response'
            : 'unavailable';
  return new ProviderError('azure-stt', code, details || CancellationErrorCode[errorCode]);
}
