import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../prisma/generated/prisma/client.ts';

export type Db = InstanceType<typeof PrismaClient>;

/** One Prisma client per process, through adapter-pg (no native engine). */
export function createDb(databaseUrl: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
}

let shared: Db | undefined;

/** The process-wide client, created on first use from DATABASE_URL. */
export function db(): Db {
  if (!shared) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set');
    shared = createDb(url);
  }
  return shared;
}

export async function disconnectDb(): Promise<void> {
  await shared?.$disconnect();
  shared = undefined;
}
