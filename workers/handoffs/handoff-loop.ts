import type { Logger } from '#server/logger.ts';
import { sweepHandoffs, type RoutingDeps } from '#server/handoffs/handoff-routing.server.ts';

export const HANDOFF_SWEEP_MS = 1000;

/**
 * Routing's clock (issue 20): every second rung-out offers become misses, calls past their maximum wait
 * overflow and waiting calls are offered again; `kick` runs a pass at once (a caller just joined a queue).
 * Passes never overlap; a kick during one runs another right after it.
 */
export function startHandoffLoop(deps: RoutingDeps, logger: Logger, everyMs = HANDOFF_SWEEP_MS) {
  let running = false;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const pass = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const result = await sweepHandoffs(deps);
        if (result.missed + result.overflowed + result.offered > 0) logger.info(result, 'handoffs routed');
      } while (again && !stopped);
    } catch (error) {
      logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'handoff pass failed');
    } finally {
      running = false;
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void pass().finally(schedule), everyMs);
  };
  schedule();
  return {
    kick: () => void pass(),
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
