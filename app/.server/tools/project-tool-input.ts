import { z } from 'zod';

/** What the Tools screen and the API send for one project HTTP tool. The secret is write-only. */
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HEADER = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
export const TOOL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const TOOL_AUTH_KINDS = ['none', 'bearer', 'api_key'] as const;

/** The argument schema: a JSON Schema object whose properties the LLM fills in. */
export const toolParametersSchema = z
  .object({
    type: z.literal('object'),
    properties: z.record(
      z.string().regex(VARIABLE, 'argument names: letters, digits and _'),
      z.record(z.string(), z.unknown()),
    ),
    required: z.array(z.string()).optional(),
  })
  .loose()
  .superRefine((schema, ctx) => {
    for (const name of schema.required ?? []) {
      if (!(name in schema.properties))
        ctx.addIssue({
          code: 'custom',
          path: ['required'],
          message: `"${name}" is required but not declared`,
        });
    }
  });

export const toolAuthInput = z
  .object({
    kind: z.enum(TOOL_AUTH_KINDS).default('none'),
    /** For `api_key`: the header that carries the key, e.g. X-Api-Key. */
    header: z.string().trim().regex(HEADER, 'invalid header name').max(100).optional(),
    /** Write-only; absent keeps the stored secret (on update), empty is refused. */
    secret: z.string().min(1, 'Secret is required').max(16_384).optional(),
  })
  .superRefine((auth, ctx) => {
    if (auth.kind === 'api_key' && !auth.header)
      ctx.addIssue({ code: 'custom', path: ['header'], message: 'Header name is required for an API key' });
  });

export const toolInput = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, 'letters, digits, _ and - (max 64), not starting with a digit'),
  description: z.string().trim().max(1024).default(''),
  method: z.enum(TOOL_METHODS).default('GET'),
  /** http(s) URL; `{{args.x}}` placeholders are URL-encoded. */
  url: z
    .string()
    .trim()
    .min(1, 'URL is required')
    .max(2048)
    .regex(/^https?:\/\//i, 'must start with http:// or https://'),
  headers: z.record(z.string().regex(HEADER, 'invalid header name'), z.string().max(8192)).default({}),
  /** JSON text with `{{args.x}}` placeholders (methods with a body). */
  body: z.string().max(65_536).optional(),
  parameters: toolParametersSchema.default({ type: 'object', properties: {} }),
  /** flow variable → path into the JSON answer (`data.items[0].id`). */
  responseMapping: z
    .record(z.string().regex(VARIABLE, 'variable names: letters, digits and _'), z.string().max(512))
    .default({}),
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  retries: z.number().int().min(0).max(5).default(0),
  auth: toolAuthInput.default({ kind: 'none' }),
});
export type ToolInput = z.output<typeof toolInput>;

/** PATCH: only the fields sent change (no defaults here: a missing `auth` keeps the stored secret). */
export const toolUpdateInput = z.object({
  name: toolInput.shape.name.optional(),
  description: toolInput.shape.description.unwrap().optional(),
  method: toolInput.shape.method.unwrap().optional(),
  url: toolInput.shape.url.optional(),
  headers: toolInput.shape.headers.unwrap().optional(),
  body: toolInput.shape.body,
  parameters: toolParametersSchema.optional(),
  responseMapping: toolInput.shape.responseMapping.unwrap().optional(),
  timeoutMs: toolInput.shape.timeoutMs.unwrap().optional(),
  retries: toolInput.shape.retries.unwrap().optional(),
  auth: toolAuthInput.optional(),
});
export type ToolUpdateInput = z.output<typeof toolUpdateInput>;

export const toolTestInput = z.object({
  /** Sample arguments, checked against the tool's schema as an LLM call would be. */
  args: z.record(z.string(), z.unknown()).default({}),
});

export const toolSettingsInput = z.object({
  allowHosts: z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(253)
        .regex(/^[A-Za-z0-9.:[\]_-]+$/, 'a host name or an IP address'),
    )
    .max(50)
    .default([]),
  timeZone: z
    .string()
    .trim()
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'unknown time zone'),
});
export type ToolSettingsInput = z.output<typeof toolSettingsInput>;
