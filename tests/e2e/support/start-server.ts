// Starts the production build against a fresh, migrated and seeded e2e database, for Playwright.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { applyMigrations } from '../../../prisma/tools/migrate-lib.ts';
import { adminQuery, pgConfigFromUrl, withDatabase } from '../../../prisma/tools/pg-config.ts';
import { TEST_MASTER_KEY, TEST_SERVER_URL, e2eDatabaseName } from '../../support/test-env.ts';
import { writeCallerWav } from './caller-wav.ts';
import { startFakeLlm } from './fake-llm.ts';
import { startFakeMessagingProvider } from '../../support/fake-messaging-provider.ts';
import { makeWebhookReceiverCert } from './webhook-receiver-cert.ts';
import { startFakeGoogleCalendar } from '#server/integrations/google-calendar/testing/fake-google-calendar.ts';

const root = resolve(import.meta.dirname, '..', '..', '..');
const port = process.env.E2E_PORT ?? '3100';
// Named by port, so browser suites of two checkouts on one machine never share a database.
const database = e2eDatabaseName(port);
const databaseUrl = withDatabase(TEST_SERVER_URL, database);

await adminQuery(pgConfigFromUrl(TEST_SERVER_URL), `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
await adminQuery(pgConfigFromUrl(TEST_SERVER_URL), `CREATE DATABASE "${database}"`);
await applyMigrations(databaseUrl);

const mediaPort = String(Number(port) + 1);
// Agent blocks' function calling (tools spec) talks to a local OpenAI-compatible endpoint.
const llmPort = Number(port) + 3000;
const fakeLlm = await startFakeLlm(llmPort);
// SMS.ru and the Telegram Bot API, spoken by one local server (the messages spec): PORT+5000.
const fakeMessaging = await startFakeMessagingProvider({ port: Number(port) + 5000 });
// Google's OAuth and Calendar API, spoken by one local server (the Google Calendar spec): PORT+5001.
const fakeGoogle = await startFakeGoogleCalendar({ port: Number(port) + 5001 });
const env = {
  ...process.env,
  NODE_ENV: 'production' as const,
  // The pseudo-locale spec's `lang=pseudo` cookie (off in a real production server).
  PSEUDO_LOCALE: '1',
  LOG_LEVEL: 'warn',
  DATABASE_URL: databaseUrl,
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
  REDIS_PREFIX: `vpe2e${port}`,
  SECRETS_MASTER_KEY: TEST_MASTER_KEY,
  AUTH_JWT_KEYS: `e2e:${Buffer.alloc(32, 3).toString('base64')}`,
  PORT: port,
  HOST: '127.0.0.1',
  PUBLIC_URL: `http://localhost:${port}`,
  // The media server beside it: browser voice (tickets signed with the same keys), SIP on a spare port.
  VOICE_PUBLIC_URL: `ws://localhost:${mediaPort}/voice/v1/ws`,
  MEDIA_HTTP_PORT: mediaPort,
  MEDIA_HTTP_HOST: '127.0.0.1',
  SIP_HOST: '127.0.0.1',
  SIP_PORT: String(Number(port) + 2000),
  RTP_PORT_MIN: String(33000 + (Number(port) % 100) * 200),
  RTP_PORT_MAX: String(33199 + (Number(port) % 100) * 200),
  // The telephony spec checks connections against a fake registrar on loopback.
  TELEPHONY_ALLOW_HOSTS: '127.0.0.1',
  // Provider accounts' local fakes (the Providers spec) live on loopback too.
  PROVIDER_ALLOW_HOSTS: '127.0.0.1',
  // The webhooks spec's HTTPS receiver is on loopback as well.
  WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
  LLM_KIND: 'openai-compatible',
  LLM_BASE_URL: `http://127.0.0.1:${llmPort}/v1`,
  LLM_API_KEY: 'e2e',
  LLM_MODEL: 'e2e-fake',
  SMSRU_API_URL: fakeMessaging.url,
  TELEGRAM_API_URL: fakeMessaging.url,
  GOOGLE_OAUTH_URL: fakeGoogle.base,
  GOOGLE_TOKEN_URL: `${fakeGoogle.base}/token`,
  GOOGLE_API_URL: fakeGoogle.base,
  SMSC_API_URL: fakeMessaging.url,
  // The messages spec's SMTP server (and SMSC) listen on loopback.
  MESSAGING_ALLOW_HOSTS: '127.0.0.1',
};

const run = (args: string[]) =>
  new Promise<void>((ok, fail) =>
    spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' }).on('exit', (c) =>
      c === 0 ? ok() : fail(new Error(`${args.join(' ')} exited ${c}`)),
    ),
  );
await run(['--import', 'tsx', 'prisma/seed.ts']);
await writeCallerWav(resolve(root, 'test-results/voice-caller.wav'));
// Throttling counters from an earlier run must not leak into this one.
const { Redis } = await import('ioredis');
const redis = new Redis(env.REDIS_URL);
const stale = await redis.keys(`${env.REDIS_PREFIX}:*`);
if (stale.length) await redis.del(...stale);
await redis.quit();

const media = spawn(
  process.execPath,
  ['--max-semi-space-size=32', '--import', 'tsx', 'media-server/src/main.ts'],
  { cwd: root, env, stdio: 'inherit' },
);
// The web process's /healthz is what Playwright waits for; it starts once the media server answers, so a
// spec never asks the media server (a connection check over the bus, a voice call) before it listens.
const mediaHealth = `http://127.0.0.1:${mediaPort}/healthz`;
for (const deadline = Date.now() + 110_000; ;) {
  const up = await fetch(mediaHealth).then(
    (r) => r.ok,
    () => false,
  );
  if (up) break;
  if (Date.now() > deadline) throw new Error('the media server did not start');
  await new Promise((r) => setTimeout(r, 250));
}
// The workers: campaigns dial through the media server above (issue 21).
const workers = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
  cwd: root,
  // Webhook deliveries to the spec's receiver trust its self-signed certificate (Node reads this at start).
  env: {
    ...env,
    // Not +3000: the fake LLM listens there, and the workers exit when their health port is taken.
    WORKERS_HEALTH_PORT: String(Number(port) + 4000),
    NODE_EXTRA_CA_CERTS: makeWebhookReceiverCert(port).cert,
  },
  stdio: 'inherit',
});
const web = spawn(process.execPath, ['--import', 'tsx', 'app/.server/processes/web.ts'], {
  cwd: root,
  env,
  stdio: 'inherit',
});
const stop = () => {
  web.kill('SIGTERM');
  media.kill('SIGTERM');
  fakeLlm.close();
  void fakeMessaging.close();
  void fakeGoogle.close();
  workers.kill('SIGTERM');
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
web.on('exit', (code) => process.exit(code ?? 0));
