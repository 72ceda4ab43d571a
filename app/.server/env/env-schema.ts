import { isIP } from 'node:net';
import { z } from 'zod';
import { telephonyAllowHostsEnv } from '../telephony/telephony-allow-hosts.ts';

const postgresUrl = z.string({ error: 'is required' }).refine((v) => {
  try {
    const u = new URL(v);
    return (u.protocol === 'postgresql:' || u.protocol === 'postgres:') && u.pathname.length > 1;
  } catch {
    return false;
  }
}, 'must be a URL like postgresql://user@host:5432/database');

const redisUrl = z
  .string()
  .default('redis://127.0.0.1:6379/0')
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'redis:' || u.protocol === 'rediss:';
    } catch {
      return false;
    }
  }, 'must be a URL like redis://127.0.0.1:6379/0');

/** "<keyId>:<base64 of 32 bytes>", e.g. k2026a:9Jc...= */
export const masterKeySpec = z
  .string({ error: 'is required (run `npm run setup` to write one into .env)' })
  .regex(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]+$/, 'must look like <keyId>:<base64 key>')
  .refine(
    (v) => Buffer.from(v.split(':')[1] ?? '', 'base64').length === 32,
    'key must be 32 bytes of base64',
  );

const keyList = z
  .string()
  .default('')
  .refine(
    (v) =>
      v
        .split(',')
        .filter(Boolean)
        .every((k) => masterKeySpec.safeParse(k.trim()).success),
    'must be a comma-separated list of <keyId>:<base64 key>',
  );

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

export const commonEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export const databaseEnv = z.object({ DATABASE_URL: postgresUrl });
export const redisEnv = z.object({
  REDIS_URL: redisUrl,
  /** Prefix for every key and queue, so several deployments (or test workers) share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]*$/, 'letters, digits, ":", "_" and "-" only')
    .default('vp'),
});
export const secretsEnv = z.object({
  SECRETS_MASTER_KEY: masterKeySpec,
  SECRETS_PREVIOUS_KEYS: keyList,
});

/** "<kid>:<base64>,<kid>:<base64>": the first key signs access tokens, all of them verify. */
export const jwtKeysSpec = z
  .string({ error: 'is required (run `npm run setup` to write one into .env)' })
  .refine(
    (v) =>
      v.split(',').every((k) => {
        const [kid, b64] = k.trim().split(':');
        return !!kid && /^[A-Za-z0-9_-]{1,40}$/.test(kid) && Buffer.from(b64 ?? '', 'base64').length >= 32;
      }),
    'must be a comma-separated list of <kid>:<base64 of at least 32 bytes>',
  );

export const authEnv = z.object({ AUTH_JWT_KEYS: jwtKeysSpec });

/** An address, a CIDR (address/prefix) or one of Express's names for a range. */
function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Which proxies' X-Forwarded-For/-Host/-Proto are believed: a hop count ("1": the one proxy in front), or a
 * comma-separated list of addresses and CIDRs ("10.0.0.5, 10.1.0.0/16", or loopback). Unset: none, so a
 * client cannot pick the address that throttling and the audit log record.
 */
export const trustProxySpec = z
  .string()
  .optional()
  .transform((v, ctx): false | number | string[] => {
    const value = v?.trim() ?? '';
    if (value === '' || value === '0') return false;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    if (entries.every(isProxyAddress)) return entries;
    ctx.addIssue({
      code: 'custom',
      message: 'must be a hop count (1) or a comma-separated list of addresses or CIDRs (10.0.0.0/8, ::1)',
    });
    return z.NEVER;
  });

/**
 * Knowledge search backends, read by every process that indexes or searches (web, workers, media server).
 * All optional: without them search is PostgreSQL full text + trigram. A base URL needs its key and model,
 * checked where the settings are built (app/.server/knowledge-base/knowledge-settings.server.ts).
 */
export const knowledgeEnv = z.object({
  EMBEDDINGS_KIND: z
    .enum(['openai', 'azure-openai', 'yandexgpt', 'openai-compatible'])
    .default('openai-compatible'),
  EMBEDDINGS_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  EMBEDDINGS_API_KEY: z.string().optional(),
  EMBEDDINGS_MODEL: z.string().optional(),
  EMBEDDINGS_DIMENSIONS: z.coerce.number().int().min(8).max(8192).optional(),
  /** Azure OpenAI's api-version, YandexGPT's folder id. */
  EMBEDDINGS_API_VERSION: z.string().optional(),
  EMBEDDINGS_FOLDER_ID: z.string().optional(),
  /** Vector candidates below this cosine similarity are left out (default 0.3). */
  EMBEDDINGS_MIN_SIMILARITY: z.coerce.number().min(-1).max(1).default(0.3),
  /** Heap (MB) of the worker thread that reads one uploaded file or crawled page; past it the source fails. */
  KNOWLEDGE_EXTRACT_HEAP_MB: z.coerce.number().int().min(16).max(8192).default(512),
  /** Time (ms) one file or page may take to read before it is stopped and its source fails. */
  KNOWLEDGE_EXTRACT_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
  TYPESENSE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  TYPESENSE_API_KEY: z.string().optional(),
  TYPESENSE_COLLECTION: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/, 'letters, digits, "_" and "-" only')
    .default('knowledge_chunks'),
});

/** Where call recordings (stereo WAV: caller left, agent right) are written, served from and removed. */
export const recordingsEnv = z.object({ RECORDINGS_DIR: z.string().default('data/recordings') });

/**
 * The deployment's default LLM for Agent nodes, read by the media server, the studio's test console and
 * post-call analysis; unset = the embedded intent engine answers (and slots fill the analysis).
 */
export const llmEnv = z.object({
  /** Private or loopback hosts (a vLLM, Ollama or Vosk server beside the platform) that projects' provider
   * accounts may reach; default none (ADR 013, ADR 015). */
  PROVIDER_ALLOW_HOSTS: telephonyAllowHostsEnv,
  LLM_KIND: z.enum(['openai', 'azure-openai', 'yandexgpt', 'openai-compatible']).default('openai-compatible'),
  LLM_BASE_URL: z.url().optional(),
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL: z.string().optional(),
});

/** Private or loopback hosts webhooks may be sent to (a receiver on your own network); default none (ADR 018). */
export const webhooksEnv = z.object({ WEBHOOK_ALLOW_HOSTS: telephonyAllowHostsEnv });

/**
 * Where the messaging providers' APIs live (issue 22). Operators set them only to go through a proxy; tests point
 * them at local servers that speak the same protocol. Not per channel: a project cannot aim a send at our network.
 */
export const messagingEnv = z.object({
  SMSRU_API_URL: z.url().default('https://sms.ru'),
  TELEGRAM_API_URL: z.url().default('https://api.telegram.org'),
  SMSC_API_URL: z.url().default('https://smsc.ru'),
});

/**
 * Where Google's OAuth and Calendar APIs live (issue 24). Operators set them only to go through a proxy; tests
 * point them at a local server that speaks the same protocol. Not per connection, like the messaging URLs.
 */
export const googleEnv = z.object({
  GOOGLE_OAUTH_URL: z.url().default('https://accounts.google.com'),
  GOOGLE_TOKEN_URL: z.url().default('https://oauth2.googleapis.com/token'),
  GOOGLE_API_URL: z.url().default('https://www.googleapis.com'),
});

/** The system's search path, where optional programs (pocketsphinx) are looked for. */
export const pathEnv = z.object({ PATH: z.string().default('') });

/** Bearer token Prometheus presents to every process's /metrics; unset = direct loopback peers only. */
const metricsToken = z.string().min(16, 'must be at least 16 characters').optional();

export const webEnv = commonEnv
  .extend(databaseEnv.shape)
  .extend(redisEnv.shape)
  .extend(secretsEnv.shape)
  .extend(knowledgeEnv.shape)
  .extend(authEnv.shape)
  .extend(webhooksEnv.shape)
  .extend({
    PORT: port(3000),
    HOST: z.string().default('0.0.0.0'),
    PUBLIC_URL: z
      .url({ error: 'must be an absolute URL such as http://localhost:3000' })
      .default('http://localhost:3000'),
    TRUST_PROXY: trustProxySpec,
    METRICS_TOKEN: metricsToken,
    /** Where browsers reach the media server's voice WebSocket (the studio's voice button). */
    VOICE_PUBLIC_URL: z
      .string()
      .regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL')
      .default('ws://localhost:3001/voice/v1/ws'),
    /** 1: the `lang=pseudo` cookie shows the pseudo locale in production too (the browser suite's server). */
    PSEUDO_LOCALE: z.enum(['0', '1']).default('0'),
  });

export const workersEnv = commonEnv
  .extend(databaseEnv.shape)
  .extend(redisEnv.shape)
  .extend(secretsEnv.shape)
  .extend(knowledgeEnv.shape)
  .extend(recordingsEnv.shape)
  .extend(webhooksEnv.shape)
  .extend({
    /** The workers' small HTTP side: /healthz and /metrics. Beyond loopback it needs METRICS_TOKEN. */
    WORKERS_HEALTH_PORT: port(3002),
    WORKERS_HTTP_HOST: z.string().default('127.0.0.1'),
    METRICS_TOKEN: metricsToken,
  });

export const mediaServerEnv = commonEnv
  .extend(databaseEnv.shape)
  .extend(redisEnv.shape)
  .extend(secretsEnv.shape)
  .extend(knowledgeEnv.shape)
  .extend({
    MEDIA_HTTP_PORT: port(3001),
    MEDIA_HTTP_HOST: z.string().default('127.0.0.1'),
    /** Embedded SIP gateway: UDP and TCP on one port. */
    SIP_PORT: port(5060),
    SIP_HOST: z.string().default('127.0.0.1'),
    /** Address peers reach us at (Via, Contact, SDP c=); default SIP_HOST. Set it when binding 0.0.0.0 or behind NAT. */
    SIP_PUBLIC_ADDRESS: z.string().min(1).optional(),
    /** RTP ports, one even port per call (the odd one above it is left for RTCP). */
    RTP_PORT_MIN: port(20000),
    RTP_PORT_MAX: port(20998),
    /** A call with no RTP from the far end for this long is hung up. */
    SIP_MEDIA_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
    RECORDINGS_DIR: recordingsEnv.shape.RECORDINGS_DIR,
    /** Further INVITEs get 503 while this many calls are up; unset = no limit. */
    SIP_MAX_CALLS: z.coerce.number().int().min(1).optional(),
    /** Private or loopback hosts (names or addresses) SIP and RTP may reach for projects; default none (ADR 013). */
    TELEPHONY_ALLOW_HOSTS: telephonyAllowHostsEnv,
    /** Register with a carrier (optional): registrar URI such as sip:sip.carrier.example;transport=tcp */
    SIP_REGISTRAR: z
      .string()
      .regex(/^sips?:/, 'must be a sip: URI')
      .optional(),
    SIP_USERNAME: z.string().min(1).optional(),
    SIP_PASSWORD: z.string().optional(),
    /** Who speaks SIP: the embedded gateway, or drachtio-server + FreeSWITCH (deploy/drachtio). */
    SIP_ENGINE: z.enum(['embedded', 'drachtio']).default('embedded'),
    /** drachtio-server's admin port (inbound connection from us); the secret is required with SIP_ENGINE=drachtio. */
    DRACHTIO_HOST: z.string().min(1).default('127.0.0.1'),
    DRACHTIO_PORT: port(9022),
    DRACHTIO_SECRET: z.string().min(1).optional(),
    /** FreeSWITCH's event socket (mod_event_socket); the password is required with SIP_ENGINE=drachtio. */
    FREESWITCH_HOST: z.string().min(1).default('127.0.0.1'),
    FREESWITCH_PORT: port(8021),
    FREESWITCH_SECRET: z.string().min(1).optional(),
    /** Where drachtio sends the media INVITE (FreeSWITCH's SIP profile); default sip:FREESWITCH_HOST:5080. */
    FREESWITCH_SIP_URI: z
      .string()
      .regex(/^sips?:/, 'must be a sip: URI')
      .optional(),
    /** Our WebSocket server mod_audio_fork streams caller audio to, and the URL FreeSWITCH dials for it. */
    DRACHTIO_AUDIO_HOST: z.string().min(1).default('127.0.0.1'),
    DRACHTIO_AUDIO_PORT: port(3003),
    DRACHTIO_AUDIO_URL: z
      .string()
      .regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL')
      .optional(),
    /** Concurrent calls one project may have on this media server (0 = no limit). */
    VOICE_MAX_CALLS_PER_PROJECT: z.coerce.number().int().min(0).default(50),
    /**
     * Where call limits are counted: local = this media server only; redis = leases in Redis shared by every
     * media server behind the SIP load balancer (deploy/README.md), so a project's and a connection's limits
     * hold across the cluster.
     */
    CLUSTER_LIMITS: z.enum(['local', 'redis']).default('local'),
    /**
     * Where a SIP load balancer reaches this media server (sip:host:port). Set, the server announces itself
     * (and its drain) in Redis for Kamailio's dispatcher list (`npm run cluster:dispatcher-list`).
     */
    CLUSTER_SIP_URI: z
      .string()
      .regex(/^sips?:[^\s]+$/, 'must be a sip: URI, e.g. sip:10.0.0.5:5070')
      .optional(),
    /** How long a dead media server's call slots stay taken (its leases' life; renewed every third of it). */
    CLUSTER_LEASE_MS: z.coerce.number().int().min(1000).default(30_000),
    /** On SIGTERM, calls may go on this long before they are hung up. */
    VOICE_DRAIN_MS: z.coerce.number().int().min(0).default(30_000),
    /**
     * Speech recognition for calls: auto = the Vosk server when STT_VOSK_URL is set, else Debian's
     * pocketsphinx (English calls, the flow's phrases as its grammar) when installed, else none (the
     * keypad drives the flow).
     */
    STT_PROVIDER: z.enum(['auto', 'pocketsphinx', 'vosk', 'none']).default('auto'),
    /** The embedded voice: auto = RHVoice where installed (scripts/install-rhvoice.sh), else espeak-ng. */
    EMBEDDED_VOICE: z.enum(['auto', 'rhvoice', 'espeak']).default('auto'),
    STT_VOSK_URL: z.url({ protocol: /^wss?$/, error: 'must be a ws:// or wss:// URL' }).optional(),
    /** The web app's JWT keys, to check the tickets browsers open voice calls with; unset = no browser calls. */
    AUTH_JWT_KEYS: jwtKeysSpec.optional(),
    /**
     * Bearer token external media servers present to the turn service; required when MEDIA_HTTP_HOST is
     * not a loopback address, and always for ending calls and for jambonz. Unset = loopback only.
     */
    TURN_SERVICE_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Bearer token Prometheus presents to /metrics; default TURN_SERVICE_TOKEN; neither = loopback only. */
    METRICS_TOKEN: metricsToken,
  })
  .extend(llmEnv.shape);

export type WebEnv = z.infer<typeof webEnv>;
export type WorkersEnv = z.infer<typeof workersEnv>;
export type MediaServerEnv = z.infer<typeof mediaServerEnv>;
