import { z } from 'zod';
import { parseEnv } from '../env/load-env.ts';
import { telephonyAllowHostsEnv } from '../telephony/telephony-allow-hosts.ts';

const schema = z.object({ MESSAGING_ALLOW_HOSTS: telephonyAllowHostsEnv });

/**
 * MESSAGING_ALLOW_HOSTS: private hosts a messaging channel's own server (SMTP, SMPP) may be on, such as the
 * office's mail relay; everything else must be public (ADR 013). An install setting, not a project's: a
 * project admin cannot point the workers at the machine's own services. Read per use.
 */
export function messagingAllowHosts(source?: Record<string, string | undefined>): string[] {
  return parseEnv(schema, 'messaging', source).MESSAGING_ALLOW_HOSTS;
}
