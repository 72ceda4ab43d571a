/**
 * The seam between a transport (SIP/RTP, browser WebSocket) and the call pipeline. A CallSession sees only
 * this: PCM frames in and out, DTMF both ways, and the end of the call. Everything about SIP dialogs, RTP
 * sequence numbers, jitter buffers and codecs stays on the transport's side of it.
 */

import type { DialTransfer } from './warm-transfer.ts';

/** Signed 16-bit little-endian mono PCM. One frame is 20 ms at the leg's sample rate. */
export type PcmFrame = Int16Array;

export type LegEndReason =
  | 'remote_hangup' // the caller hung up (BYE, socket closed)
  | 'local_hangup' // we ended it (flow hangup, max duration, drain)
  | 'transferred' // the call left us through a transfer
  | 'media_timeout' // no media from the far end for too long
  | 'error';

export interface LegEvents {
  /** A 20 ms frame from the far end, already de-jittered and decoded, in order (gaps filled with silence). */
  audio: (frame: PcmFrame) => void;
  /** A DTMF digit the far end pressed (RFC 4733 event, SIP INFO or a WebSocket message), once per press. */
  dtmf: (digit: string) => void;
  /** The leg is gone; no more events follow. */
  ended: (reason: LegEndReason) => void;
}

export interface TransferRequest {
  /** A SIP URI or E.164 number. */
  target: string;
  mode: 'warm' | 'cold';
}

export interface MediaLeg {
  /** Identifies the call in logs and events (SIP Call-ID or the WebSocket session id). */
  readonly callId: string;
  /** 8000 for G.711 phone legs, 16000 for browser legs. */
  readonly sampleRate: 8000 | 16000;
  /** Who called and which address they dialled, as the transport saw them. */
  readonly from: string;
  readonly to: string;

  on<E extends keyof LegEvents>(event: E, listener: LegEvents[E]): void;
  off<E extends keyof LegEvents>(event: E, listener: LegEvents[E]): void;

  /**
   * Queues a 20 ms frame for paced sending. Frames go out every 20 ms from the transport's own clock;
   * when the queue runs dry the leg sends comfort silence (or nothing) rather than bursting later.
   */
  play(frame: PcmFrame): void;
  /** Drops everything queued but not yet sent (barge-in). Returns how many frames were dropped. */
  clearPlayback(): number;
  /** Frames queued and not yet sent. */
  readonly queuedFrames: number;
  /** Sends a DTMF digit to the far end (RFC 4733 out, or a WebSocket message). */
  sendDtmf(digit: string): Promise<void>;
  /** Hands the call to another party (SIP REFER for cold; the transport may refuse warm). */
  transfer(request: TransferRequest): Promise<void>;
  /** Ends the call from our side (SIP BYE, WebSocket close). Idempotent. */
  hangup(reason?: LegEndReason): Promise<void>;
  /**
   * SIP legs: how the call ended at the signalling level (`BYE from caller; Q.850 cause 16 (...)`), set
   * before `ended` fires, for the call record. Undefined while the call is up and on non-SIP legs.
   */
  readonly endCause?: string;
  /**
   * Transports whose media lives elsewhere (FreeSWITCH) place a warm transfer's second leg themselves;
   * without it the process's own dialler (the embedded SIP gateway) places it.
   */
  readonly dialTransfer?: DialTransfer | undefined;
  /**
   * Joins this leg's media with another of the same transport where the media lives (FreeSWITCH
   * uuid_bridge). False when it cannot: the bridge then copies frames between the legs.
   */
  bridgeMedia?(other: MediaLeg): Promise<boolean>;
}
