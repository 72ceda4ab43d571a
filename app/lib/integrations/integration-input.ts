import { z } from 'zod';

/** Connect Bitrix24 by its incoming webhook URL (`https://<portal>/rest/<user>/<code>/`). */
export const integrationInput = z.object({
  provider: z.literal('bitrix24'),
  name: z.string().trim().min(1).max(100),
  webhookUrl: z.string().trim().min(1).max(2_000),
  /** The Bitrix24 user calls are logged for; the webhook's own user when absent. */
  userId: z.number().int().positive().optional(),
  logCalls: z.boolean().default(true),
});
export type IntegrationInput = z.infer<typeof integrationInput>;

/**
 * Connect Bitrix24 by OAuth: the portal and its local application (Developer resources → Other → Local
 * application). The secret is sealed; the browser is then sent to the portal to allow the application.
 */
export const bitrix24OAuthInput = z.object({
  name: z.string().trim().min(1).max(100),
  portalUrl: z.string().trim().min(1).max(300),
  clientId: z.string().trim().min(1).max(200),
  clientSecret: z.string().trim().min(1).max(500),
  /** The Bitrix24 user calls are logged for. */
  userId: z.number().int().positive().optional(),
  logCalls: z.boolean().default(true),
});
export type Bitrix24OAuthInput = z.infer<typeof bitrix24OAuthInput>;

/**
 * Connect amoCRM by OAuth: the account and its integration (amoMarket → Create integration, with the
 * screen's redirect address). The secret key is sealed; the browser is then sent to amoCRM to allow it.
 */
export const amoCrmOAuthInput = z.object({
  name: z.string().trim().min(1).max(100),
  accountUrl: z.string().trim().min(1).max(300),
  clientId: z.string().trim().min(1).max(200),
  clientSecret: z.string().trim().min(1).max(500),
  logCalls: z.boolean().default(true),
});
export type AmoCrmOAuthInput = z.infer<typeof amoCrmOAuthInput>;

/**
 * Connect a Google Calendar by OAuth: the OAuth client (Google Cloud console → Credentials → OAuth client ID,
 * type Web application, with the screen's redirect address). The secret is sealed; the browser goes to Google.
 */
export const googleCalendarOAuthInput = z.object({
  name: z.string().trim().min(1).max(100),
  clientId: z.string().trim().min(1).max(300),
  clientSecret: z.string().trim().min(1).max(500),
});
export type GoogleCalendarOAuthInput = z.infer<typeof googleCalendarOAuthInput>;

/** What leaves the server about a connection: never the webhook code or a token. */
export const integrationView = z.object({
  id: z.string().uuid(),
  provider: z.enum(['bitrix24', 'amocrm', 'google_calendar']),
  name: z.string(),
  authMode: z.enum(['webhook', 'oauth']),
  /** The portal's host (the secret part of the URL is never shown). */
  portal: z.string(),
  userId: z.number().int(),
  logCalls: z.boolean(),
  health: z.object({
    /** `pending`: an OAuth application not yet authorized in the portal. */
    status: z.enum(['connected', 'failing', 'untested', 'pending']),
    failingSince: z.string().nullable(),
    lastError: z.string().nullable(),
  }),
  createdAt: z.string(),
});
export type IntegrationView = z.infer<typeof integrationView>;

export const integrationLogView = z.object({
  id: z.string().uuid(),
  method: z.string(),
  status: z.number().int(),
  ok: z.boolean(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  at: z.string(),
});
export type IntegrationLogView = z.infer<typeof integrationLogView>;

export const integrationList = z.object({ integrations: z.array(integrationView) });
export const integrationDetail = z.object({ integration: integrationView, log: z.array(integrationLogView) });
export const bitrix24OAuthStart = z.object({ integration: integrationView, authorizeUrl: z.string().url() });
export const bitrix24Authorize = z.object({ authorizeUrl: z.string().url() });
export const integrationTestResult = z.object({
  ok: z.boolean(),
  error: z.string().nullable(),
  integration: integrationView,
});
