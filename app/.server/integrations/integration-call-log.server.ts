/**
 * The post-call step for CRM connections (issue 24): after a phone call is analysed, each of the project's
 * Bitrix24 connections that logs calls gets it as a telephony call (register → finish), which creates the
 * call activity on the contact's card. Progress is kept per connection and call (IntegrationCall), so a
 * re-run of the post-call step never makes a second entry.
 *
 * Bitrix24 answers the telephony methods only to an application (OAuth), not to an incoming webhook
 * (`WRONG_AUTH_TYPE`): webhook connections are skipped here rather than marked failing after every call.
 */
import type { Db } from '../db.ts';
import { logCallToBitrix24, type CallLogStore } from './bitrix24/bitrix24-call-log.ts';
import { integrationClient } from './integrations.server.ts';

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

/** Logs one call in every connection of its project that logs calls; answers how many took it. */
export async function logCallInIntegrations(client: Db, callId: string): Promise<number> {
  const call = await client.call.findUnique({ where: { id: callId } });
  if (!call || (call.direction !== 'inbound' && call.direction !== 'outbound')) return 0;
  const number = call.direction === 'inbound' ? call.fromNumber : call.toNumber;
  if (!number) return 0;
  const connections = await client.integrationConnection.findMany({
    // amoCRM calls (`/api/v4/calls`) are not logged yet.
    where: { projectId: call.projectId, logCalls: true, authMode: 'oauth', provider: 'bitrix24' },
  });
  let logged = 0;
  for (const row of connections) {
    const { client: b24, flushLog } = await integrationClient(call.projectId, row);
    try {
      await logCallToBitrix24(b24, callLogStore(client, row.id), {
        callId: call.id,
        phone: number,
        direction: call.direction,
        startedAt: call.startedAt,
        durationSec: Math.round((call.durationMs ?? 0) / 1000),
        userId: row.userId,
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
