/**
 * One AbortSignal for "the caller cancelled OR our timeout fired", remembering which, because both reach
 * the code as the same AbortError and the ProviderError code must tell them apart.
 */
export interface Deadline {
  signal: AbortSignal;
  readonly timedOut: boolean;
  /** Clears the timer; call in `finally`. */
  dispose(): void;
}

export function startDeadline(timeoutMs: number, callerSignal?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) controller.abort(callerSignal.reason);
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('timed out', 'TimeoutError'));
  }, timeoutMs);
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}
