import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../prisma/generated/prisma/client.ts';
import { databaseEnv } from './env/env-schema.ts';
import { parseEnv } from './env/load-env.ts';

export type Db = InstanceType<typeof PrismaClient>;

/**
 * A Prisma client through adapter-pg (no native engine). Processes use the one db() gives (one per
 * process); only scripts and tests that need a second database make their own.
 */
export function createDb(databaseUrl: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
}

let shared: Db | undefined;

/** The process-wide client, created on first use from DATABASE_URL. */
export function db(): Db {
  if (!shared) {
    shared = createDb(parseEnv(databaseEnv, 'database').DATABASE_URL);
  }
  return shared;
}

export async function disconnectDb(): Promise<void> {
  await shared?.$disconnect();
  shared = undefined;
}
