/**
 * Keeps one registration per enabled registration-mode connection, and applies changes live: a reload
 * compares what registration depends on, stops the old binding (un-REGISTER) and registers anew. The
 * state of each is reported for the screen. Reloads of one connection run one after another.
 */
import type { Logger } from '#server/logger.ts';
import type { SipConnectionConfig } from '#server/telephony/connection-config.server.ts';
import type { RegistrationStatus } from '#server/telephony/registration-status.server.ts';
import type { Registration, RegistrationOptions } from '../sip-gateway/registration.ts';
import { UnsafeSipMessageError } from '../sip/sip-serializer.ts';
import { carrierUri, firstHop } from './sip-target.ts';

export interface ConnectionRegistrarOptions {
  register(options: RegistrationOptions): Registration;
  load(id: string): Promise<SipConnectionConfig | null>;
  loadAll(): Promise<SipConnectionConfig[]>;
  report(id: string, status: RegistrationStatus | null, ttlSeconds: number): Promise<void>;
  logger: Logger;
  /** Retry after a failed registration; default 30 s (tests shrink it). */
  retryMs?: number;
}

interface Held {
  fingerprint: string;
  registration: Registration | undefined;
}

/** What registration depends on; anything else (codecs, caller ID, limits) changes nothing here. */
function fingerprint(c: SipConnectionConfig): string {
  return JSON.stringify([
    c.enabled,
    c.authMode,
    c.host,
    c.port,
    c.transport,
    c.username,
    c.authUsername,
    c.password,
    c.outboundProxy,
    c.registerExpires,
  ]);
}

export class ConnectionRegistrar {
  private readonly held = new Map<string, Held>();
  private readonly queues = new Map<string, Promise<void>>();
  private closed = false;

  constructor(private readonly options: ConnectionRegistrarOptions) {}

  /** Registers every connection that asks for it. */
  async start(): Promise<void> {
    let all: SipConnectionConfig[];
    try {
      all = await this.options.loadAll();
    } catch (error) {
      // The gateway still answers calls; connections register when they next change or at the next start.
      this.options.logger.error({ err: error }, 'SIP connections could not be loaded');
      return;
    }
    await Promise.all(all.map((config) => this.enqueue(config.id, () => this.apply(config.id, config))));
  }

  /** Re-reads one connection and applies what changed (created, edited, disabled or deleted). */
  reload(id: string): Promise<void> {
    return this.enqueue(id, async () => this.apply(id, await this.options.load(id)));
  }

  state(id: string): Registration['state'] | undefined {
    return this.held.get(id)?.registration?.state;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.queues.values()]);
    await Promise.all([...this.held.keys()].map((id) => this.drop(id)));
  }

  private enqueue(id: string, task: () => Promise<void>): Promise<void> {
    const previous = this.queues.get(id) ?? Promise.resolve();
    const next = previous.then(task).catch((error: unknown) => {
      this.options.logger.error({ err: error, connectionId: id }, 'applying a SIP connection failed');
    });
    this.queues.set(id, next);
    void next.then(() => {
      if (this.queues.get(id) === next) this.queues.delete(id);
    });
    return next;
  }

  private async apply(id: string, config: SipConnectionConfig | null): Promise<void> {
    const current = this.held.get(id);
    if (config && current?.fingerprint === fingerprint(config)) return;
    await this.drop(id);
    if (!config || this.closed) return;
    if (!config.enabled) {
      this.held.set(id, { fingerprint: fingerprint(config), registration: undefined });
      return;
    }
    if (config.authMode === 'ip') {
      this.held.set(id, { fingerprint: fingerprint(config), registration: undefined });
      await this.report(id, { state: 'ip_auth', sipCode: null, reason: '', expires: null }, 86_400);
      return;
    }
    const logger = this.options.logger.child({ connectionId: id });
    logger.info({ host: config.host, port: config.port, transport: config.transport }, 'registering');
    let registration: Registration;
    try {
      registration = this.register(id, config);
    } catch (error) {
      // Saved before input was checked for control characters: refused here, never written to the wire.
      if (!(error instanceof UnsafeSipMessageError)) throw error;
      logger.warn({ err: error.message }, 'connection not registered: a field holds control characters');
      this.held.set(id, { fingerprint: fingerprint(config), registration: undefined });
      await this.report(
        id,
        {
          state: 'failed',
          sipCode: null,
          reason: 'control characters in the connection settings',
          expires: null,
        },
        86_400,
      );
      return;
    }
    this.held.set(id, { fingerprint: fingerprint(config), registration });
    void this.report(id, { state: 'registering', sipCode: null, reason: '', expires: null }, 120);
  }

  private register(id: string, config: SipConnectionConfig): Registration {
    return this.options.register({
      registrar: carrierUri(config),
      aor: `sip:${config.username}@${config.host}`,
      username: config.username,
      ...(config.authUsername ? { authUsername: config.authUsername } : {}),
      password: config.password,
      expires: config.registerExpires,
      ...(this.options.retryMs ? { retryMs: this.options.retryMs } : {}),
      ...(config.outboundProxy ? { outboundProxy: firstHop(config) } : {}),
      onStatus: (status) => {
        if (status.state === 'stopped') return;
        void this.report(id, status, Math.max(120, (status.expires ?? config.registerExpires) * 2));
      },
    });
  }

  private async drop(id: string): Promise<void> {
    const current = this.held.get(id);
    if (!current) return;
    this.held.delete(id);
    await current.registration?.stop().catch(() => undefined);
    await this.report(id, null, 0);
  }

  private async report(
    id: string,
    status: Omit<RegistrationStatus, 'at'> | null,
    ttlSeconds: number,
  ): Promise<void> {
    try {
      await this.options.report(id, status ? { ...status, at: new Date().toISOString() } : null, ttlSeconds);
    } catch (error) {
      this.options.logger.warn({ err: error, connectionId: id }, 'registration status not stored');
    }
  }
}
