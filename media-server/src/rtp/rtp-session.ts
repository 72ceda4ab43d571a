/**
 * One call's RTP stream: receive (symmetric latching, reorder, decode, DTMF), paced send on the shared
 * media clock (audio frames, comfort silence, RFC 4733 digits), and a media timeout.
 *
 * Where media goes is not the SDP's to decide alone (an INVITE could aim our audio at anyone: RTP
 * reflection, ADR 013). Nothing is sent before the call is answered; the SDP address gets media at once only
 * when it is the address the call's signalling uses (or one the install lists); otherwise we wait for the
 * far end's first packet and send where it came from (symmetric RTP, RFC 4961), latching only onto the
 * signalling address, the SDP address or a listed one.
 */
import { randomInt } from 'node:crypto';
import { type RemoteInfo } from 'node:dgram';
import { directionFlags, type NegotiatedAudio } from '../sdp/offer-answer.ts';
import { g711Decode, g711Encode, g711SilenceByte } from './g711.ts';
import { JitterBuffer, type JitterOutput } from './jitter-buffer.ts';
import { type ClockTask, type MediaClock } from './media-clock.ts';
import { buildRtp, parseRtp, type RtpPacket } from './rtp-packet.ts';
import { type RtpPortLease } from './rtp-port-allocator.ts';
import { buildTelephoneEvent, digitToEvent, DtmfReceiver } from './telephone-event.ts';

export const SAMPLES_PER_FRAME = 160; // 20 ms at 8 kHz

export interface RtpCounters {
  packetsIn: number;
  packetsOut: number;
  /** Packets that arrived after the jitter buffer had already released their slot. */
  latePackets: number;
  lostPackets: number;
  malformedPackets: number;
}

export function emptyRtpCounters(): RtpCounters {
  return { packetsIn: 0, packetsOut: 0, latePackets: 0, lostPackets: 0, malformedPackets: 0 };
}

/** What the call vouches for about the far end's media address. */
export interface MediaTrust {
  /** Where the call's signalling comes from (inbound: the INVITE's source; outbound: our pinned first hop). */
  signallingAddress: string;
  /** Addresses the install lists (TELEPHONY_ALLOW_HOSTS): media may go there before they are heard from. */
  lists(address: string): boolean;
}

export interface RtpSessionOptions {
  lease: RtpPortLease;
  clock: MediaClock;
  media: NegotiatedAudio;
  counters: RtpCounters;
  /** No packet for this long (while we expect some) ends the call. */
  mediaTimeoutMs: number;
  /** Send encoded silence when nothing is queued (keeps NAT bindings and carriers' timers happy). */
  sendSilence?: boolean;
  onAudio(frame: Int16Array): void;
  onDtmf(digit: string): void;
  onMediaTimeout(): void;
  /** The far end's media address after latching onto where its packets really come from. */
  onLatched?(address: string, port: number): void;
  trust: MediaTrust;
  /** False until the call is answered (inbound: our 200 acknowledged by ACK); see answered(). */
  answered: boolean;
}

const DTMF_TONE_PACKETS = 6; // 120 ms of tone
const DTMF_END_PACKETS = 3; // RFC 4733 2.5.1.4: the end packet is sent three times
const DTMF_GAP_CYCLES = 3; // 60 ms pause between digits

interface DtmfJob {
  event: number;
  resolve: () => void;
  reject: (error: Error) => void;
  startTimestamp?: number;
  sent: number;
}

export class RtpSession implements ClockTask {
  private media: NegotiatedAudio;
  /** Where we send; undefined until the SDP address is vouched for or the far end is heard from. */
  private remote: { address: string; port: number } | undefined;
  private latched = false;
  private isAnswered: boolean;
  private lastFromRemoteAt: number;
  private readonly queue: Int16Array[] = [];
  private readonly ssrc = randomInt(0, 2 ** 32 - 1);
  private sequence = randomInt(0, 0xffff);
  private readonly timestampBase = randomInt(0, 2 ** 32 - 1);
  private startCycle: number | undefined;
  private markerPending = true;
  private readonly dtmfJobs: DtmfJob[] = [];
  private dtmfPauseUntil = -1;
  private readonly jitter: JitterBuffer;
  private readonly dtmfReceiver = new DtmfReceiver();
  private pending = new Int16Array(0);
  private lastPayloadSamples = SAMPLES_PER_FRAME;
  private readonly silence: Buffer;
  private readonly removeFromClock: () => void;
  private timedOut = false;
  private closed = false;

  constructor(private readonly options: RtpSessionOptions) {
    this.media = options.media;
    this.isAnswered = options.answered;
    this.remote = this.vouchedFor(options.media);
    this.lastFromRemoteAt = performance.now();
    this.silence = Buffer.alloc(SAMPLES_PER_FRAME, g711SilenceByte(options.media.codec));
    this.jitter = new JitterBuffer((item) => this.onJitterOutput(item));
    options.lease.socket.on('message', (data, rinfo) => this.onPacket(data, rinfo));
    options.lease.socket.on('error', () => undefined); // ICMP unreachable and the like: media just stops
    this.removeFromClock = options.clock.add(this);
  }

  get localPort(): number {
    return this.options.lease.port;
  }

  get queuedFrames(): number {
    return this.queue.length;
  }

  /** Where media goes now; undefined while we wait to hear from the far end. */
  get remoteAddress(): { address: string; port: number } | undefined {
    return this.remote ? { ...this.remote } : undefined;
  }

  /** The call is answered (our 200 acknowledged): media may flow from the next tick. */
  answered(): void {
    this.isAnswered = true;
  }

  /** Queues one frame of SAMPLES_PER_FRAME samples. */
  play(frame: Int16Array): void {
    if (!this.closed) this.queue.push(frame);
  }

  clearPlayback(): number {
    const dropped = this.queue.length;
    this.queue.length = 0;
    return dropped;
  }

  sendDtmf(digit: string): Promise<void> {
    const event = digitToEvent(digit);
    if (event === undefined) return Promise.reject(new Error(`not a DTMF digit: ${digit}`));
    if (this.media.dtmfPayloadType === undefined)
      return Promise.reject(new Error('the far end did not offer telephone-event'));
    if (this.closed) return Promise.reject(new Error('media session closed'));
    return new Promise((resolve, reject) => this.dtmfJobs.push({ event, resolve, reject, sent: 0 }));
  }

  /** A re-INVITE changed the far end's media (new address, hold, codec). */
  update(media: NegotiatedAudio): void {
    if (media.remoteAddress !== this.media.remoteAddress || media.remotePort !== this.media.remotePort) {
      this.remote = this.vouchedFor(media);
      this.latched = false;
    }
    this.media = media;
    this.lastFromRemoteAt = performance.now();
    this.timedOut = false;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.removeFromClock();
    this.options.lease.release();
    for (const job of this.dtmfJobs.splice(0)) job.reject(new Error('call ended'));
    this.queue.length = 0;
  }

  /** Sends this period's packet; the receive side waits for afterTick, once the slot's packets are out. */
  tick(cycle: number): void {
    if (this.closed) return;
    this.startCycle ??= cycle;
    const flags = directionFlags(this.media.direction);
    if (!flags.send || this.media.remoteAddress === '0.0.0.0') return;
    // Not answered, or not yet heard from an address we could not vouch for: what is queued waits.
    if (!this.isAnswered || !this.remote) return;
    const timestamp = (this.timestampBase + (cycle - this.startCycle) * SAMPLES_PER_FRAME) >>> 0;
    const job = this.dtmfJobs[0];
    if (job && cycle >= this.dtmfPauseUntil) {
      this.sendDtmfPacket(job, timestamp, cycle);
      return;
    }
    const frame = this.queue.shift();
    if (!frame && this.options.sendSilence === false) return;
    const payload = frame ? g711Encode(this.media.codec, frame) : this.silence;
    this.send(this.media.payloadType, timestamp, payload);
  }

  afterTick(nowMs: number): void {
    if (this.closed) return;
    this.jitter.tick(nowMs);
    this.checkMediaTimeout(nowMs);
  }

  private sendDtmfPacket(job: DtmfJob, timestamp: number, cycle: number): void {
    if (job.startTimestamp === undefined) {
      job.startTimestamp = timestamp;
      this.markerPending = true; // RFC 4733 2.5.1.3: marker on the first packet of an event
    }
    job.sent += 1;
    const end = job.sent > DTMF_TONE_PACKETS;
    const duration = Math.min(job.sent, DTMF_TONE_PACKETS + 1) * SAMPLES_PER_FRAME;
    const payload = buildTelephoneEvent({ event: job.event, end, volume: 10, duration });
    this.send(this.media.dtmfPayloadType ?? 101, job.startTimestamp, payload);
    if (job.sent >= DTMF_TONE_PACKETS + DTMF_END_PACKETS) {
      this.dtmfJobs.shift();
      this.dtmfPauseUntil = cycle + DTMF_GAP_CYCLES;
      job.resolve();
    }
  }

  private send(payloadType: number, timestamp: number, payload: Buffer): void {
    const remote = this.remote;
    if (!remote) return;
    const packet = buildRtp({
      marker: this.markerPending,
      payloadType,
      sequence: this.sequence,
      timestamp,
      ssrc: this.ssrc,
      payload,
    });
    this.markerPending = false;
    this.sequence = (this.sequence + 1) & 0xffff;
    // No callback: a send error goes to the socket's error listener (ignored above), and Node skips a
    // nextTick per packet that a callback costs.
    this.options.lease.socket.send(packet, remote.port, remote.address);
    this.options.counters.packetsOut += 1;
  }

  private onPacket(data: Buffer, rinfo: RemoteInfo): void {
    if (this.closed) return;
    const packet = parseRtp(data);
    if (!packet) {
      this.options.counters.malformedPackets += 1;
      return;
    }
    const now = performance.now();
    const fromRemote = rinfo.address === this.remote?.address && rinfo.port === this.remote.port;
    if (!fromRemote) {
      // Only the call's own addresses may be latched onto: anyone else's packets are not the caller's audio,
      // and latching onto them would aim our media wherever a packet claimed to come from.
      if (!this.mayLatch(rinfo.address)) return;
      // Symmetric RTP (RFC 4961): send where the far end's packets come from. After latching, another
      // source may take over only when the latched one has gone quiet (an SBC failover), not by injection.
      if (this.latched && now - this.lastFromRemoteAt < 1000) return;
      this.remote = { address: rinfo.address, port: rinfo.port };
      this.options.onLatched?.(rinfo.address, rinfo.port);
    }
    this.latched = true;
    this.lastFromRemoteAt = now;
    this.options.counters.packetsIn += 1;
    if (packet.payloadType !== this.media.payloadType && packet.payloadType !== this.media.dtmfPayloadType)
      return;
    const late = this.jitter.stats.late;
    const lost = this.jitter.stats.lost;
    this.jitter.push(packet, now);
    this.options.counters.latePackets += this.jitter.stats.late - late;
    this.options.counters.lostPackets += this.jitter.stats.lost - lost;
  }

  private onJitterOutput(item: JitterOutput): void {
    if (item.kind === 'gap') {
      this.emitSamples(new Int16Array(item.packets * this.lastPayloadSamples));
      return;
    }
    const packet: RtpPacket = item.packet;
    if (packet.payloadType === this.media.dtmfPayloadType) {
      const digit = this.dtmfReceiver.receive(packet);
      if (digit) this.options.onDtmf(digit);
      return;
    }
    if (packet.payload.length === 0) return;
    this.lastPayloadSamples = packet.payload.length;
    this.emitSamples(g711Decode(this.media.codec, packet.payload));
  }

  /** Re-frames decoded audio into 20 ms frames whatever the far end's packet time. */
  private emitSamples(samples: Int16Array): void {
    if (this.pending.length === 0 && samples.length === SAMPLES_PER_FRAME) {
      this.options.onAudio(samples);
      return;
    }
    const all = new Int16Array(this.pending.length + samples.length);
    all.set(this.pending);
    all.set(samples, this.pending.length);
    let offset = 0;
    for (; offset + SAMPLES_PER_FRAME <= all.length; offset += SAMPLES_PER_FRAME)
      this.options.onAudio(all.slice(offset, offset + SAMPLES_PER_FRAME));
    this.pending = all.slice(offset);
  }

  /** The SDP's address and port when the call vouches for that address, else nothing until we latch. */
  private vouchedFor(media: NegotiatedAudio): { address: string; port: number } | undefined {
    const { trust } = this.options;
    const address = media.remoteAddress;
    return address === trust.signallingAddress || trust.lists(address)
      ? { address, port: media.remotePort }
      : undefined;
  }

  private mayLatch(address: string): boolean {
    const { trust } = this.options;
    return (
      address === trust.signallingAddress || address === this.media.remoteAddress || trust.lists(address)
    );
  }

  private checkMediaTimeout(nowMs: number): void {
    if (this.timedOut || !directionFlags(this.media.direction).receive) return;
    if (nowMs - this.lastFromRemoteAt < this.options.mediaTimeoutMs) return;
    this.timedOut = true;
    this.options.onMediaTimeout();
  }
}
