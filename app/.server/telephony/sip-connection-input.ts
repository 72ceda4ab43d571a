import { z } from 'zod';
import { PROVIDERS } from './provider-presets.ts';
import { sipText } from './sip-text.ts';

/** A hostname or an IP literal, without scheme or port (those have their own fields). */
const HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$|^\d{1,3}(?:\.\d{1,3}){3}$|^\[[0-9a-f:]+\]$/i;
const PROXY =
  /^(?:sip:)?([a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\[[0-9a-f:]+\])(?::(\d{1,5}))?(?:;transport=(udp|tcp))?$/i;
/**
 * A SIP user part (RFC 3261 25.1: unreserved and escaped characters, a few user-unreserved ones): it is
 * written into From, To and Contact, so nothing that could end the URI or the header gets in.
 */
const SIP_USER = /^[A-Za-z0-9\-_.!~*'()&=+$,%]*$/;

export const host = sipText()
  .trim()
  .toLowerCase()
  .max(253, 'At most 253 characters')
  .regex(HOST, 'A host name or IP address, without sip: or a port');

export const CODECS = ['PCMA', 'PCMU'] as const;
export const CALLER_ID_FORMATS = ['e164', 'digits', 'national8'] as const;

export const callerIdRulesInput = z.object({
  /** Shown to the called party when a number has no caller ID of its own. */
  defaultCallerId: sipText()
    .trim()
    .regex(/^\+?\d{0,15}$/, 'Digits only, optionally starting with +')
    .default(''),
  /** How numbers are written in From and the Request-URI: +7…, 7…, or 8… (Russian national). */
  format: z.enum(CALLER_ID_FORMATS, { error: 'Choose +7…, 7… or 8…' }).default('e164'),
});
export type CallerIdRules = z.infer<typeof callerIdRulesInput>;

const fields = {
  name: sipText().trim().min(1, 'Name is required').max(100, 'At most 100 characters'),
  provider: z.enum(PROVIDERS, { error: 'Choose a provider' }),
  host,
  port: z.number({ error: 'A port number' }).int().min(1, 'From 1 to 65535').max(65535, 'From 1 to 65535'),
  transport: z.enum(['udp', 'tcp'], { error: 'UDP or TCP' }),
  authMode: z.enum(['registration', 'ip'], { error: 'Registration or IP authentication' }),
  username: sipText()
    .trim()
    .max(100, 'At most 100 characters')
    .regex(SIP_USER, "Letters, digits and - _ . ! ~ * ' ( ) & = + $ , % only, no spaces"),
  /** The digest username: sent as a quoted string, so only control characters are refused. */
  authUsername: sipText().trim().max(100, 'At most 100 characters'),
  password: sipText().min(1, 'Password is required').max(200, 'At most 200 characters'),
  outboundProxy: sipText()
    .trim()
    .max(300)
    .refine((v) => v === '' || PROXY.test(v), 'host, host:port or sip:host:port;transport=tcp'),
  codecs: z
    .array(z.enum(CODECS, { error: 'PCMA or PCMU' }))
    .min(1, 'Choose at least one codec')
    .transform((list) => [...new Set(list)]),
  callerIdRules: callerIdRulesInput,
  maxConcurrentCalls: z.number({ error: 'A whole number' }).int().min(0, '0 or more').max(10_000),
  registerExpires: z.number({ error: 'Seconds' }).int().min(60, 'At least 60 s').max(86_400),
  enabled: z.boolean(),
};

/** Registration needs a username and a password; IP authentication needs neither. */
export function credentialIssues(
  value: { authMode?: string; username?: string; password?: string },
  passwordKnown: boolean,
): Record<string, string[]> {
  const issues: Record<string, string[]> = {};
  if (value.authMode !== 'registration') return issues;
  if (!value.username) issues.username = ['Username is required for registration'];
  if (!value.password && !passwordKnown) issues.password = ['Password is required for registration'];
  return issues;
}

export const createSipConnectionInput = z
  .object({
    ...fields,
    host: fields.host.optional(),
    port: fields.port.optional(),
    transport: fields.transport.optional(),
    authMode: fields.authMode.optional(),
    username: fields.username.default(''),
    authUsername: fields.authUsername.default(''),
    password: fields.password.optional(),
    outboundProxy: fields.outboundProxy.default(''),
    codecs: fields.codecs.default(['PCMA', 'PCMU']),
    callerIdRules: fields.callerIdRules.default({ defaultCallerId: '', format: 'e164' }),
    maxConcurrentCalls: fields.maxConcurrentCalls.default(0),
    registerExpires: fields.registerExpires.default(300),
    enabled: fields.enabled.default(true),
  })
  .superRefine((v, ctx) => {
    const issues = credentialIssues({ ...v, authMode: v.authMode ?? 'registration' }, false);
    for (const [field, messages] of Object.entries(issues))
      for (const message of messages) ctx.addIssue({ code: 'custom', path: [field], message });
  });
export type CreateSipConnectionInput = z.infer<typeof createSipConnectionInput>;

/** PATCH: only what is sent changes; a password sent replaces the stored one, none keeps it. */
export const updateSipConnectionInput = z
  .object({
    name: fields.name,
    provider: fields.provider,
    host: fields.host,
    port: fields.port,
    transport: fields.transport,
    authMode: fields.authMode,
    username: fields.username,
    authUsername: fields.authUsername,
    password: fields.password,
    outboundProxy: fields.outboundProxy,
    codecs: fields.codecs,
    callerIdRules: callerIdRulesInput,
    maxConcurrentCalls: fields.maxConcurrentCalls,
    registerExpires: fields.registerExpires,
    enabled: fields.enabled,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to change' });
export type UpdateSipConnectionInput = z.infer<typeof updateSipConnectionInput>;

/** host[:port][;transport=] of an outbound proxy, parsed. */
export function parseProxy(value: string): { host: string; port?: number; transport?: 'udp' | 'tcp' } | null {
  const m = PROXY.exec(value.trim());
  if (!m) return null;
  const transport = m[3]?.toLowerCase();
  return {
    host: m[1]!.toLowerCase(),
    ...(m[2] ? { port: Number(m[2]) } : {}),
    ...(transport === 'udp' || transport === 'tcp' ? { transport } : {}),
  };
}
