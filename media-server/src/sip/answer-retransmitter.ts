/**
 * RFC 3261 13.3.1.4: the UAS core (not the transaction) retransmits a 2xx to INVITE, starting at T1 and
 * doubling up to T2, until the ACK arrives; after 64*T1 without one the dialog is torn down with a BYE.
 */
import { TimerGroup, type TimerConfig } from './transaction-timers.ts';

export class AnswerRetransmitter {
  private readonly timers = new TimerGroup();
  private active = false;

  constructor(
    private readonly resend: () => void,
    private readonly config: TimerConfig,
    private readonly onAckTimeout: () => void,
  ) {}

  get waiting(): boolean {
    return this.active;
  }

  start(): void {
    this.stop();
    this.active = true;
    let interval = this.config.t1;
    const again = () => {
      if (!this.active) return;
      this.resend();
      interval = Math.min(interval * 2, this.config.t2);
      this.timers.after(interval, again);
    };
    this.timers.after(interval, again);
    this.timers.after(64 * this.config.t1, () => {
      if (!this.active) return;
      this.stop();
      this.onAckTimeout();
    });
  }

  stop(): void {
    this.active = false;
    this.timers.clear();
  }
}
