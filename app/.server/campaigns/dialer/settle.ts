/**
 * Turns finished calls into outcomes and decides each contact's next step: done, a retry after the
 * outcome's delay (doubled per further attempt, inside the window again at dial time), or failed once the
 * attempts are spent. Also the leases: a claimed attempt whose job was lost is queued again (same job id),
 * a call no media server took is published again (its row is claimed once) or, after a while, failed, and a
 * call on a media server that died (its row no longer stamped) is failed, to be retried as the rules say.
 */
import { addDncFromCall } from '../../compliance/dnc.server.ts';
import { doneCriteriaInput, retryInput, type RetryOutcome } from '../campaign-input.ts';
import { dialJobId } from './dispatch.ts';
import type { DialerDeps } from './dialer-deps.ts';

const CLAIM_LEASE_MS = 30_000;
const REPUBLISH_MS = 10_000;
const UNCLAIMED_GIVE_UP_MS = 120_000;
/**
 * A live call whose row no media server has stamped for this long (they stamp every 10 s: trial-call-runner.ts)
 * was on a server that died: kill -9, a crash, the machine gone. Judged on the wall clock, as stamps are.
 */
const LOST_CALL_MS = 60_000;
const LOST_REASON = 'The media server stopped reporting this call';
/** How long an answered call may wait for its post-call analysis before it is judged without it. */
const ANALYSIS_WAIT_MS = 10 * 60_000;
/**
 * How long an answered call may wait for its call record to be closed by the call-records writer (which
 * lags the media server by a stream hop, and holds records back while Postgres is away). Judged without
 * it after this, as an answered call with nothing the flow recorded.
 */
const RECORD_WAIT_MS = 10 * 60_000;

export type Outcome =
  | 'answered'
  | 'busy'
  | 'no_answer'
  | 'failed'
  | 'machine'
  | 'not_done'
  | 'completed'
  | 'dnc_requested'
  | 'callback';

export function outcomeOfSipCode(sipCode: number | null): 'busy' | 'no_answer' | 'failed' {
  if (sipCode === 486 || sipCode === 600) return 'busy';
  if (sipCode === 408 || sipCode === 480 || sipCode === 487 || sipCode === 603) return 'no_answer';
  return 'failed';
}

export async function settleCampaign(deps: DialerDeps, campaignId: string): Promise<number> {
  const { db } = deps;
  const now = deps.now();
  const campaign = await db.campaign.findUnique({ where: { id: campaignId } });
  if (!campaign) return 0;
  const retry = retryInput.parse(campaign.retry ?? {});
  const done = doneCriteriaInput.safeParse(campaign.doneCriteria);

  const stale = await db.campaignAttempt.findMany({
    where: { campaignId, status: 'claimed', claimedAt: { lt: new Date(now.getTime() - CLAIM_LEASE_MS) } },
    select: { id: true, claimedAt: true },
  });
  // Queued again once per lease under a new job id: the first job may have failed for good, and BullMQ keeps
  // it (removeOnFail), so the same id would add nothing. A second run of a live job is harmless: the attempt
  // is dialled once, whichever job turns it `dialing` first (dial-attempt.ts).
  for (const a of stale) {
    const lease = Math.floor((now.getTime() - a.claimedAt.getTime()) / CLAIM_LEASE_MS);
    await deps.enqueueDial(a.id, `${dialJobId(a)}-lease${lease}`);
  }

  const open = await db.campaignAttempt.findMany({
    where: { campaignId, status: { in: ['dialing', 'analysing'] } },
    select: {
      id: true,
      contactId: true,
      number: true,
      status: true,
      testCallId: true,
      dialedAt: true,
      endedAt: true,
      callId: true,
    },
  });
  if (open.length === 0) return 0;
  const calls = await db.testCall.findMany({
    where: { id: { in: open.map((a) => a.testCallId).filter((id): id is string => !!id) } },
  });
  const byId = new Map(calls.map((c) => [c.id, c]));
  let settled = 0;
  for (const attempt of open) {
    const call = attempt.testCallId ? byId.get(attempt.testCallId) : undefined;
    if (!call) {
      await finish(attempt, 'failed', null, 'call row missing');
      continue;
    }
    const age = now.getTime() - (attempt.dialedAt ?? now).getTime();
    if (call.status === 'queued') {
      if (age > UNCLAIMED_GIVE_UP_MS) {
        const taken = await db.testCall.updateMany({
          where: { id: call.id, status: 'queued' },
          data: { status: 'failed', sipCode: 503, reason: 'No media server took the call', endedAt: now },
        });
        if (taken.count) await finish(attempt, 'failed', 503, 'No media server took the call');
      } else if (age > REPUBLISH_MS) await deps.originate(call.projectId, call.id).catch(() => 0);
      continue;
    }
    if (call.status === 'failed') {
      await finish(attempt, outcomeOfSipCode(call.sipCode), call.sipCode, call.reason);
      continue;
    }
    if (call.status !== 'ended') {
      if (Date.now() - call.updatedAt.getTime() > LOST_CALL_MS) {
        // Only if no stamp came in since it was read: a live server's call is never taken from it.
        const lost = await db.testCall.updateMany({
          where: { id: call.id, status: call.status, updatedAt: call.updatedAt },
          data: { status: 'failed', reason: LOST_REASON, endedAt: now },
        });
        if (lost.count) await finish(attempt, 'failed', call.sipCode, LOST_REASON);
      }
      continue;
    }
    // Answered and ended: find the call record, then judge by the analysis when the campaign asks for it.
    const record = call.sipCallId
      ? await db.call.findFirst({
          where: { projectId: call.projectId, externalId: call.sipCallId },
          select: {
            id: true,
            status: true,
            disposition: true,
            analysisStatus: true,
            outcomes: true,
            variables: true,
          },
        })
      : null;
    const waited = now.getTime() - (call.endedAt ?? now).getTime();
    // The media server marks the call ended before the records writer has written its end (the disposition,
    // the flow's last variables: Set outcome, Schedule callback). Judged before that, a callback or an outcome
    // set in the call would be lost, so the attempt waits, off the line, until the record is closed.
    if (record?.status !== 'ended' && waited < RECORD_WAIT_MS) {
      if (attempt.status !== 'analysing' || (record && !attempt.callId)) await waitFor(attempt, record);
      continue;
    }
    // The flow's global "stop calling" handler ended the call ("не звоните мне больше"): the number joins
    // the project's do-not-call list, so no campaign calls it again.
    if (record?.disposition === 'dnc') {
      await addDncFromCall(db, call.projectId, call.to, record.id);
      await finish(attempt, 'dnc_requested', call.sipCode, '', record.id);
      continue;
    }
    const machine = record?.disposition === 'machine' || record?.disposition === 'voicemail';
    if (machine) {
      await finish(attempt, 'machine', call.sipCode, '', record?.id);
      continue;
    }
    const fromFlow = flowResults(record?.variables);
    // The callee named a time (Schedule callback): called again then, whatever the done rule says.
    if (fromFlow.callbackAt) {
      await finish(attempt, 'callback', call.sipCode, '', record?.id, fromFlow.outcomes, fromFlow.callbackAt);
      continue;
    }
    if (!done.success) {
      await finish(attempt, 'completed', call.sipCode, '', record?.id, {
        ...asObject(record?.outcomes),
        ...fromFlow.outcomes,
      });
      continue;
    }
    // A Set outcome node that recorded the done field answers at once; no waiting for the analysis.
    const flowDecided = Object.hasOwn(fromFlow.outcomes, done.data.field);
    if (!flowDecided && (!record || record.analysisStatus === 'pending') && waited < ANALYSIS_WAIT_MS) {
      if (attempt.status !== 'analysing') await waitFor(attempt, record);
      continue;
    }
    const outcomes = { ...asObject(record?.outcomes), ...fromFlow.outcomes };
    const value = outcomes[done.data.field];
    const met = value === done.data.equals || String(value) === String(done.data.equals);
    await finish(attempt, met ? 'completed' : 'not_done', call.sipCode, '', record?.id, outcomes);
  }
  return settled;

  /** Off the line, waiting for the record or its analysis; conditional, so a settle elsewhere is not undone. */
  async function waitFor(attempt: { id: string; status: string }, record: { id: string } | null) {
    await db.campaignAttempt.updateMany({
      where: { id: attempt.id, status: attempt.status },
      data: { status: 'analysing', callId: record?.id ?? null },
    });
  }

  async function finish(
    attempt: { id: string; contactId: string; number: number; status: string },
    outcome: Outcome,
    sipCode: number | null,
    reason: string,
    callId?: string,
    outcomes?: unknown,
    callbackAt?: Date,
  ): Promise<void> {
    const retryOutcome = outcome as RetryOutcome;
    const rule =
      outcome === 'completed' ||
      outcome === 'answered' ||
      outcome === 'dnc_requested' ||
      outcome === 'callback'
        ? null
        : retry[retryOutcome];
    // A callback the callee asked for is kept even on the last planned attempt, once beyond it at most.
    const again = callbackAt
      ? attempt.number <= campaign!.maxAttempts
      : !!rule?.retry && attempt.number < campaign!.maxAttempts;
    const delayMs = rule ? rule.delayMinutes * 60_000 * 2 ** Math.max(0, attempt.number - 1) : 0;
    await db.$transaction(async (tx) => {
      const closed = await tx.campaignAttempt.updateMany({
        where: { id: attempt.id, status: attempt.status },
        data: { status: 'ended', outcome, sipCode, reason, endedAt: now, callId: callId ?? null },
      });
      if (closed.count === 0) return;
      settled++;
      await tx.campaignContact.update({
        where: { id: attempt.contactId },
        data: {
          lastOutcome: outcome,
          ...(outcomes && typeof outcomes === 'object' ? { outcomes: outcomes as object } : {}),
          ...(outcome === 'completed'
            ? { status: 'completed' }
            : outcome === 'dnc_requested'
              ? { status: 'dnc' }
              : again
                ? {
                    status: 'pending',
                    // The dialer still checks the campaign's hours and quiet hours when it comes due.
                    nextAttemptAt: callbackAt ?? new Date(now.getTime() + delayMs),
                  }
                : { status: 'failed' }),
        },
      });
    });
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * What the flow itself recorded on the call: Set outcome's fields (`campaign_outcome`) and Schedule
 * callback's time (`callback_at`, ignored unless it is a valid instant).
 */
export function flowResults(variables: unknown): {
  outcomes: Record<string, unknown>;
  callbackAt: Date | null;
} {
  const vars = asObject(variables);
  const raw = vars.callback_at;
  const at = typeof raw === 'string' ? new Date(raw) : null;
  return {
    outcomes: asObject(vars.campaign_outcome),
    callbackAt: at && !Number.isNaN(at.getTime()) ? at : null,
  };
}

/** A running campaign with nobody left to call (or waiting) is completed. */
export async function completeIfDone(deps: DialerDeps, campaignId: string): Promise<boolean> {
  const left = await deps.db.campaignContact.count({
    where: { campaignId, status: { in: ['pending', 'dialing'] } },
  });
  if (left > 0) return false;
  const moved = await deps.db.campaign.updateMany({
    where: { id: campaignId, status: 'running' },
    data: { status: 'completed', completedAt: deps.now() },
  });
  return moved.count > 0;
}

/** One pass of the dialer over every campaign that has work: settle, plan, complete. */
export async function campaignTick(
  deps: DialerDeps,
  dispatch: (deps: DialerDeps, campaignId: string) => Promise<unknown>,
): Promise<{ campaigns: number }> {
  const campaigns = await deps.db.campaign.findMany({
    where: { status: { in: ['running', 'paused', 'cancelled'] } },
    select: { id: true, status: true },
  });
  let active = 0;
  for (const c of campaigns) {
    // Paused and cancelled campaigns still settle their live calls.
    const openCalls = await deps.db.campaignAttempt.count({
      where: { campaignId: c.id, status: { in: ['claimed', 'dialing', 'analysing'] } },
    });
    if (c.status !== 'running' && openCalls === 0) continue;
    active++;
    await settleCampaign(deps, c.id);
    if (c.status === 'running') {
      await dispatch(deps, c.id);
      await completeIfDone(deps, c.id);
    }
  }
  return { campaigns: active };
}
