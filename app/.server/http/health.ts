import type { Express } from 'express';
import type { Logger } from '../logger.ts';

export type ReadinessCheck = () => Promise<void>;

/** What /readyz says of a failing check: a fixed word, never the driver's text (hosts, ports, SQL). */
export type CheckFailure = 'timeout' | 'unavailable';

export interface CheckResult {
  ok: boolean;
  ms?: number;
  error?: CheckFailure;
}

/** Runs each check with a time limit; the detail of a failure goes to the log only. */
export async function runReadinessChecks(
  checks: Record<string, ReadinessCheck>,
  timeoutMs = 2000,
  logger?: Pick<Logger, 'warn'>,
): Promise<{ ready: boolean; checks: Record<string, CheckResult>; failing: string[] }> {
  const timedOut = Symbol('timeout');
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, CheckResult]> => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(timedOut), timeoutMs);
            timer.unref();
          }),
        ]);
        return [name, { ok: true, ms: Math.round(performance.now() - started) }];
      } catch (e) {
        const error: CheckFailure = e === timedOut ? 'timeout' : 'unavailable';
        logger?.warn(
          { check: name, err: e === timedOut ? `no answer in ${timeoutMs} ms` : String(e) },
          'readiness check failed',
        );
        return [name, { ok: false, error }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return {
    ready: results.every(([, r]) => r.ok),
    checks: Object.fromEntries(results),
    failing: results.filter(([, r]) => !r.ok).map(([name]) => name),
  };
}

/**
 * /healthz: the process is alive. /readyz: its dependencies answer, each check with its own result (and the
 * failing ones named), so a load balancer sends traffic only where it can be served.
 */
export function mountHealth(
  app: Express,
  checks: Record<string, ReadinessCheck>,
  timeoutMs = 2000,
  logger?: Pick<Logger, 'warn'>,
) {
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const { ready, checks: results, failing } = await runReadinessChecks(checks, timeoutMs, logger);
    res
      .status(ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: ready ? 'ready' : 'unavailable', checks: results, ...(ready ? {} : { failing }) });
  });
}
