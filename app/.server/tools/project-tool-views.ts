import { z } from 'zod';
import { TOOL_AUTH_KINDS, TOOL_METHODS } from './project-tool-input.ts';

/** A project tool as it leaves the server: the credential only as "set" or not, never its characters. */
export const toolView = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  method: z.enum(TOOL_METHODS),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  body: z.string().nullable(),
  parameters: z.record(z.string(), z.unknown()),
  responseMapping: z.record(z.string(), z.string()),
  timeoutMs: z.number().int(),
  retries: z.number().int(),
  auth: z.object({
    kind: z.enum(TOOL_AUTH_KINDS),
    header: z.string().nullable(),
    secretSet: z.boolean(),
  }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ToolView = z.infer<typeof toolView>;

export const builtinToolView = z.object({
  name: z.string(),
  description: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  /** `function`: the LLM calls it like any tool; `exit`: an Agent exit leading to an End or Transfer block. */
  kind: z.enum(['function', 'exit']),
});
export type BuiltinToolView = z.infer<typeof builtinToolView>;

export const toolSettingsView = z.object({
  allowHosts: z.array(z.string()),
  timeZone: z.string(),
});
export type ToolSettingsView = z.infer<typeof toolSettingsView>;

export const toolList = z.object({
  tools: z.array(toolView),
  builtins: z.array(builtinToolView),
  settings: toolSettingsView,
});

/** What Test shows: the request as sent (the secret masked) and the answer as received and as mapped. */
export const toolTestResult = z.object({
  request: z.object({
    method: z.string(),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    body: z.string().nullable(),
  }),
  ok: z.boolean(),
  status: z.number().int().nullable(),
  /** The parsed JSON answer (or its text); after an HTTP error, the error answer's body as text (up to
   * 2,000 characters, any secret the request carried masked). */
  response: z.unknown(),
  /** The answer after the response mapping: what a flow's variables receive. */
  result: z.unknown(),
  error: z.string().nullable(),
  durationMs: z.number(),
});
export type ToolTestResult = z.infer<typeof toolTestResult>;
