import type { Redis } from 'ioredis';
import { db, type Db } from '../db.ts';
import { authEnv, redisEnv } from '../env/env-schema.ts';
import { publicUrlIsHttps } from '../env/env-values.ts';
import { parseEnv } from '../env/load-env.ts';
import { createRedis } from '../redis.ts';
import { parseJwtKeys, type SigningKey } from './jwt.server.ts';

export interface AuthContext {
  db: Db;
  redis: Redis;
  keys: SigningKey[];
  secureCookies: boolean;
}

let ctx: AuthContext | undefined;

/** What sign-in and session checks need, built once per process from its validated environment. */
export function authContext(): AuthContext {
  if (!ctx) {
    const env = parseEnv(authEnv.extend(redisEnv.shape), 'auth');
    ctx = {
      db: db(),
      redis: createRedis(env),
      keys: parseJwtKeys(env.AUTH_JWT_KEYS),
      secureCookies: publicUrlIsHttps(),
    };
  }
  return ctx;
}
