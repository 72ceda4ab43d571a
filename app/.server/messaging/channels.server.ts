/**
 * Messaging channels (issue 22): a connector per provider account. The secret (SMS.ru api_id, Telegram bot
 * token, SMTP password) is sealed by the credentials service and revealed only to the sender; views never
 * carry it. A channel that names its own server (SMTP) is vetted by the address policy when it is saved and
 * again before every connection.
 */
import { z } from 'zod';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db } from '../db.ts';
import { messagingEnv } from '../env/env-schema.ts';
import { parseEnv } from '../env/load-env.ts';
import { ServiceError } from '../errors/service-error.ts';
import { createCredentialsService, type CredentialsService } from '../secrets/credentials.server.ts';
import { keyringFromEnv } from '../secrets/master-keys.ts';
import { credentialActor } from '../telephony/sip-credentials.server.ts';
import { AddressRefusedError, vetHost } from '../net/address-policy.ts';
import { messagingAllowHosts } from './messaging-allow-hosts.ts';
import type { MessagingProvider } from './providers/provider.ts';
import { smscProvider } from './providers/smsc.ts';
import { smsRuProvider } from './providers/smsru.ts';
import { smppProvider } from './providers/smpp.ts';
import { smtpProvider, SMTP_TLS_MODES } from './providers/smtp.ts';
import { smppLinkFor } from './smpp-links.server.ts';
import { telegramProvider } from './providers/telegram.ts';

export const CHANNEL_KINDS = ['smsru', 'smsc', 'smpp', 'telegram', 'smtp'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
/** Channels whose recipients are phone numbers: DNC and quiet hours apply, and SMS segments are counted. */
export const PHONE_CHANNELS: ReadonlySet<string> = new Set<ChannelKind>(['smsru', 'smsc', 'smpp']);
/** Channels that connect to a server the user names: its host is vetted by the address policy. */
const HOSTED_CHANNELS: ReadonlySet<string> = new Set<ChannelKind>(['smtp', 'smpp']);

/**
 * What is not secret: the SMS sender name, or the server (host, port, TLS, login; SMPP's system id is `user`
 * and its system type `systemType`) and the sender (an e-mail From, an SMPP source address).
 */
export const channelSettings = z.object({
  from: z.string().trim().max(254).optional(),
  host: z.string().trim().min(1).max(253).optional(),
  port: z.number().int().min(1).max(65535).optional(),
  tls: z.enum(SMTP_TLS_MODES).optional(),
  user: z.string().trim().max(254).optional(),
  systemType: z.string().trim().max(12).optional(),
  /** The provider's rate: at most this many sends a second through the channel (Telegram: 30 unless set). */
  ratePerSecond: z.number().int().min(1).max(10_000).optional(),
  /** At most this many messages a day to one recipient through the channel; more are refused. */
  perRecipientDaily: z.number().int().min(1).max(1_000).optional(),
});
type ChannelSettings = z.infer<typeof channelSettings>;

// `Clinic <no-reply@clinic.ru>` or `no-reply@clinic.ru`.
const MAILBOX = /^(?:[^<>@\r\n]*<)?[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>?$/;

/** The settings each kind needs, as field errors (`settings.host`…); empty when they are complete. */
function settingsProblems(kind: ChannelKind, s: ChannelSettings, hasSecret: boolean): Record<string, string> {
  const problems: Record<string, string> = {};
  if (kind === 'smtp') {
    if (!s.host) problems['settings.host'] = 'Enter the SMTP server';
    if (!s.port) problems['settings.port'] = 'Enter the port (465, 587 or 25)';
    if (!s.tls) problems['settings.tls'] = 'Choose how the connection is encrypted';
    if (!s.from || !MAILBOX.test(s.from))
      problems['settings.from'] = 'Enter the sender address (name@domain)';
    if (s.user && !hasSecret) problems.secret = 'Enter the password';
  } else if (kind === 'smpp') {
    if (!s.host) problems['settings.host'] = 'Enter the SMSC address';
    if (!s.port) problems['settings.port'] = 'Enter the port (usually 2775)';
    if (s.tls === 'starttls') problems['settings.tls'] = 'SMPP has TLS from the start or none';
    // SMPP 3.4 §5.2: system_id is at most 16 octets, password 9, source_addr 21 (11 letters as a name).
    if (!s.user || s.user.length > 15)
      problems['settings.user'] = 'Enter the system id (up to 15 characters)';
    if (!hasSecret) problems.secret = 'Enter the password';
    if (s.from && s.from.length > 20) problems['settings.from'] = 'At most 20 characters';
  } else {
    if (s.from && s.from.length > 11) problems['settings.from'] = 'At most 11 characters';
    if (!hasSecret) problems.secret = 'Enter the API key or token';
  }
  return problems;
}

export const channelInput = z
  .object({
    name: z.string().trim().min(1, 'Name is required').max(100),
    kind: z.enum(CHANNEL_KINDS),
    settings: channelSettings.default({}),
    /** SMS.ru api_id, the SMSC.ru API key (or login:password), the Telegram bot token or the SMTP password. */
    secret: z.string().trim().max(500).optional(),
  })
  .superRefine((v, ctx) => {
    for (const [path, message] of Object.entries(settingsProblems(v.kind, v.settings, Boolean(v.secret))))
      ctx.addIssue({ code: 'custom', path: path.split('.'), message });
  });
export const channelUpdateInput = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    settings: channelSettings.optional(),
    secret: z.string().trim().min(1).max(500).optional(),
    enabled: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Nothing to change');
export const channelTestInput = z.object({
  to: z.string().trim().min(1, 'Enter a recipient').max(200),
  text: z.string().trim().min(1).max(1000).default('Test message / Тестовое сообщение'),
});

/** Refuses a server the platform may not reach (a private address not on the allowed hosts). */
async function vetChannelHost(kind: string, settings: ChannelSettings): Promise<void> {
  if (!HOSTED_CHANNELS.has(kind) || !settings.host) return;
  try {
    await vetHost(settings.host, { allowHosts: messagingAllowHosts() });
  } catch (e) {
    if (!(e instanceof AddressRefusedError)) throw e;
    throw new ServiceError(422, 'invalid_input', 'This server address is not allowed.', {
      'settings.host': [e.message],
    });
  }
}

export interface ChannelView {
  id: string;
  name: string;
  kind: ChannelKind;
  settings: z.infer<typeof channelSettings>;
  hasSecret: boolean;
  enabled: boolean;
  createdAt: string;
}

export type ChannelRow = Awaited<ReturnType<ReturnType<typeof db>['messagingChannel']['findFirstOrThrow']>>;

let credentials: CredentialsService | undefined;
export function channelSecrets(): CredentialsService {
  credentials ??= createCredentialsService(db(), keyringFromEnv());
  return credentials;
}

export const channelKind = (kind: string): ChannelKind =>
  (CHANNEL_KINDS as readonly string[]).includes(kind) ? (kind as ChannelKind) : 'smsru';

export function channelView(row: ChannelRow): ChannelView {
  const settings = channelSettings.safeParse(row.settings);
  return {
    id: row.id,
    name: row.name,
    kind: channelKind(row.kind),
    settings: settings.success ? settings.data : {},
    hasSecret: row.credentialId !== null,
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
  };
}

const notFound = () =>
  new ServiceError(404, 'channel_not_found', 'No such messaging channel in this project.');

export async function findChannel(projectId: string, id: string): Promise<ChannelRow> {
  const row = await db().messagingChannel.findFirst({ where: { id, projectId } });
  if (!row) throw notFound();
  return row;
}

export async function listChannels(projectId: string): Promise<ChannelView[]> {
  const rows = await db().messagingChannel.findMany({ where: { projectId }, orderBy: { createdAt: 'asc' } });
  return rows.map(channelView);
}

export async function createChannel(
  ctx: ServiceContext,
  input: z.infer<typeof channelInput>,
): Promise<ChannelView> {
  const projectId = ctx.access.projectId;
  const id = crypto.randomUUID();
  await vetChannelHost(input.kind, input.settings);
  const credential = input.secret
    ? await channelSecrets().create(
        projectId,
        { name: `messaging-channel:${id}`, kind: 'api_key', secret: input.secret },
        credentialActor(ctx),
      )
    : null;
  const row = await db().messagingChannel.create({
    data: {
      id,
      projectId,
      name: input.name,
      kind: input.kind,
      settings: input.settings,
      credentialId: credential?.id ?? null,
    },
  });
  await auditAs(ctx, {
    action: 'messaging_channel.create',
    targetType: 'messaging_channel',
    targetId: id,
    diff: { after: { name: row.name, kind: row.kind } },
  });
  return channelView(row);
}

export async function updateChannel(
  ctx: ServiceContext,
  id: string,
  input: z.infer<typeof channelUpdateInput>,
): Promise<ChannelView> {
  const projectId = ctx.access.projectId;
  const before = await findChannel(projectId, id);
  if (input.settings) {
    const problems = settingsProblems(channelKind(before.kind), input.settings, true);
    if (Object.keys(problems).length)
      throw new ServiceError(
        400,
        'validation_failed',
        'The settings are incomplete.',
        Object.fromEntries(Object.entries(problems).map(([k, m]) => [k, [m]])),
      );
    await vetChannelHost(before.kind, input.settings);
  }
  let credentialId = before.credentialId;
  if (input.secret && credentialId)
    await channelSecrets().replaceSecret(projectId, credentialId, input.secret, credentialActor(ctx));
  else if (input.secret)
    credentialId = (
      await channelSecrets().create(
        projectId,
        { name: `messaging-channel:${id}`, kind: 'api_key', secret: input.secret },
        credentialActor(ctx),
      )
    ).id;
  const row = await db().messagingChannel.update({
    where: { id },
    data: {
      // Touched even when only the secret changed: the send workers key their cached client by updatedAt.
      updatedAt: new Date(),
      credentialId,
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.settings !== undefined ? { settings: input.settings } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    },
  });
  await auditAs(ctx, {
    action: 'messaging_channel.update',
    targetType: 'messaging_channel',
    targetId: id,
    diff: {
      before: { name: before.name, enabled: before.enabled },
      after: { name: row.name, enabled: row.enabled, secretReplaced: Boolean(input.secret) },
    },
  });
  return channelView(row);
}

export async function deleteChannel(ctx: ServiceContext, id: string): Promise<void> {
  const projectId = ctx.access.projectId;
  const row = await findChannel(projectId, id);
  await db().messagingChannel.delete({ where: { id } });
  if (row.credentialId) await channelSecrets().remove(projectId, row.credentialId, credentialActor(ctx));
  await auditAs(ctx, {
    action: 'messaging_channel.delete',
    targetType: 'messaging_channel',
    targetId: id,
    diff: { before: { name: row.name, kind: row.kind } },
  });
}

/** The provider client for a channel, with its secret revealed (server side only). */
export async function providerFor(
  row: ChannelRow,
  env?: Record<string, string | undefined>,
): Promise<MessagingProvider> {
  const urls = parseEnv(messagingEnv, 'messaging', env);
  const secret = row.credentialId ? await channelSecrets().reveal(row.projectId, row.credentialId) : null;
  const settings = channelView(row).settings;
  if (row.kind === 'smtp')
    return smtpProvider({
      host: settings.host ?? '',
      port: settings.port ?? 587,
      tls: settings.tls ?? 'starttls',
      ...(settings.user ? { user: settings.user, password: secret ?? '' } : {}),
      from: settings.from ?? '',
      allowHosts: messagingAllowHosts(env),
    });
  if (!secret) throw new ServiceError(409, 'channel_without_secret', 'This channel has no API key or token.');
  if (row.kind === 'smpp')
    return smppProvider({
      from: settings.from,
      link: smppLinkFor(row, {
        host: settings.host ?? '',
        port: settings.port ?? 2775,
        tls: settings.tls === 'implicit',
        systemId: settings.user ?? '',
        password: secret,
        ...(settings.systemType ? { systemType: settings.systemType } : {}),
        allowHosts: messagingAllowHosts(env),
      }),
    });
  if (row.kind === 'telegram') return telegramProvider({ token: secret, baseUrl: urls.TELEGRAM_API_URL });
  if (row.kind === 'smsc') return smscProvider({ secret, from: settings.from, baseUrl: urls.SMSC_API_URL });
  return smsRuProvider({ apiId: secret, from: settings.from, baseUrl: urls.SMSRU_API_URL });
}
