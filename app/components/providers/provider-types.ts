import { z } from 'zod';
import {
  CAPABILITIES,
  PROVIDER_CATALOG,
  PROVIDER_KINDS,
  type ProviderKind,
  type SettingField,
} from '~/lib/providers/provider-catalog';

export { PROVIDER_CATALOG, PROVIDER_KINDS, type ProviderKind, type SettingField };

export const testResultSchema = z.object({
  ok: z.boolean(),
  code: z.string(),
  message: z.string(),
  latencyMs: z.number(),
  testedAt: z.string(),
});
export type TestResultItem = z.infer<typeof testResultSchema>;

export const providerItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  provider: z.enum(PROVIDER_KINDS),
  capabilities: z.array(z.enum(CAPABILITIES)),
  settings: z.record(z.string(), z.string().optional()),
  apiKey: z.string().nullable(),
  enabled: z.boolean(),
  lastTest: testResultSchema.nullable(),
});
export type ProviderItem = z.infer<typeof providerItemSchema>;

export const voiceOptionSchema = z.object({ id: z.string(), label: z.string(), language: z.string() });
export type VoiceOptionItem = z.infer<typeof voiceOptionSchema>;

export const providerListSchema = z.object({
  providers: z.array(providerItemSchema),
  embedded: z.object({ voices: z.array(voiceOptionSchema) }),
});

export const catalogSchema = z.object({
  voices: z.array(voiceOptionSchema),
  models: z.object({ llm: z.array(z.string()), stt: z.array(z.string()) }),
  listed: z.boolean(),
});
export type CatalogItem = z.infer<typeof catalogSchema>;
