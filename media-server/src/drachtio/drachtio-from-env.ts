import type { MediaServerEnv } from '#server/env/env-schema.ts';
import type { DrachtioGatewayOptions } from './drachtio-gateway.ts';

export type DrachtioSettings = Omit<DrachtioGatewayOptions, 'route' | 'logger'>;

/**
 * The drachtio path's settings from the environment, or the variables that must be set for it. The
 * schema validates each variable; that the secrets are present matters only with SIP_ENGINE=drachtio.
 */
export function drachtioSettings(
  env: MediaServerEnv,
): { ok: true; settings: DrachtioSettings } | { ok: false; missing: string[] } {
  const missing = [
    ...(env.DRACHTIO_SECRET ? [] : ['DRACHTIO_SECRET']),
    ...(env.FREESWITCH_SECRET ? [] : ['FREESWITCH_SECRET']),
  ];
  if (!env.DRACHTIO_SECRET || !env.FREESWITCH_SECRET) return { ok: false, missing };
  return {
    ok: true,
    settings: {
      drachtio: { host: env.DRACHTIO_HOST, port: env.DRACHTIO_PORT, secret: env.DRACHTIO_SECRET },
      freeswitch: {
        host: env.FREESWITCH_HOST,
        port: env.FREESWITCH_PORT,
        secret: env.FREESWITCH_SECRET,
        sipUri: env.FREESWITCH_SIP_URI ?? `sip:${env.FREESWITCH_HOST}:5080`,
      },
      audio: {
        host: env.DRACHTIO_AUDIO_HOST,
        port: env.DRACHTIO_AUDIO_PORT,
        ...(env.DRACHTIO_AUDIO_URL ? { publicUrl: env.DRACHTIO_AUDIO_URL } : {}),
      },
      mediaTimeoutMs: env.SIP_MEDIA_TIMEOUT_MS,
    },
  };
}
