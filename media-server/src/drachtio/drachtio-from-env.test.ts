import { describe, expect, it } from 'vitest';
import { mediaServerEnv } from '#server/env/env-schema.ts';
import { EnvError, parseEnv } from '#server/env/load-env.ts';
import { drachtioSettings } from './drachtio-from-env.ts';

const base = {
  DATABASE_URL: 'postgresql://root@127.0.0.1:5432/x',
  SECRETS_MASTER_KEY: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
};

function problems(source: Record<string, string>): string[] {
  try {
    parseEnv(mediaServerEnv, 'media-server', source);
    return [];
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    return error.problems.map((p) => p.variable);
  }
}

describe('drachtio settings from the environment', () => {
  it('keeps the embedded gateway the default', () => {
    expect(parseEnv(mediaServerEnv, 'media-server', base).SIP_ENGINE).toBe('embedded');
  });

  it('names each bad variable', () => {
    expect(problems({ ...base, SIP_ENGINE: 'asterisk' })).toEqual(['SIP_ENGINE']);
    expect(problems({ ...base, DRACHTIO_PORT: 'ninety' })).toEqual(['DRACHTIO_PORT']);
    expect(problems({ ...base, FREESWITCH_SIP_URI: 'freeswitch:5080' })).toEqual(['FREESWITCH_SIP_URI']);
    expect(problems({ ...base, DRACHTIO_AUDIO_URL: 'http://media:3003' })).toEqual(['DRACHTIO_AUDIO_URL']);
  });

  it('asks for both secrets, and fills in the defaults', () => {
    const env = parseEnv(mediaServerEnv, 'media-server', { ...base, SIP_ENGINE: 'drachtio' });
    expect(drachtioSettings(env)).toEqual({ ok: false, missing: ['DRACHTIO_SECRET', 'FREESWITCH_SECRET'] });
    const full = parseEnv(mediaServerEnv, 'media-server', {
      ...base,
      SIP_ENGINE: 'drachtio',
      DRACHTIO_SECRET: 'cymru',
      FREESWITCH_HOST: 'freeswitch',
      FREESWITCH_SECRET: 'ClueCon',
      DRACHTIO_AUDIO_URL: 'ws://media:3003',
    });
    expect(drachtioSettings(full)).toEqual({
      ok: true,
      settings: {
        drachtio: { host: '127.0.0.1', port: 9022, secret: 'cymru' },
        freeswitch: { host: 'freeswitch', port: 8021, secret: 'ClueCon', sipUri: 'sip:freeswitch:5080' },
        audio: { host: '127.0.0.1', port: 3003, publicUrl: 'ws://media:3003' },
        mediaTimeoutMs: 30_000,
      },
    });
  });
});
