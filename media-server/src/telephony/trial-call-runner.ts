/**
 * Places the test calls the screen asks for: through the chosen connection, running the chosen agent
 * version, and writes each step (trying, ringing, answered, ended or failed with the SIP code and the
 * duration) to the test call's row, which the screen polls.
 */
import { parseFlow } from '#flow-runtime/index';
import { db } from '#server/db.ts';
import type { Logger } from '#server/logger.ts';
import { loadConnectionConfig } from '#server/telephony/connection-config.server.ts';
import type { CallEventSink } from '#server/calls/call-events.ts';
import type { VoiceGateway } from '../call/voice-gateway.ts';
import type { OutboundProgress } from '../sip-gateway/outbound-call.ts';
import type { ConnectionCallLimits } from './connection-call-limits.ts';
import { carrierDial } from './carrier-dial.ts';
import type { OutboundDialer } from './outbound-dialer.ts';
import {
  campaignCallVariables,
  campaignMachineAction,
} from '#server/campaigns/campaign-call-variables.server.ts';

export interface TestCallRunnerOptions {
  /** The SIP engine that places the calls: the embedded gateway, or drachtio with FreeSWITCH. */
  dialer: OutboundDialer;
  gateway: VoiceGateway;
  limits: ConnectionCallLimits;
  logger: Logger;
  /** Call events (the call records): a call that is never answered is recorded here; answered ones by the
   * gateway's session. */
  events?: CallEventSink;
  /** A test call hangs up after this long at the latest; default 5 minutes. */
  maxDurationMs?: number;
  /** How often the live calls' rows are stamped (the dialer judges an unstamped call lost); default 10 s. */
  heartbeatMs?: number;
  ringTimeoutMs?: number;
}

type Update = Parameters<ReturnType<typeof db>['testCall']['update']>[0]['data'];

export function createTestCallRunner(options: TestCallRunnerOptions) {
  const { logger } = options;
  /** The calls this server placed and has not finished, with how to hang each up once it is up. */
  const live = new Map<string, { hangup?: () => void }>();
  const heartbeat = setInterval(
    () => void stamp().catch((error: unknown) => logger.warn({ err: error }, 'live test calls not stamped')),
    options.heartbeatMs ?? 10_000,
  );
  heartbeat.unref();

  /**
   * A server killed mid-call leaves its rows "answered" or "ringing" for good: the stamp is how the campaign
   * dialer tells (settle.ts). A call the dialer judged lost anyway (this server could not stamp for long) is
   * hung up here, so its retry is never on the line beside it.
   */
  async function stamp(): Promise<void> {
    const ids = [...live.keys()];
    if (ids.length === 0) return;
    await db().testCall.updateMany({
      where: { id: { in: ids }, status: { notIn: ['ended', 'failed'] } },
      data: { updatedAt: new Date() },
    });
    const given = await db().testCall.findMany({
      where: { id: { in: ids }, status: 'failed' },
      select: { id: true },
    });
    for (const { id } of given) {
      live.get(id)?.hangup?.();
      live.delete(id);
    }
  }

  const runTestCall = async function runTestCall(testCallId: string): Promise<void> {
    // Claim the row: only one media server places each test call.
    const claimed = await db().testCall.updateMany({
      where: { id: testCallId, status: 'queued' },
      data: { status: 'trying' },
    });
    if (claimed.count === 0) return;
    live.set(testCallId, {});
    const row = await db().testCall.findUniqueOrThrow({ where: { id: testCallId } });
    let chain = Promise.resolve();
    const write = (data: Update) => {
      if (data.status === 'ended' || data.status === 'failed') live.delete(testCallId);
      chain = chain
        .then(() =>
          db()
            .testCall.update({ where: { id: testCallId }, data })
            .then(() => undefined),
        )
        .catch((error: unknown) => logger.warn({ err: error, testCallId }, 'test call progress not stored'));
      return chain;
    };
    const fail = (sipCode: number, reason: string) =>
      write({ status: 'failed', sipCode, reason, endedAt: new Date() });

    try {
      await place(row, write, fail);
    } catch (error) {
      logger.error({ err: error, testCallId }, 'test call could not be placed');
      await fail(500, 'Could not place the call');
    }
  };
  return Object.assign(runTestCall, {
    /** Stops stamping (the server is closing; its calls end or are judged lost). */
    close: () => clearInterval(heartbeat),
  });

  async function place(
    row: Awaited<ReturnType<ReturnType<typeof db>['testCall']['findUniqueOrThrow']>>,
    write: (data: Update) => Promise<void>,
    fail: (sipCode: number, reason: string) => Promise<void>,
  ): Promise<void> {
    const testCallId = row.id;
    const connection = await loadConnectionConfig(row.connectionId);
    const version = await db().agentVersion.findFirst({
      where: { id: row.versionId, agentId: row.agentId, projectId: row.projectId },
      select: { id: true, graph: true },
    });
    const parsed = version ? parseFlow(version.graph) : undefined;
    // A campaign's call starts with its contact's columns as variables (issue 21).
    const variables = await campaignCallVariables(db(), testCallId);
    // …and listens for an answering machine first, doing what the campaign chose on one.
    const machineAction = variables ? await campaignMachineAction(db(), testCallId) : null;
    if (!connection || connection.projectId !== row.projectId)
      return void (await fail(404, 'Connection gone'));
    if (!parsed?.success) return void (await fail(480, 'Agent version unreadable'));
    if (!connection.enabled) return void (await fail(480, 'Connection disabled'));
    const release = await options.limits.acquire(connection.id, connection.maxConcurrentCalls);
    if (!release) return void (await fail(486, 'Connection call limit reached'));
    const admission = options.gateway.admit(row.projectId);
    if (!admission.ok) {
      release();
      return void (await fail(503, `Refused: ${admission.refused}`));
    }

    const dial = carrierDial(connection, row.to, row.callerId);
    const { callerId, dialled } = dial;
    let answered = false;
    let hangupTimer: NodeJS.Timeout | undefined;
    // Set once dialled; a refusal can come before (no media port), then the record gets a stand-in id.
    const placed: { sipCallId?: string } = {};
    const dialledAt = Date.now();
    // Never answered: the Inbox still shows the attempt, with the carrier's answer as its end cause.
    const recordUnanswered = (sipCode: number, cause: string) => {
      const callId = placed.sipCallId ?? `test-call-${testCallId}`;
      options.events?.({
        type: 'call.started',
        callId,
        at: dialledAt,
        projectId: row.projectId,
        from: callerId,
        to: dialled,
        sampleRate: 8000,
        direction: 'outbound',
        agentId: row.agentId,
        versionId: row.versionId,
      });
      options.events?.({
        type: 'call.ended',
        callId,
        at: Date.now(),
        reason: 'error',
        disposition: unansweredDisposition(sipCode),
        durationMs: Date.now() - dialledAt,
        turns: 0,
        sipCause: cause,
      });
    };
    const onProgress = (progress: OutboundProgress) => {
      switch (progress.state) {
        case 'trying':
          void write({ status: 'trying' });
          return;
        case 'ringing':
          void write({ status: 'ringing', sipCode: progress.sipCode });
          return;
        case 'answered':
          answered = true;
          void write({ status: 'answered', sipCode: progress.sipCode, answeredAt: new Date() });
          return;
        case 'ended':
          if (hangupTimer) clearTimeout(hangupTimer);
          release();
          void write({
            status: 'ended',
            reason: progress.reason,
            endedAt: new Date(),
            durationMs: progress.durationMs,
          });
          return;
        case 'failed':
          release();
          if (!answered) {
            admission.release();
            recordUnanswered(progress.sipCode, progress.cause);
          }
          // A refusal by the address policy is a reason the screen translates (the log has the detail).
          void fail(
            progress.sipCode,
            progress.refused === 'address_policy' ? 'address_refused' : progress.reason,
          );
      }
    };
    const call = options.dialer.dial({
      target: dial.target,
      peer: dial.peer,
      fromUri: dial.fromUri,
      ...(dial.auth ? { auth: dial.auth } : {}),
      ...(dial.codecs ? { codecs: dial.codecs } : {}),
      ...(options.ringTimeoutMs ? { ringTimeoutMs: options.ringTimeoutMs } : {}),
      onProgress,
      onLeg: (leg) => {
        admission.start(leg, {
          flow: parsed.flow,
          direction: 'outbound',
          agentId: row.agentId,
          versionId: row.versionId,
          connectionId: connection.id,
          ...(variables ? { variables } : {}),
          ...(machineAction ? { answeringMachine: { machineAction } } : {}),
        });
        hangupTimer = setTimeout(() => void leg.hangup('local_hangup'), options.maxDurationMs ?? 300_000);
        const entry = live.get(testCallId);
        if (entry) entry.hangup = () => void leg.hangup('local_hangup');
      },
    });
    placed.sipCallId = call.callId;
    await write({ sipCallId: call.callId });
    logger.info({ testCallId, callId: call.callId, connectionId: connection.id }, 'test call placed');
  }
}

/** How an unanswered call ended, in the words of the Inbox's dispositions. */
export function unansweredDisposition(sipCode: number): string {
  if (sipCode === 486 || sipCode === 600) return 'busy';
  if (sipCode === 603) return 'declined';
  if (sipCode === 408 || sipCode === 480 || sipCode === 487) return 'no_answer';
  return 'failed';
}
