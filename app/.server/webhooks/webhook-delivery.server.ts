import type { Db } from '../db.ts';
import { guardedFetch, SsrfBlockedError } from '../net/ssrf-guard.ts';
import { appendAudit } from '../audit/audit-log.server.ts';
import type { CredentialsService } from '../secrets/credentials.server.ts';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  signPayload,
  TIMESTAMP_HEADER,
} from './webhook-signature.ts';

/** A day of failures in a row disables the endpoint. */
export const DISABLE_AFTER_MS = 24 * 3600_000;
const TIMEOUT_MS = 10_000;

export interface DeliveryDeps {
  db: Db;
  secrets: CredentialsService;
  /** Private hosts deliveries may reach (tests' local receiver); none by default. */
  allowHosts?: readonly string[];
  now?: () => number;
}

export type DeliveryOutcome =
  | { status: 'succeeded'; responseStatus: number }
  | { status: 'retry'; error: string }
  | { status: 'failed'; error: string };

/** Thrown to BullMQ so it retries with backoff; the row already says what happened. */
export class DeliveryRetry extends Error {}

/**
 * One attempt of one delivery: signed POST through the SSRF guard, its answer and time logged on the row.
 * A 2xx is success; anything else (or no answer) is retried by the queue until the endpoint has failed for
 * a day, when it is disabled and the project's admins see why on the webhooks list (and in the audit log).
 * A refused address (private, loopback, metadata) fails at once: retrying would not change it.
 */
export async function attemptDelivery(
  deps: DeliveryDeps,
  deliveryId: string,
  finalAttempt: boolean,
): Promise<DeliveryOutcome> {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const delivery = await db.webhookDelivery.findUnique({
    where: { id: deliveryId },
    include: { webhook: true },
  });
  if (!delivery || delivery.status === 'succeeded' || delivery.status === 'failed')
    return { status: 'failed', error: 'gone' };
  const hook = delivery.webhook;
  const isTest = delivery.eventType === 'webhook.test';
  if (!hook.enabled && !isTest) {
    await db.webhookDelivery.update({
      where: { id: deliveryId },
      data: { status: 'failed', error: 'endpoint disabled' },
    });
    return { status: 'failed', error: 'endpoint disabled' };
  }
  const secret = await deps.secrets.reveal(hook.projectId, hook.credentialId);
  if (!secret) {
    await db.webhookDelivery.update({
      where: { id: deliveryId },
      data: { status: 'failed', error: 'secret missing' },
    });
    return { status: 'failed', error: 'secret missing' };
  }
  const body = JSON.stringify(delivery.payload);
  const timestamp = Math.floor(now() / 1000);
  const started = performance.now();
  let responseStatus: number | null = null;
  let error: string | null = null;
  let refused = false;
  try {
    const response = await guardedFetch(
      hook.url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'voice-platform-webhooks/1',
          [SIGNATURE_HEADER]: signPayload(secret, timestamp, body),
          [TIMESTAMP_HEADER]: String(timestamp),
          [DELIVERY_HEADER]: delivery.id,
          [EVENT_HEADER]: delivery.eventType,
        },
        body,
      },
      { timeoutMs: TIMEOUT_MS, maxBytes: 64 * 1024, maxRedirects: 0, allowHosts: deps.allowHosts ?? [] },
    );
    responseStatus = response.status;
    await response.arrayBuffer().catch(() => undefined);
    if (response.status < 200 || response.status > 299) error = `HTTP ${response.status}`;
  } catch (thrown) {
    refused = thrown instanceof SsrfBlockedError;
    error = thrown instanceof Error ? thrown.message.slice(0, 300) : 'request failed';
  }
  const responseMs = Math.round(performance.now() - started);
  const attempts = delivery.attempts + 1;
  if (!error) {
    await db.webhookDelivery.update({
      where: { id: deliveryId },
      data: { status: 'succeeded', attempts, responseStatus, responseMs, error: null, nextAttemptAt: null },
    });
    if (hook.failingSince && !isTest)
      await db.webhook.update({ where: { id: hook.id }, data: { failingSince: null } });
    return { status: 'succeeded', responseStatus: responseStatus! };
  }
  const failingSince = hook.failingSince ?? new Date(now());
  const dayOfFailures = now() - failingSince.getTime() >= DISABLE_AFTER_MS;
  const final = refused || finalAttempt || dayOfFailures || isTest;
  await db.webhookDelivery.update({
    where: { id: deliveryId },
    data: { status: final ? 'failed' : 'retrying', attempts, responseStatus, responseMs, error },
  });
  if (!isTest) {
    await db.webhook.update({
      where: { id: hook.id },
      data: {
        failingSince,
        ...(dayOfFailures
          ? {
              enabled: false,
              disabledAt: new Date(now()),
              disabledReason: `Failing since ${failingSince.toISOString()}: ${error}`,
            }
          : {}),
      },
    });
    if (dayOfFailures && hook.enabled) {
      await appendAudit(db, {
        projectId: hook.projectId,
        actorUserId: null,
        actorType: 'system',
        action: 'webhook.disable',
        targetType: 'webhook',
        targetId: hook.id,
        diff: { after: { enabled: false, reason: error, failingSince: failingSince.toISOString() } },
      });
    }
  }
  return final ? { status: 'failed', error } : { status: 'retry', error };
}
