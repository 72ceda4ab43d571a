/**
 * Whether an error means a service the platform depends on (PostgreSQL, Redis) cannot be reached right now,
 * as opposed to a bug or a bad request. Such errors are answered 503 with Retry-After (the request may
 * succeed later, unchanged) instead of 500, and never with the driver's text.
 */
export type Dependency = 'database' | 'redis';

/** Prisma's codes for "no database now": unreachable, timed out, closed, pool exhausted. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** adapter-pg's driver error kinds that are about the connection, not the query. */
const ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
/** PostgreSQL's own: connection exceptions (class 08), shutting down or starting up (57P0x), too many clients. */
const isPgConnectionState = (code: string) =>
  /^08/.test(code) || /^57P0[1-3]$/.test(code) || code === '53300';

/** pg's messages when a connection dies under a query (these come without a code). */
const PG_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  "Can't reach database server",
];
/** ioredis' messages when it has no connection to send a command on. */
const REDIS_MESSAGES = [
  'Reached the max retries per request limit',
  'Connection is closed',
  "Stream isn't writeable",
  'Redis is not connected',
];

interface Loose {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } };
  cause?: unknown;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

function classifyOne(e: Loose): Dependency | null {
  const name = str(e.name);
  const code = str(e.code);
  const message = str(e.message);
  if (name.startsWith('PrismaClient') || name === 'DriverAdapterError') {
    if (PRISMA_CODES.has(code) || name === 'PrismaClientInitializationError') return 'database';
    const kind = str(e.meta?.driverAdapterError?.cause?.kind);
    if (ADAPTER_KINDS.has(kind)) return 'database';
    if (PG_MESSAGES.some((m) => message.includes(m))) return 'database';
    return null;
  }
  if (name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.some((m) => message.startsWith(m)))
    return 'redis';
  if (PG_MESSAGES.some((m) => message.startsWith(m))) return 'database';
  if (code && isPgConnectionState(code) && 'severity' in e) return 'database';
  return null;
}

/** The dependency an error says is down, looking through causes (AggregateError, wrapped errors). */
export function unavailableDependency(error: unknown, depth = 0): Dependency | null {
  if (!error || typeof error !== 'object' || depth > 4) return null;
  const own = classifyOne(error as Loose);
  if (own) return own;
  const inner = (error as Loose).cause ?? (error as { errors?: unknown[] }).errors?.[0];
  return inner ? unavailableDependency(inner, depth + 1) : null;
}

/** Seconds a client should wait before trying again: services usually come back within seconds. */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 5;
