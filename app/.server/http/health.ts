import type { Express } from 'express';

export type ReadinessCheck = () => Promise<void>;

/**
 * /healthz: the process is alive. /readyz: its dependencies answer, each check with its own result, so a
 * load balancer sends traffic only where it can be served.
 */
export function mountHealth(app: Express, checks: Record<string, ReadinessCheck>, timeoutMs = 2000) {
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        const started = performance.now();
        try {
          await Promise.race([
            check(),
            new Promise((_, reject) =>
              setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs).unref(),
            ),
          ]);
          return [name, { ok: true, ms: Math.round(performance.now() - started) }] as const;
        } catch (e) {
          return [name, { ok: false, error: e instanceof Error ? e.message : String(e) }] as const;
        }
      }),
    );
    const ready = results.every(([, r]) => r.ok);
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'unavailable', checks: Object.fromEntries(results) });
  });
}
