// Checks that PostgreSQL and Redis answer, and says how to start them when they do not.
import net from 'node:net';
import { pgConfigFromUrl } from '../../prisma/tools/pg-config.ts';

export class ServicesDownError extends Error {
  override name = 'ServicesDownError';
}

const HOW_TO_START = {
  postgres: [
    'PostgreSQL is not reachable. Start it, for example:',
    '  sudo pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    '  (or: docker compose -f deploy/docker-compose.yml up -d postgres)',
  ].join('\n'),
  redis: [
    'Redis is not reachable. Start it, for example:',
    '  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
    '  (or: docker compose -f deploy/docker-compose.yml up -d redis)',
  ].join('\n'),
};

async function pgAnswers(databaseUrl: string): Promise<string | null> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    ...pgConfigFromUrl(databaseUrl),
    database: 'postgres',
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function redisAnswers(redisUrl: string): Promise<string | null> {
  const u = new URL(redisUrl);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname || '127.0.0.1', port: Number(u.port || 6379) });
    const done = (err: string | null) => {
      socket.destroy();
      resolve(err);
    };
    socket.setTimeout(3000, () => done('timed out'));
    socket.on('error', (e) => done(e.message));
    socket.on('connect', () => socket.write('PING\r\n'));
    // Any reply (PONG, or NOAUTH when a password is set) proves a Redis server is there.
    socket.on('data', () => done(null));
  });
}

/** Throws a ServicesDownError whose message names what is down and how to start it. */
export async function checkServices(
  urls: { databaseUrl: string; redisUrl: string },
  command: string,
): Promise<void> {
  const [pgError, redisError] = await Promise.all([pgAnswers(urls.databaseUrl), redisAnswers(urls.redisUrl)]);
  const problems: string[] = [];
  if (pgError) problems.push(`${HOW_TO_START.postgres}\n  (${pgError})`);
  if (redisError) problems.push(`${HOW_TO_START.redis}\n  (${redisError})`);
  if (problems.length)
    throw new ServicesDownError(`${command} needs PostgreSQL and Redis.\n\n${problems.join('\n\n')}`);
}
