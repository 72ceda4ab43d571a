/**
 * Messaging channels (issue 22): a connector per provider account. The secret (SMS.ru api_id, Telegram bot
 * token) is sealed by the credentials service and revealed only to the sender; views never carry it.
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
import type { MessagingProvider } from './providers/provider.ts';
import { smscProvider } from './providers/smsc.ts';
import { smsRuProvider } from './providers/smsru.ts';
import { telegramProvider } from './providers/telegram.ts';

export const CHANNEL_KINDS = ['smsru', 'smsc', 'telegram'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
/** Channels whose recipients are phone numbers: DNC and quiet hours apply, and SMS segments are counted. */
export const PHONE_CHANNELS: ReadonlySet<string> = new Set<ChannelKind>(['smsru', 'smsc']);

const channelSettings = z.object({ from: z.string().trim().max(11).optional() });

export const channelInput = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100),
  kind: z.enum(CHANNEL_KINDS),
  settings: channelSettings.default({}),
  /** SMS.ru api_id, the SMSC.ru API key (or login:password) or the Telegram bot token. */
  secret: z.string().trim().min(1, 'Enter the API key or token').max(500),
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
  const credential = await channelSecrets().create(
    projectId,
    { name: `messaging-channel:${id}`, kind: 'api_key', secret: input.secret },
    credentialActor(ctx),
  );
  const row = await db().messagingChannel.create({
    data: {
      id,
      projectId,
      name: input.name,
      kind: input.kind,
      settings: input.settings,
      credentialId: credential.id,
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
  if (input.secret && before.credentialId)
    await channelSecrets().replaceSecret(projectId, before.credentialId, input.secret, credentialActor(ctx));
  const row = await db().messagingChannel.update({
    where: { id },
    data: {
      // Touched even when only the secret changed: the send workers key their cached client by updatedAt.
      updatedAt: new Date(),
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
  if (!secret) throw new ServiceError(409, 'channel_without_secret', 'This channel has no API key or token.');
  const settings = channelView(row).settings;
  if (row.kind === 'telegram') return telegramProvider({ token: secret, baseUrl: urls.TELEGRAM_API_URL });
  if (row.kind === 'smsc') return smscProvider({ secret, from: settings.from, baseUrl: urls.SMSC_API_URL });
  return smsRuProvider({ apiId: secret, from: settings.from, baseUrl: urls.SMSRU_API_URL });
}
