/**
 * The post-call step for CRM connections (issue 24): after a phone call is analysed, each of the project's
 * connections that logs calls gets it — Bitrix24 as a telephony call (register → finish), which creates the
 * call activity on the contact's card; amoCRM through `POST /api/v4/calls` on the contact found by the
 * number (created if absent). Progress is kept per connection and call (IntegrationCall), so a re-run of the
 * post-call step never makes a second entry.
 *
 * Bitrix24 answers the telephony methods only to an application (OAuth), not to an incoming webhook
 * (`WRONG_AUTH_TYPE`): webhook connections are skipped here rather than marked failing after every call.
 */
import type { Db } from '../db.ts';
import { logCallToBitrix24, type CallLogStore } from './bitrix24/bitrix24-call-log.ts';
import { logCallToAmoCrm, type AmoCallLogStore } from './amocrm/amocrm-call-log.ts';
import { amoCrmConnectionClient, integrationClient } from './integrations.server.ts';
import { recordingLink } from './recording-link.server.ts';

function callLogStore(client: Db, connectionId: string): CallLogStore {
  return {
    async get(callId) {
      const row = await client.integrationCall.findUnique({
        where: { connectionId_callId: { connectionId, callId } },
      });
      return row ? { b24CallId: row.externalId, finished: row.finished, recorded: row.recorded } : null;
    },
    async save(callId, p) {
      const data = { externalId: p.b24CallId, finished: p.finished, recorded: p.recorded };
      await client.integrationCall.upsert({
        where: { connectionId_callId: { connectionId, callId } },
        create: { connectionId, callId, ...data },
        update: data,
      });
    },
  };
}

/** amoCRM's progress: a row is written before the request is sent; its external id once amoCRM answered. */
function amoCallLogStore(client: Db, connectionId: string): AmoCallLogStore {
  return {
    async get(callId) {
      const row = await client.integrationCall.findUnique({
        where: { connectionId_callId: { connectionId, callId } },
      });
      return row ? { amoCallId: row.externalId, sent: true } : null;
    },
    async save(callId, p) {
      const data = { externalId: p.amoCallId, finished: p.amoCallId !== null };
      await client.integrationCall.upsert({
        where: { connectionId_callId: { connectionId, callId } },
        create: { connectionId, callId, ...data },
        update: data,
      });
    },
  };
}

/** Logs one call in every connection of its project that logs calls; answers how many took it. */
export async function logCallInIntegrations(client: Db, callId: string): Promise<number> {
  const call = await client.call.findUnique({ where: { id: callId } });
  if (!call || (call.direction !== 'inbound' && call.direction !== 'outbound')) return 0;
  const number = call.direction === 'inbound' ? call.fromNumber : call.toNumber;
  if (!number) return 0;
  const connections = await client.integrationConnection.findMany({
    where: { projectId: call.projectId, logCalls: true, authMode: 'oauth' },
  });
  if (!connections.length) return 0;
  // The recording goes as a signed, expiring link the CRM fetches itself (Bitrix24 downloads it, amoCRM plays it).
  const recorded = await client.callRecording.findUnique({
    where: { callId: call.id },
    select: { id: true },
  });
  const link = recorded ? await recordingLink(call.projectId, call.id).catch(() => undefined) : undefined;
  let logged = 0;
  for (const row of connections) {
    if (row.provider === 'amocrm') {
      const { client: amo, flushLog } = await amoCrmConnectionClient(call.projectId, row);
      try {
        await logCallToAmoCrm(amo, amoCallLogStore(client, row.id), {
          callId: call.id,
          phone: number,
          direction: call.direction,
          startedAt: call.startedAt,
          durationSec: Math.round((call.durationMs ?? 0) / 1000),
          ...(call.summary ? { result: call.summary } : {}),
          ...(link ? { link } : {}),
        });
        logged += 1;
      } catch {
        // In the connection's log and health, as for Bitrix24.
      } finally {
        await flushLog();
      }
      continue;
    }
    const { client: b24, flushLog } = await integrationClient(call.projectId, row);
    try {
      await logCallToBitrix24(b24, callLogStore(client, row.id), {
        callId: call.id,
        phone: number,
        direction: call.direction,
        startedAt: call.startedAt,
        durationSec: Math.round((call.durationMs ?? 0) / 1000),
        userId: row.userId,
        ...(link ? { recordUrl: link } : {}),
      });
      logged += 1;
    } catch {
      // The failure is in the connection's log and health; the next connection still gets the call.
    } finally {
      await flushLog();
    }
  }
  return logged;
}
