import { z } from 'zod';

/** SpeechKit accepts a service-account API key or a short-lived IAM token; the header differs. */
export const yandexAuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('api-key'), apiKey: z.string().min(1) }),
  z.object({ type: z.literal('iam-token'), iamToken: z.string().min(1) }),
]);
export type YandexAuth = z.infer<typeof yandexAuthSchema>;

export function yandexAuthHeader(auth: YandexAuth): string {
  return auth.type === 'api-key' ? `Api-Key ${auth.apiKey}` : `Bearer ${auth.iamToken}`;
}
