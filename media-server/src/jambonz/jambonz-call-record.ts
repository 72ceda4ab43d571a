import type { TurnOutput } from '../conversation/conversation-store.ts';
import type { CallEventSink, TurnTrigger } from '#server/calls/call-events.ts';
import { traceDetails } from '#server/calls/trace-details.ts';
import { reasonPhrase } from '../sip/sip-message.ts';

/** What jambonz says when a call ends (its `call:status` payload, the fields we read). */
export interface JambonzEndStatus {
  call_status?: string;
  sip_status?: number;
  sip_reason?: string;
  call_termination_by?: string;
}

/**
 * A jambonz call's record: the same events our own gateway emits (call.started, turn.completed per turn,
 * call.ended with its SIP end cause), so jambonz calls land in the Inbox like any other. jambonz keeps the
 * media, so there is no recording and no stage timing beyond our runtime's.
 */
export class JambonzCallRecord {
  private turns = 0;
  private readonly startedAt = Date.now();
  private disposition: string | undefined;
  private done = false;

  constructor(
    private readonly sink: CallEventSink,
    readonly callId: string,
  ) {}

  started(
    route: { projectId: string; agentId: string; versionId: string },
    call: { from: string; to: string; direction: 'inbound' | 'outbound' },
  ): void {
    this.sink({
      type: 'call.started',
      callId: this.callId,
      at: this.startedAt,
      projectId: route.projectId,
      agentId: route.agentId,
      versionId: route.versionId,
      from: call.from,
      to: call.to,
      sampleRate: 8000,
      direction: call.direction,
    });
  }

  turn(out: TurnOutput, trigger: TurnTrigger, input?: { text: string; confidence?: number }): void {
    if (this.done) return;
    const reply = out.commands.flatMap((c) => (c.type === 'say' ? [c.text] : [])).join(' ');
    const hangup = out.commands.find((c) => c.type === 'hangup');
    if (hangup) this.disposition = hangup.disposition;
    this.sink({
      type: 'turn.completed',
      callId: this.callId,
      at: Date.now(),
      turn: this.turns,
      trigger,
      ...(input ? { input: input.text } : {}),
      ...(input?.confidence === undefined ? {} : { confidence: input.confidence }),
      reply,
      nodePath: out.trace.path.map((step) => step.nodeId),
      timings: { runtimeMs: out.trace.durationMs },
      filler: false,
      ...traceDetails(out.trace),
    });
    this.turns += 1;
  }

  /** `flowEnded`: our flow hung up (jambonz then reports the call completed). */
  ended(status: JambonzEndStatus, flowEnded: boolean): void {
    if (this.done) return;
    this.done = true;
    const failed = status.call_status !== undefined && status.call_status !== 'completed';
    this.sink({
      type: 'call.ended',
      callId: this.callId,
      at: Date.now(),
      reason: flowEnded ? 'flow_hangup' : failed ? 'error' : 'remote_hangup',
      ...(this.disposition
        ? { disposition: this.disposition }
        : failed
          ? { disposition: status.call_status }
          : {}),
      durationMs: Date.now() - this.startedAt,
      turns: this.turns,
      sipCause: jambonzEndCause(status, flowEnded),
    });
  }
}

/**
 * The end cause in the gateway's words (see sip-gateway/end-cause.ts): who hung up for a completed call,
 * the final SIP status for one that failed, and that jambonz carried it.
 */
export function jambonzEndCause(status: JambonzEndStatus, flowEnded: boolean): string {
  if (status.call_status && status.call_status !== 'completed' && status.sip_status) {
    const phrase = status.sip_reason?.trim() || reasonPhrase(status.sip_status);
    return `${status.sip_status} ${phrase} (via jambonz)`;
  }
  const byCaller = status.call_termination_by === 'caller' || (!flowEnded && !status.call_termination_by);
  return byCaller ? 'BYE from caller (via jambonz)' : 'BYE sent by platform (via jambonz)';
}
