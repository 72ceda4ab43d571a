import { z } from 'zod';
import { isoDateTime } from '../api/api-schemas.ts';
import {
  CAPABILITIES,
  PROVIDER_CATALOG,
  PROVIDER_KINDS,
  type ProviderKind,
} from '../../lib/providers/provider-catalog.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

/** Non-secret settings of an account; which apply depends on the provider (provider-catalog.ts). */
export const providerSettingsInput = z.object({
  baseUrl: z
    .url({ protocol: /^(https?|wss?)$/, message: 'Enter an http(s):// or ws(s):// address' })
    .max(500)
    .optional(),
  region: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{2,40}$/, 'A region looks like westeurope')
    .optional(),
  folderId: text(100).optional(),
  apiVersion: text(40).optional(),
  model: text(200).optional(),
});
export type ProviderSettings = z.infer<typeof providerSettingsInput>;

export const createProviderInput = z.object({
  name: text(100),
  provider: z.enum(PROVIDER_KINDS),
  apiKey: z.string().trim().min(1).max(8192).optional().describe('Sealed at rest; never answered'),
  settings: providerSettingsInput.default({}),
  enabled: z.boolean().default(true),
});
export type CreateProviderInput = z.infer<typeof createProviderInput>;

export const updateProviderInput = z.object({
  name: text(100).optional(),
  apiKey: z.string().trim().min(1).max(8192).optional().describe('Replaces the stored key'),
  settings: providerSettingsInput.optional(),
  enabled: z.boolean().optional(),
});
export type UpdateProviderInput = z.infer<typeof updateProviderInput>;

/** Field errors for a provider's required settings and key (the same rules on create and update). */
export function providerIssues(
  provider: ProviderKind,
  settings: ProviderSettings,
  hasKey: boolean,
): Record<string, string[]> {
  const info = PROVIDER_CATALOG[provider];
  const issues: Record<string, string[]> = {};
  for (const field of info.required)
    if (!settings[field]) issues[`settings.${field}`] = ['Required for this provider'];
  if (provider === 'azure-speech' && !settings.region && !settings.baseUrl)
    issues['settings.region'] = ['Enter the region of your Speech resource (e.g. westeurope)'];
  if (info.key === 'required' && !hasKey) issues.apiKey = ['Enter the key'];
  const url = settings.baseUrl;
  if (url && provider === 'vosk' && !/^wss?:/.test(url)) issues['settings.baseUrl'] = ['Use ws:// or wss://'];
  if (url && provider !== 'vosk' && !/^https?:/.test(url))
    issues['settings.baseUrl'] = ['Use http:// or https://'];
  return issues;
}

export const TEST_CODES = [
  'ok',
  'bad_key',
  'wrong_region',
  'wrong_folder',
  'wrong_endpoint',
  'quota',
  'unreachable',
  'blocked_address',
  'timeout',
  'bad_response',
] as const;
export type TestCode = (typeof TEST_CODES)[number];

export const providerTestResult = z
  .object({
    ok: z.boolean(),
    code: z.enum(TEST_CODES),
    message: z.string().describe('The explanation in plain words (English; the screen translates by code)'),
    latencyMs: z.number().int(),
    testedAt: isoDateTime,
  })
  .meta({ id: 'ProviderTestResult' });
export type ProviderTestResult = z.infer<typeof providerTestResult>;

export const providerView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    provider: z.enum(PROVIDER_KINDS),
    capabilities: z.array(z.enum(CAPABILITIES)),
    settings: providerSettingsInput,
    apiKey: z.string().nullable().describe('The key masked (its last characters at most); null when none'),
    enabled: z.boolean(),
    lastTest: providerTestResult.nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'ProviderAccount' });
export type ProviderView = Omit<z.infer<typeof providerView>, 'createdAt' | 'updatedAt'> & {
  createdAt: Date;
  updatedAt: Date;
};

const voiceOption = z.object({ id: z.string(), label: z.string(), language: z.string() });

export const providerList = z.object({
  providers: z.array(providerView),
  embedded: z.object({ voices: z.array(voiceOption) }).describe('The voices every project has, no account'),
});

export const providerCatalogView = z
  .object({
    voices: z.array(voiceOption),
    models: z.object({ llm: z.array(z.string()), stt: z.array(z.string()) }),
    listed: z.boolean().describe('true when the provider listed them; false = the documented defaults'),
  })
  .meta({ id: 'ProviderCatalog' });
export type ProviderCatalogView = z.infer<typeof providerCatalogView>;

export const previewInput = z.object({
  providerId: z.union([z.uuid(), z.literal('embedded')]),
  voice: z.string().max(100).optional(),
  speed: z.number().min(0.5).max(2).optional(),
  language: z.enum(['ru', 'en']).default('ru'),
  text: z.string().trim().min(1).max(400),
});
export type PreviewInput = z.infer<typeof previewInput>;
