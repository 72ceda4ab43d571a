// Exits non-zero, saying how to start them, when PostgreSQL or Redis does not answer.
import { loadDotenv } from '#server/env/dotenv.ts';
import { checkServices, ServicesDownError } from './lib/check-services.ts';

loadDotenv();
try {
  await checkServices(
    {
      databaseUrl:
        process.env.TEST_DATABASE_SERVER_URL ??
        process.env.DATABASE_URL ??
        'postgresql://root@127.0.0.1:5432/postgres',
      redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
    },
    process.argv[2] ?? 'this command',
  );
} catch (e) {
  console.error(e instanceof ServicesDownError ? e.message : String(e));
  process.exit(1);
}
