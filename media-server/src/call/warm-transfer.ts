/**
 * Warm transfer as a bridge: the platform dials the target as a second leg, speaks the handoff summary to
 * whoever answers, then carries audio (and keypad) between the two legs until either hangs up. Chosen
 * over REFER with Replaces because the caller's carrier and phone need to support nothing (ADR 016): the
 * media server stays in the path, as a B2BUA does.
 */
import type { Logger } from '#server/logger.ts';
import { startRingback } from '../audio/ringback.ts';
import type { TtsProvider } from '../providers/tts/tts-provider.ts';
import type { MediaLeg, PcmFrame } from './media-leg.ts';

export interface TransferDialContext {
  /** Whose call it is: a number is dialled through this project's outbound connection. */
  projectId: string;
  /** The connection the call came or went through, preferred for the second leg. */
  connectionId?: string;
  /** Aborted when the caller hangs up while the target rings: the dial is cancelled (SIP CANCEL). */
  signal: AbortSignal;
}

/**
 * Places the second leg: resolves once the target answers; rejects when nobody does, it fails, or the
 * signal aborts it (then only after the target's leg has been cancelled, with how it ended).
 */
export type DialTransfer = (target: string, context: TransferDialContext) => Promise<MediaLeg>;

export interface WarmTransferOptions {
  caller: MediaLeg;
  target: string;
  dial: DialTransfer;
  context: Omit<TransferDialContext, 'signal'>;
  tts: TtsProvider;
  /** BCP-47 language of the summary. */
  language: string;
  summary: string;
  logger: Logger;
}

export interface Bridge {
  /** The operator's leg. */
  other: MediaLeg;
  /** Resolves when both legs have ended. */
  done: Promise<void>;
}

/** The caller hung up while the target rang; the target's leg was cancelled. */
export class CallerLeftError extends Error {}

/** Speaks `text` to one leg and waits until it has been sent. */
async function speakTo(leg: MediaLeg, tts: TtsProvider, text: string, language: string): Promise<void> {
  const frame = leg.sampleRate / 50;
  let pending = new Int16Array(0);
  const signal = AbortSignal.timeout(15_000);
  for await (const chunk of tts.synthesize({ text, language, sampleRate: leg.sampleRate, signal })) {
    const joined = new Int16Array(pending.length + chunk.length);
    joined.set(pending);
    joined.set(chunk, pending.length);
    let at = 0;
    for (; at + frame <= joined.length; at += frame) leg.play(joined.slice(at, at + frame));
    pending = joined.slice(at);
  }
  if (pending.length > 0) {
    const last = new Int16Array(frame);
    last.set(pending);
    leg.play(last);
  }
  // Paced at 20 ms a frame: wait for the queue to drain (bounded, in case the leg stalls).
  for (const until = Date.now() + 60_000; leg.queuedFrames > 0 && Date.now() < until;)
    await new Promise((resolve) => setTimeout(resolve, 20));
}

/**
 * Dials (the caller hears ringback meanwhile), briefs and bridges. Throws (and leaves the caller untouched)
 * when the target does not answer; a caller who hangs up while the target rings cancels its leg at once
 * (CallerLeftError). Once bridged, either side hanging up ends the other.
 */
export async function startWarmTransfer(options: WarmTransferOptions): Promise<Bridge> {
  const { caller, logger } = options;
  const abort = new AbortController();
  const callerLeft = () => abort.abort();
  caller.on('ended', callerLeft);
  const stopRinging = startRingback(caller, options.language);
  let other: MediaLeg;
  try {
    other = await options.dial(options.target, { ...options.context, signal: abort.signal });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw abort.signal.aborted ? new CallerLeftError(message) : error;
  } finally {
    stopRinging();
    caller.off('ended', callerLeft);
  }
  if (abort.signal.aborted) {
    // Answered in the same moment the caller left.
    await other.hangup('local_hangup');
    throw new CallerLeftError('the caller hung up as the target answered');
  }
  if (other.sampleRate !== caller.sampleRate) {
    await other.hangup('local_hangup');
    throw new Error('the two legs use different sample rates');
  }
  let otherEnded = false;
  let callerEnded = false;
  const ended = new Promise<void>((resolve) => {
    const settle = () => {
      if (otherEnded && callerEnded) resolve();
    };
    other.on('ended', () => {
      otherEnded = true;
      if (!callerEnded) void caller.hangup('transferred');
      settle();
    });
    caller.on('ended', () => {
      callerEnded = true;
      if (!otherEnded) void other.hangup('local_hangup');
      settle();
    });
  });
  try {
    if (options.summary.trim()) await speakTo(other, options.tts, options.summary, options.language);
  } catch (error) {
    logger.warn({ err: error }, 'handoff summary could not be spoken; bridging anyway');
  }
  if (otherEnded) throw new Error('the target hung up before the caller was connected');
  // Where the media lives elsewhere (FreeSWITCH) the two legs are joined there; else frames are copied.
  const joined = caller.bridgeMedia ? await caller.bridgeMedia(other) : false;
  if (!joined) {
    const toOther = (frame: PcmFrame) => other.play(frame);
    const toCaller = (frame: PcmFrame) => caller.play(frame);
    caller.on('audio', toOther);
    other.on('audio', toCaller);
    caller.on('dtmf', (digit) => void other.sendDtmf(digit).catch(() => undefined));
    other.on('dtmf', (digit) => void caller.sendDtmf(digit).catch(() => undefined));
  }
  logger.info({ target: options.target, other: other.callId, joined }, 'warm transfer bridged');
  return { other, done: ended };
}
