import { z } from 'zod';
import { parseEnv } from '../env/load-env.ts';

/**
 * TELEPHONY_ALLOW_HOSTS: the install's exceptions to the outbound address policy for SIP and RTP (ADR 013),
 * comma-separated host names or IP addresses on private or loopback networks (a PBX in the office, a
 * Kamailio beside the media server). Empty by default: every project reaches public addresses only.
 */
export const telephonyAllowHostsEnv = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );

const schema = z.object({ TELEPHONY_ALLOW_HOSTS: telephonyAllowHostsEnv });

/** Read per call, so a process (and a test) sees the variable as it is now. */
export function telephonyAllowHosts(source?: Record<string, string | undefined>): string[] {
  return parseEnv(schema, 'telephony', source).TELEPHONY_ALLOW_HOSTS;
}
