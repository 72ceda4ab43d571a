import { webhooksEnv } from '../env/env-schema.ts';
import { parseEnv } from '../env/load-env.ts';

/** WEBHOOK_ALLOW_HOSTS: private hosts a webhook may target (checked at save and at every send), read per use. */
export function webhookAllowHosts(source?: Record<string, string | undefined>): string[] {
  return parseEnv(webhooksEnv, 'webhooks', source).WEBHOOK_ALLOW_HOSTS;
}
