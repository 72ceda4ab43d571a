import type { Redis } from 'ioredis';
import {
  initialState,
  runTurn,
  type CallEvent,
  type Command,
  type RuntimeState,
  type TurnTrace,
} from '#flow-runtime/index';
import { FlowCache, flowHash } from './flow-cache.ts';
import { guardSideEffects, StaleStateError } from './side-effect-guard.ts';
import { convKey } from '#server/calls/conversation-keys.ts';
import type { PortsFor } from '#server/runtime-ports/runtime-ports.ts';

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

/** Another process kept updating the call while this one tried to take its turn; the caller may retry. */
export class ConversationBusyError extends Error {
  override name = 'ConversationBusyError';
  constructor(readonly callId: string) {
    super(`Conversation "${callId}" is being updated elsewhere; retry the event.`);
  }
}

export interface TurnOutput {
  callId: string;
  commands: Command[];
  trace: TurnTrace;
  ended: boolean;
}

export type { PortsFor };

/**
 * Which front end runs a call: our own media paths (SIP, drachtio, browser), a jambonz application, or an
 * external media server through the turn API. Each reaches only the calls it started, so a caller id sent
 * to one front end can never drive a call of another.
 */
export type ConversationOrigin = 'media' | 'jambonz' | 'turn-api';
const origins: readonly string[] = ['media', 'jambonz', 'turn-api'] satisfies ConversationOrigin[];
const isOrigin = (value: string | undefined): value is ConversationOrigin => origins.includes(value ?? '');

/** Whom a call belongs to, fixed when it starts. */
export interface ConversationScope {
  projectId: string | null;
  origin: ConversationOrigin;
}

export interface ConversationStoreOptions {
  /** Idle conversations expire after this (refreshed on every turn). */
  ttlSeconds?: number;
  /** Ended conversations are kept this long, for late events and inspection. */
  endedTtlSeconds?: number;
  /** Optimistic-concurrency retries when another process updated the call in between. */
  maxConflictRetries?: number;
}

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
 * Creates a call in one step: the flow (by content hash), the state at version 1 and both TTLs, or nothing
 * when the call id is taken. One script, so a crash can never leave a call key without its state or TTL.
 * Returns 1 when created, 0 when the call exists.
 */
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[5])
redis.call('HSET', KEYS[1], 'flow', ARGV[1], 'state', ARGV[3], 'version', '1', 'project', ARGV[6], 'origin', ARGV[7])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1
`;

/**
 * Reads a call unless the caller already holds its current version: returns nil when the call is gone,
 * {version} when ARGV[1] is current (the state need not travel), else {version, flow hash, state, project,
 * origin}.
 */
const LOAD_IF_CHANGED = `
local v = redis.call('HGET', KEYS[1], 'version')
if not v then return nil end
if v == ARGV[1] then return {v} end
local f = redis.call('HMGET', KEYS[1], 'flow', 'state', 'project', 'origin')
return {v, f[1], f[2], f[3] or '', f[4] or ''}
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
   * turn runs on it without reading Redis. Outdated state must never cause a side effect (a tool or LLM
   * call for the wrong step), so guarded ports check the stored version before the first one; a turn
   * without side effects is simply run again if its save loses the version check.
   */
  private readonly recent = new Map<string, CallSnapshot>();
  private readonly maxRecent = 20_000;
  private readonly ttl: number;
  private readonly endedTtl: number;
  private readonly retries: number;
  private readonly redis: Redis & StoreScripts;

  constructor(redis: Redis, options: ConversationStoreOptions = {}) {
    this.ttl = options.ttlSeconds ?? 2 * 3600;
    this.endedTtl = options.endedTtlSeconds ?? 600;
    this.retries = options.maxConflictRetries ?? 5;
    // defineCommand is per client; several stores may share one client.
    if (!('convSaveIfVersion' in redis)) {
      redis.defineCommand('convSaveIfVersion', { numberOfKeys: 2, lua: SAVE_IF_VERSION });
      redis.defineCommand('convCreate', { numberOfKeys: 2, lua: CREATE });
      redis.defineCommand('convLoadIfChanged', { numberOfKeys: 1, lua: LOAD_IF_CHANGED });
    }
    this.redis = redis as Redis & StoreScripts;
  }

  /**
   * Starts a conversation with a flow (any schema version) and runs its call_started turn. The scope is
   * kept with the call: every later turn runs under its project and only its origin can reach it.
   */
  async start(
    callId: string,
    flowInput: unknown,
    event: Extract<CallEvent, { type: 'call_started' }>,
    scope: ConversationScope,
    portsFor: PortsFor,
  ): Promise<TurnOutput> {
    const json = JSON.stringify(flowInput);
    const hash = flowHash(json);
    const flow = this.flows.parse(hash, json);
    return this.serialise(callId, async () => {
      // A retried start (a webhook sent twice) must not run the greeting's tools again: check first. The
      // create script below is still the guard against a start racing in from another process.
      if ((await this.redis.exists(convKey(callId))) === 1) throw new ConversationExistsError(callId);
      const state = initialState(flow, event.caller, event.variables);
      const result = await runTurn(flow, state, event, portsFor(flow, scope.projectId));
      const created = await this.redis.convCreate(
        convKey(callId),
        flowKey(hash),
        hash,
        json,
        JSON.stringify(result.state),
        result.state.ended ? this.endedTtl : this.ttl,
        this.ttl,
        scope.projectId ?? '',
        scope.origin,
      );
      if (created !== 1) throw new ConversationExistsError(callId);
      this.remember(callId, { hash, state: result.state, version: '1', ...scope });
      return { callId, commands: result.commands, trace: result.trace, ended: result.state.ended };
    });
  }

  /**
   * Runs one turn for an existing conversation. When this process saved the call last, the turn runs on
   * that remembered state with no read from Redis; the version compare-and-set on save catches any other
   * writer, and before the turn's first side effect (LLM, tool, knowledge) the version is checked, so no
   * side effect ever happens on outdated state. Otherwise the state is read first.
   *
   * The turn runs under the project the call was started with, never one the caller names; a call that
   * another origin started is answered as not found.
   */
  async handle(
    callId: string,
    event: CallEvent,
    origin: ConversationOrigin,
    portsFor: PortsFor,
  ): Promise<TurnOutput> {
    return this.serialise(callId, async () => {
      for (let attempt = 0; ; attempt += 1) {
        const remembered = this.recent.get(callId);
        const snapshot = remembered ?? (await this.load(callId));
        if (snapshot.origin !== origin) throw new ConversationNotFoundError(callId);
        const { hash, state, version, projectId } = snapshot;
        const flow = this.flows.get(hash) ?? this.flows.parse(hash, await this.loadFlowJson(callId, hash));
        let stale = false;
        let checked = !remembered;
        const ensureFresh = async () => {
          // Once found outdated, every later side effect of this (discarded) run is refused too.
          if (stale) throw new StaleStateError();
          if (checked) return;
          checked = true;
          const reply = await this.redis.convLoadIfChanged(convKey(callId), version);
          if (!reply || reply[0] !== version) {
            stale = true;
            throw new StaleStateError();
          }
        };
        const ports = remembered
          ? guardSideEffects(portsFor(flow, projectId), ensureFresh)
          : portsFor(flow, projectId);
        const result = await runTurn(flow, state, event, ports);
        if (stale) {
          // Nothing left the process: run the turn again on the stored state.
          this.recent.delete(callId);
          continue;
        }
        const ttl = result.state.ended ? this.endedTtl : this.ttl;
        const saved = await this.redis.convSaveIfVersion(
          convKey(callId),
          flowKey(hash),
          version,
          JSON.stringify(result.state),
          ttl,
          this.ttl,
        );
        if (saved === 1) {
          this.remember(callId, {
            hash,
            state: result.state,
            version: String(Number(version) + 1),
            projectId,
            origin,
          });
          return { callId, commands: result.commands, trace: result.trace, ended: result.state.ended };
        }
        this.recent.delete(callId);
        if (saved === -1) throw new ConversationNotFoundError(callId);
        // Another process took a turn for this call between our load and save: run ours again on its state.
        if (attempt >= this.retries) throw new ConversationBusyError(callId);
      }
    });
  }

  /** The call's current state: from this process's last save when it is still current, else from Redis. */
  private async load(callId: string): Promise<CallSnapshot> {
    const known = this.recent.get(callId);
    const reply = await this.redis.convLoadIfChanged(convKey(callId), known?.version ?? '');
    if (!reply) {
      this.recent.delete(callId);
      throw new ConversationNotFoundError(callId);
    }
    const [version, hash, stateJson, project, origin] = reply;
    if (known && version === known.version) return known;
    this.recent.delete(callId);
    if (!hash || !stateJson) throw new ConversationNotFoundError(callId);
    return {
      hash,
      state: JSON.parse(stateJson) as RuntimeState,
      version,
      projectId: project || null,
      // A call stored without one (before origins were kept) belongs to no front end.
      origin: isOrigin(origin) ? origin : null,
    };
  }

  private remember(callId: string, entry: CallSnapshot) {
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

interface CallSnapshot {
  hash: string;
  state: RuntimeState;
  version: string;
  projectId: string | null;
  origin: ConversationOrigin | null;
}

/** The Lua scripts above, as ioredis defines them on the client. */
interface StoreScripts {
  convSaveIfVersion(
    convKey: string,
    flowKey: string,
    version: string,
    state: string,
    ttl: number,
    flowTtl: number,
  ): Promise<number>;
  convCreate(
    convKey: string,
    flowKey: string,
    hash: string,
    flowJson: string,
    state: string,
    ttl: number,
    flowTtl: number,
    projectId: string,
    origin: ConversationOrigin,
  ): Promise<number>;
  convLoadIfChanged(
    convKey: string,
    knownVersion: string,
  ): Promise<[string, string?, string?, string?, string?] | null>;
}
