/** What the dialer needs from the outside, passed in so tests can hold the clock and watch the dials. */
import type { Redis } from 'ioredis';
import type { Db } from '../../db.ts';
import type { Logger } from '../../logger.ts';

export interface DialerDeps {
  db: Db;
  redis: Redis;
  now: () => Date;
  /** Queue the dial of a claimed attempt; the job id is derived from the attempt, so repeats fold. */
  enqueueDial: (attemptId: string, jobId: string) => Promise<void>;
  /** Ask the media servers to place the test-call row's call; answers how many heard (0 = none running). */
  originate: (projectId: string, testCallId: string) => Promise<number>;
  logger: Logger;
}
