/**
 * A small adaptive reorder buffer. In-order packets pass straight through (no added latency on a clean
 * path); a packet that arrives ahead of a gap is held until the missing ones come or a hold time runs out,
 * then the gap is reported so the reader can fill it with silence. The hold time follows the measured
 * interarrival jitter (RFC 3550 A.8). Packets older than what was already released count as late.
 */
import { sequenceDelta, type RtpPacket } from './rtp-packet.ts';

export type JitterOutput = { kind: 'packet'; packet: RtpPacket } | { kind: 'gap'; packets: number };

export interface JitterBufferOptions {
  minHoldMs?: number;
  maxHoldMs?: number;
  /** A jump beyond this many packets is a new stream, not loss: resynchronise without filling. */
  maxGapPackets?: number;
  clockRate?: number;
}

export interface JitterStats {
  late: number;
  lost: number;
  reordered: number;
  jitterMs: number;
}

export class JitterBuffer {
  private next: number | undefined;
  private ssrc: number | undefined;
  private readonly held = new Map<number, RtpPacket>();
  private heldSince = 0;
  private lastArrival: number | undefined;
  private lastTimestamp = 0;
  private readonly minHoldMs: number;
  private readonly maxHoldMs: number;
  private readonly maxGap: number;
  private readonly msPerTick: number;
  readonly stats: JitterStats = { late: 0, lost: 0, reordered: 0, jitterMs: 0 };

  constructor(
    private readonly output: (item: JitterOutput) => void,
    options: JitterBufferOptions = {},
  ) {
    this.minHoldMs = options.minHoldMs ?? 20;
    this.maxHoldMs = options.maxHoldMs ?? 120;
    this.maxGap = options.maxGapPackets ?? 50;
    this.msPerTick = 1000 / (options.clockRate ?? 8000);
  }

  /** How long a packet after a gap waits for the missing ones. */
  get holdMs(): number {
    return Math.min(this.maxHoldMs, Math.max(this.minHoldMs, Math.round(20 + 2 * this.stats.jitterMs)));
  }

  push(packet: RtpPacket, nowMs: number): void {
    this.updateJitter(packet, nowMs);
    if (this.next === undefined || packet.ssrc !== this.ssrc) {
      this.resync(packet);
      return;
    }
    const delta = sequenceDelta(this.next, packet.sequence);
    if (delta < 0) {
      this.stats.late += 1;
      return;
    }
    if (delta > this.maxGap) {
      this.resync(packet);
      return;
    }
    if (delta === 0) {
      this.release(packet);
      this.drainConsecutive();
      return;
    }
    if (this.held.has(packet.sequence)) return; // duplicate
    if (this.held.size === 0) this.heldSince = nowMs;
    this.held.set(packet.sequence, packet);
    this.stats.reordered += 1;
    // A hold longer than the cap would mean more than maxHoldMs of audio piled up behind a gap.
    if (this.held.size * 20 >= this.maxHoldMs) this.skipGap();
  }

  /** Called on the media clock: gives up on a gap once the hold time has passed. */
  tick(nowMs: number): void {
    if (this.held.size > 0 && nowMs - this.heldSince >= this.holdMs) this.skipGap();
  }

  reset(): void {
    this.next = undefined;
    this.held.clear();
  }

  private resync(packet: RtpPacket): void {
    this.held.clear();
    this.ssrc = packet.ssrc;
    this.release(packet);
  }

  private release(packet: RtpPacket): void {
    this.next = (packet.sequence + 1) & 0xffff;
    this.output({ kind: 'packet', packet });
  }

  private drainConsecutive(): void {
    for (;;) {
      const packet = this.next === undefined ? undefined : this.held.get(this.next);
      if (!packet) return;
      this.held.delete(packet.sequence);
      this.release(packet);
    }
  }

  private skipGap(): void {
    if (this.next === undefined || this.held.size === 0) return;
    let nearest = Infinity;
    for (const seq of this.held.keys()) nearest = Math.min(nearest, sequenceDelta(this.next, seq));
    if (nearest > 0 && Number.isFinite(nearest)) {
      this.stats.lost += nearest;
      this.output({ kind: 'gap', packets: nearest });
      this.next = (this.next + nearest) & 0xffff;
    }
    this.drainConsecutive();
  }

  private updateJitter(packet: RtpPacket, nowMs: number): void {
    if (this.lastArrival !== undefined && packet.ssrc === this.ssrc) {
      const transit =
        nowMs - this.lastArrival - ((packet.timestamp - this.lastTimestamp) | 0) * this.msPerTick;
      this.stats.jitterMs += (Math.abs(transit) - this.stats.jitterMs) / 16;
    }
    this.lastArrival = nowMs;
    this.lastTimestamp = packet.timestamp;
  }
}
