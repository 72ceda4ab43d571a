/**
 * Runs one provider call with a deadline. The port receives an AbortSignal that fires when the deadline
 * passes, and the runtime stops waiting at that moment even if the provider ignores the signal: a stuck
 * provider must never leave the caller in silence.
 */
export type PortCallResult<T> =
  { ok: true; value: T } | { ok: false; reason: 'timeout' | 'error'; error: string };

export async function callWithTimeout<T>(
  timeoutMs: number,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<PortCallResult<T>> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<PortCallResult<T>>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, reason: 'timeout', error: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
  });
  const attempt = (async (): Promise<PortCallResult<T>> => {
    try {
      return { ok: true, value: await run(controller.signal) };
    } catch (error) {
      return { ok: false, reason: 'error', error: error instanceof Error ? error.message : String(error) };
    }
  })();
  try {
    return await Promise.race([attempt, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
