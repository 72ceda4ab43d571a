/**
 * Single settings read where they are used rather than at process start (libraries, routes, cookies), each
 * through the env schema so every process reads a variable the same way, with the same default.
 */
import { z } from 'zod';
import { commonEnv, mediaServerEnv, recordingsEnv, webEnv } from './env-schema.ts';
import { parseEnv } from './load-env.ts';

export const logLevel = () => parseEnv(commonEnv.pick({ LOG_LEVEL: true }), 'logger').LOG_LEVEL;

/** An HTTPS deployment: its cookies are Secure. */
export const publicUrlIsHttps = () =>
  parseEnv(webEnv.pick({ PUBLIC_URL: true }), 'web').PUBLIC_URL.startsWith('https://');

/** The pseudo locale may be chosen: always outside production, in production only when PSEUDO_LOCALE=1. */
export const pseudoLocaleAllowed = () => {
  const env = parseEnv(webEnv.pick({ NODE_ENV: true, PSEUDO_LOCALE: true }), 'web');
  return env.NODE_ENV !== 'production' || env.PSEUDO_LOCALE === '1';
};

export const voicePublicUrl = () => parseEnv(webEnv.pick({ VOICE_PUBLIC_URL: true }), 'web').VOICE_PUBLIC_URL;

/** Where recordings are served from when RECORDINGS_DIR is set; unset, any absolute .wav path of a call. */
export const recordingsRoot = () =>
  parseEnv(z.object({ RECORDINGS_DIR: recordingsEnv.shape.RECORDINGS_DIR.unwrap().optional() }), 'recordings')
    .RECORDINGS_DIR;

/** Where callers reach the embedded SIP gateway (the same variables the media server reads), to show each
 * number's SIP URI. */
export const sipAddressForCallers = () => {
  const env = parseEnv(
    mediaServerEnv.pick({ SIP_PUBLIC_ADDRESS: true, SIP_HOST: true, SIP_PORT: true }),
    'web',
  );
  const host = env.SIP_PUBLIC_ADDRESS ?? env.SIP_HOST;
  return { host: host === '0.0.0.0' ? '127.0.0.1' : host, port: env.SIP_PORT };
};
