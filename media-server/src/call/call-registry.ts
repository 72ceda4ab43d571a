import type { CallEndReason } from '#server/calls/call-events.ts';

/** What the registry needs of a call: to end it at a drain deadline and to know when it is over. */
export interface TrackedCall {
  readonly callId: string;
  readonly done: Promise<unknown>;
  end(reason: CallEndReason): Promise<unknown>;
}

export type Refusal = 'draining' | 'project_limit' | 'capacity';

export interface Reservation {
  /** The call takes the reserved place until its `done` settles. */
  attach(call: TrackedCall): void;
  /** The call never started (the peer went away, setup failed): give the place back. */
  release(): void;
}

export interface CallRegistryOptions {
  /** Concurrent calls one project may hold (0 = unlimited). */
  maxCallsPerProject: number;
  /** Concurrent calls in this process (0 = unlimited). */
  maxCalls?: number;
  onRefused?: (reason: Refusal, projectId: string) => void;
}

export interface DrainResult {
  /** Calls that ended on their own before the deadline. */
  finished: number;
  /** Calls still running at the deadline, hung up by the drain. */
  forced: number;
}

/**
 * The process's active calls. Places are reserved before a call is answered (so a limit is enforced
 * before the caller hears anything, and two setups cannot both take the last place), and freed when the
 * call's session ends.
 */
export class CallRegistry {
  private readonly calls = new Map<string, { projectId: string; call: TrackedCall }>();
  private readonly perProject = new Map<string, number>();
  private total = 0;
  private drainingFlag = false;
  private readonly idleWaiters = new Set<() => void>();

  constructor(private readonly options: CallRegistryOptions) {}

  get draining(): boolean {
    return this.drainingFlag;
  }

  get active(): number {
    return this.total;
  }

  activeFor(projectId: string): number {
    return this.perProject.get(projectId) ?? 0;
  }

  activeByProject(): Map<string, number> {
    return new Map(this.perProject);
  }

  get(callId: string): TrackedCall | undefined {
    return this.calls.get(callId)?.call;
  }

  reserve(projectId: string): Reservation | { refused: Refusal } {
    const refusal = this.refusalFor(projectId);
    if (refusal) {
      this.options.onRefused?.(refusal, projectId);
      return { refused: refusal };
    }
    this.total += 1;
    this.perProject.set(projectId, this.activeFor(projectId) + 1);
    let settled = false;
    const free = () => {
      if (settled) return;
      settled = true;
      this.total -= 1;
      const left = this.activeFor(projectId) - 1;
      if (left > 0) this.perProject.set(projectId, left);
      else this.perProject.delete(projectId);
      if (this.total === 0) for (const wake of this.idleWaiters) wake();
    };
    return {
      attach: (call) => {
        this.calls.set(call.callId, { projectId, call });
        void call.done.finally(() => {
          if (this.calls.get(call.callId)?.call === call) this.calls.delete(call.callId);
          free();
        });
      },
      release: free,
    };
  }

  /** Hangs up every call of one project (it was deleted); answers how many there were. */
  async endProject(projectId: string, reason: CallEndReason = 'local_hangup'): Promise<number> {
    const calls = [...this.calls.values()].filter((c) => c.projectId === projectId).map(({ call }) => call);
    await Promise.all(calls.map((call) => call.end(reason).catch(() => undefined)));
    return calls.length;
  }

  private refusalFor(projectId: string): Refusal | null {
    if (this.drainingFlag) return 'draining';
    const { maxCallsPerProject, maxCalls } = this.options;
    if (maxCalls && this.total >= maxCalls) return 'capacity';
    if (maxCallsPerProject && this.activeFor(projectId) >= maxCallsPerProject) return 'project_limit';
    return null;
  }

  /**
   * Takes no new calls; resolves when the current ones have ended, or at the deadline, when those still
   * running are hung up (they hear nothing more; the flow gets `call_ended`).
   */
  async drain(deadlineMs: number): Promise<DrainResult> {
    this.drainingFlag = true;
    const before = this.total;
    if (before === 0) return { finished: 0, forced: 0 };
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wake: () => void = () => undefined;
    const idle = new Promise<'idle'>((resolve) => {
      wake = () => resolve('idle');
      this.idleWaiters.add(wake);
    });
    const outcome = await Promise.race([
      idle,
      new Promise<'deadline'>((resolve) => (timer = setTimeout(() => resolve('deadline'), deadlineMs))),
    ]);
    clearTimeout(timer);
    this.idleWaiters.delete(wake);
    if (outcome === 'idle') return { finished: before, forced: 0 };
    const remaining = [...this.calls.values()].map(({ call }) => call);
    await Promise.all(remaining.map((call) => call.end('drain').catch(() => undefined)));
    return { finished: before - remaining.length, forced: remaining.length };
  }
}
