import type { PoolConfig } from 'pg';

/** Splits a postgresql:// URL into pg pool options (adapter-pg's shadow database needs them apart). */
export function pgConfigFromUrl(url: string): PoolConfig & { database: string } {
  const u = new URL(url);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!database) throw new Error('DATABASE_URL names no database');
  const hostParam = u.searchParams.get('host');
  return {
    host: hostParam ?? (u.hostname || '127.0.0.1'),
    port: u.port ? Number(u.port) : 5432,
    user: u.username ? decodeURIComponent(u.username) : process.env.USER === 'root' ? 'root' : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database,
    ssl: u.searchParams.get('sslmode') === 'require' ? { rejectUnauthorized: false } : undefined,
  };
}

/** The same URL pointing at another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** Runs one statement on the server's maintenance database (for CREATE/DROP DATABASE). */
export async function adminQuery(config: PoolConfig, sql: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ ...config, database: 'postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A pool for the schema engine. Idle clients of a force-dropped shadow database are terminated by the
 * server; that is expected and must not crash the process. */
export async function enginePool(config: PoolConfig) {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ ...config, max: 4, idleTimeoutMillis: 500, allowExitOnIdle: true });
  pool.on('error', () => undefined);
  return pool;
}
