import type { Redis } from 'ioredis';
import {
  initialState,
  runTurn,
  type CallEvent,
  type Command,
  type Flow,
  type Ports,
  type RuntimeState,
  type TurnTrace,
} from '#flow-runtime/index';
import { FlowCache, flowHash } from './flow-cache.ts';

export class ConversationNotFoundError extends Error {
  override name = 'ConversationNotFoundError';
  constructor(readonly callId: string) {
    super(`No conversation "${callId}" (it ended more than its retention ago, or never started).`);
  }
}

export class ConversationExistsError extends Error {
  override name = 'ConversationExistsError';
  constructor(readonly callId: string) {
    super(`Conversation "${callId}" already exists.`);
  }
}

export interface TurnOutput {
  callId: string;
  commands: Command[];
  trace: TurnTrace;
  ended: boolean;
}

/** The ports a flow's turns run with (its tools depend on the flow); callers cache them per flow. */
export type PortsFor = (flow: Flow) => Ports;

export interface ConversationStoreOptions {
  /** Idle conversations expire after this (refreshed on every turn). */
  ttlSeconds?: number;
  /** Ended conversations are kept this long, for late events and inspection. */
  endedTtlSeconds?: number;
  /** Optimistic-concurrency retries when another process updated the call in between. */
  maxConflictRetries?: number;
}

const convKey = (callId: string) => `conv:${callId}`;
const flowKey = (hash: string) => `flow:${hash}`;

/**
 * Saves only if nobody else saved since we loaded (version compare-and-set), and refreshes the TTL of the
 * call and its flow. Returns 1 on success, 0 on a conflict, -1 when the call is gone.
 */
const SAVE_IF_VERSION = `
local v = redis.call('HGET', KEYS[1], 'version')
if not v then return -1 end
if v ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'version', tostring(tonumber(v) + 1))
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[4])
return 1
`;

/**
 * Conversation state lives in Redis between turns, never in the process: a call survives a restart and can
 * move between media-server instances. Turns of one call are serialised in-process (a promise chain per call)
 * and across processes (version compare-and-set, retried on conflict).
 */
export class ConversationStore {
  private readonly flows = new FlowCache();
  private readonly chains = new Map<string, Promise<unknown>>();
  /**
   * What this process saved last, per call. A call's turns usually stay on one media server, so the next
   * turn starts from here without reading Redis; the version compare-and-set on save still catches any
   * other writer, and then the turn is run again on the stored state.
   */
  private readonly recent = new Map<string, { hash: string; state: RuntimeState; version: string }>();
  private readonly maxRecent = 20_000;
  private readonly ttl: number;
  private readonly endedTtl: number;
  private readonly retries: number;

  constructor(
    private readonly redis: Redis,
    options: ConversationStoreOptions = {},
  ) {
    this.ttl = options.ttlSeconds ?? 2 * 3600;
    this.endedTtl = options.endedTtlSeconds ?? 600;
    this.retries = options.maxConflictRetries ?? 5;
    if (!('saveIfVersion' in this.redis)) this.redis.defineCommand('saveIfVersion', { numberOfKeys: 2, lua: SAVE_IF_VERSION });
  }

  /** Starts a conversation with a flow (any schema version) and runs its call_started turn. */
  async start(
    callId: string,
    flowInput: unknown,
    event: Extract<CallEvent, { type: 'call_started' }>,
    portsFor: PortsFor,
  ): Promise<TurnOutput> {
    const json = JSON.stringify(flowInput);
    const hash = flowHash(json);
    const flow = this.flows.parse(hash, json);
    return this.serialise(callId, async () => {
      const state = initialState(flow, event.caller);
      const result = await runTurn(flow, state, event, portsFor(flow));
      const created = await this.redis
        .multi()
        .set(flowKey(hash), json, 'EX', this.ttl)
        .hsetnx(convKey(callId), 'version', '0')
        .exec();
      if (created?.[1]?.[1] !== 1) throw new ConversationExistsError(callId);
      await this.redis
        .multi()
        .hset(convKey(callId), 'flow', hash, 'state', JSON.stringify(result.state), 'version', '1')
        .expire(convKey(callId), result.state.ended ? this.endedTtl : this.ttl)
        .exec();
      this.remember(callId, { hash, state: result.state, version: '1' });
      return { callId, commands: result.commands, trace: result.trace, ended: result.state.ended };
    });
  }

  /** Runs one turn for an existing conversation. */
  async handle(callId: string, event: CallEvent, portsFor: PortsFor): Promise<TurnOutput> {
    return this.serialise(callId, async () => {
      for (let attempt = 0; ; attempt += 1) {
        const { hash, state, version } = this.recent.get(callId) ?? (await this.load(callId));
        const flow = this.flows.get(hash) ?? this.flows.parse(hash, await this.loadFlowJson(callId, hash));
        const result = await runTurn(flow, state, event, portsFor(flow));
        const ttl = result.state.ended ? this.endedTtl : this.ttl;
        const saved = await (this.redis as Redis & SaveIfVersion).saveIfVersion(
          convKey(callId),
          flowKey(hash),
          version,
          JSON.stringify(result.state),
          ttl,
          this.ttl,
        );
        if (saved === 1) {
          this.remember(callId, { hash, state: result.state, version: String(Number(version) + 1) });
          return { callId, commands: result.commands, trace: result.trace, ended: result.state.ended };
        }
        this.recent.delete(callId);
        if (saved === -1) throw new ConversationNotFoundError(callId);
        // Another process took a turn for this call in between: run ours again on its state.
        if (attempt >= this.retries) throw new Error(`conversation ${callId}: too many concurrent updates`);
      }
    });
  }

  private async load(callId: string) {
    const [hash, stateJson, version] = await this.redis.hmget(convKey(callId), 'flow', 'state', 'version');
    if (!hash || !stateJson || !version) throw new ConversationNotFoundError(callId);
    return { hash, state: JSON.parse(stateJson) as RuntimeState, version };
  }

  private remember(callId: string, entry: { hash: string; state: RuntimeState; version: string }) {
    this.recent.delete(callId);
    if (entry.state.ended) return;
    this.recent.set(callId, entry);
    if (this.recent.size > this.maxRecent) this.recent.delete(this.recent.keys().next().value as string);
  }

  /** The stored state, for inspection and tests. */
  async read(callId: string): Promise<RuntimeState | null> {
    const json = await this.redis.hget(convKey(callId), 'state');
    return json ? (JSON.parse(json) as RuntimeState) : null;
  }

  private async loadFlowJson(callId: string, hash: string): Promise<string> {
    const json = await this.redis.get(flowKey(hash));
    if (!json) throw new ConversationNotFoundError(callId);
    return json;
  }

  /** Turns of one call run one after another in this process, in arrival order. */
  private serialise<T>(callId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(callId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.chains.set(callId, settled);
    void settled.then(() => {
      if (this.chains.get(callId) === settled) this.chains.delete(callId);
    });
    return next;
  }
}

interface SaveIfVersion {
  saveIfVersion(
    convKey: string,
    flowKey: string,
    version: string,
    state: string,
    ttl: number,
    flowTtl: number,
  ): Promise<number>;
}
