import { z } from 'zod';

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Methods that are safe to send twice (RFC 9110 §9.2.2): only these are retried. */
export const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set([
  'GET',
  'HEAD',
  'PUT',
  'DELETE',
  'OPTIONS',
]);

/** A project's HTTP tool, as stored and as the LLM sees it (name, description, parameters). */
export const httpToolDefinitionSchema = z.object({
  name: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'letters, digits, _ and - only (max 64): the LLM function-name rule'),
  description: z.string().max(1024).default(''),
  /** JSON Schema (draft 2020-12 or draft-07, with formats) of the arguments; json-schema-lite.ts checks them. */
  parameters: z.record(z.string(), z.unknown()).default({ type: 'object', properties: {} }),
  kind: z.literal('http'),
  method: z.enum(HTTP_METHODS),
  /** e.g. https://crm.example.com/api/leads/{{args.leadId}}; values are URL-encoded. */
  urlTemplate: z.string().min(1).max(2048),
  /** Values may contain {{args.x}} and {{credential:ID}}. */
  headers: z
    .record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'invalid header name'), z.string().max(8192))
    .default({}),
  /** JSON text with {{args.x}} placeholders; values are JSON-encoded in place. */
  bodyTemplate: z.string().max(65_536).optional(),
  /** variable -> path into the JSON response, like `data.items[0].id`. */
  responseMapping: z.record(z.string(), z.string()).default({}),
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  retries: z.number().int().min(0).max(5).default(0),
});

export type HttpToolDefinition = z.output<typeof httpToolDefinitionSchema>;
export type HttpToolDefinitionInput = z.input<typeof httpToolDefinitionSchema>;
