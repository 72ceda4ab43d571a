import { llmEnv } from '../env/env-schema.ts';
import { parseEnv } from '../env/load-env.ts';

/** PROVIDER_ALLOW_HOSTS, read per use so a process (and a test) sees the variable as it is now. */
export function providerAllowHosts(source?: Record<string, string | undefined>): string[] {
  return parseEnv(llmEnv.pick({ PROVIDER_ALLOW_HOSTS: true }), 'providers', source).PROVIDER_ALLOW_HOSTS;
}
