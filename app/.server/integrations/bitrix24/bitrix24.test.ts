// The Bitrix24 connector against a local portal speaking Bitrix24's protocol (fake-bitrix24): the CRM node's
// methods by webhook, the SSRF guard on the portal URL, QUERY_LIMIT_EXCEEDED back-off, OAuth refresh after
// expired_token with one refresh for many callers, and call logging that never makes a second entry.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SsrfBlockedError } from '../../net/ssrf-guard.ts';
import {
  createBitrix24Client,
  parseWebhookUrl,
  singleFlightTokens,
  type Bitrix24LogEntry,
} from './bitrix24-client.ts';
import { logCallToBitrix24, type CallLogProgress } from './bitrix24-call-log.ts';
import { bitrix24CrmPort } from './bitrix24-crm-port.ts';
import { exchangeBitrix24Token } from './bitrix24-oauth.ts';
import { startFakeBitrix24, type FakeBitrix24 } from './testing/fake-bitrix24.ts';

let fake: FakeBitrix24;
const signal = new AbortController().signal;
const loopback = ['127.0.0.1'];

beforeAll(async () => {
  fake = await startFakeBitrix24();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.state.requests.length = 0;
  fake.state.throttleNext = 0;
});

/** An OAuth connection's token store in memory, refreshing at the fake's token server. */
function oauthTokens() {
  const t = fake.install();
  const stored = { accessToken: t.access, refreshToken: t.refresh };
  const tokens = singleFlightTokens({
    read: async () => stored,
    exchange: async () => {
      const next = await exchangeBitrix24Token({
        oauthUrl: fake.base,
        clientId: fake.clientId,
        clientSecret: fake.clientSecret,
        grant: { refreshToken: stored.refreshToken },
        allowHosts: loopback,
      });
      // The rotated refresh token is stored before the access token is used.
      stored.refreshToken = next.refresh_token;
      stored.accessToken = next.access_token;
      return stored;
    },
  });
  return { stored, tokens };
}

describe('Bitrix24 by incoming webhook', () => {
  it('parses the webhook URL and refuses other shapes', () => {
    expect(parseWebhookUrl('https://b24-x.bitrix24.ru/rest/1/abc123/')).toEqual({
      url: 'https://b24-x.bitrix24.ru/rest/1/abc123/',
      portal: 'b24-x.bitrix24.ru',
    });
    expect(parseWebhookUrl('https://b24-x.bitrix24.ru/rest/1/abc123/profile.json')?.url).toBe(
      'https://b24-x.bitrix24.ru/rest/1/abc123/',
    );
    expect(parseWebhookUrl('https://b24-x.bitrix24.ru/other')).toBeNull();
    expect(parseWebhookUrl('ftp://b24-x.bitrix24.ru/rest/1/abc/')).toBeNull();
  });

  it('finds, creates and updates contacts, files a lead and a deal, adds a note and a task', async () => {
    const log: Bitrix24LogEntry[] = [];
    const client = createBitrix24Client({
      auth: { kind: 'webhook', url: fake.webhookUrl },
      allowHosts: loopback,
      onLog: (e) => log.push(e),
    });
    const crm = bitrix24CrmPort(client);
    expect(await crm.findContact({ phone: '8 916 555-01-01', signal })).toBeNull();
    const created = await crm.upsertContact({ phone: '+7 (916) 555-01-01', name: 'Анна', signal });
    expect(created).toMatchObject({ name: 'Анна', phones: ['+79165550101'] });
    const found = await crm.findContact({ phone: '89165550101', signal });
    expect(found?.id).toBe(created.id);
    const renamed = await crm.upsertContact({ phone: '89165550101', name: 'Анна Петровна', signal });
    expect(renamed.id).toBe(created.id);
    expect(fake.state.contacts.size).toBe(1);
    const deal = await crm.createDeal({ title: 'Запись', contactId: created.id, amount: 1500, signal });
    expect(fake.state.deals.get(deal.id)).toMatchObject({ TITLE: 'Запись', CONTACT_ID: created.id });
    expect(await crm.moveDeal({ dealId: deal.id, stage: 'won', signal })).toEqual({
      id: deal.id,
      stage: 'WON',
    });
    await crm.addNote({ contactId: created.id, text: 'Перезвонить', signal });
    await crm.createTask({
      contactId: created.id,
      title: 'Позвонить',
      dueAt: new Date().toISOString(),
      signal,
    });
    const lead = await crm.createLead({ title: 'Звонок', phone: '89165550199', signal });
    expect(fake.state.leads).toContainEqual(expect.objectContaining({ ID: lead.id, TITLE: 'Звонок' }));
    expect(log.every((e) => e.ok)).toBe(true);
    expect(log.map((e) => e.method)).toContain('crm.duplicate.findbycomm');
  });

  it('refuses a portal on a private address unless the project allows the host', async () => {
    const client = createBitrix24Client({ auth: { kind: 'webhook', url: fake.webhookUrl } });
    await expect(client.call('crm.contact.get', { id: 1 })).rejects.toBeInstanceOf(SsrfBlockedError);
    expect(fake.state.requests).toHaveLength(0);
  });

  it('waits and retries on QUERY_LIMIT_EXCEEDED, and gives up after its retries', async () => {
    const pauses: number[] = [];
    const log: Bitrix24LogEntry[] = [];
    const client = createBitrix24Client({
      auth: { kind: 'webhook', url: fake.webhookUrl },
      allowHosts: loopback,
      backoffMs: 100,
      maxRetries: 3,
      sleep: async (ms) => void pauses.push(ms),
      onLog: (e) => log.push(e),
    });
    fake.state.throttleNext = 2;
    expect(
      await client.call('crm.duplicate.findbycomm', { type: 'PHONE', values: ['+70000000000'] }),
    ).toEqual([]);
    expect(pauses).toEqual([100, 200]);
    expect(log.map((e) => [e.status, e.ok])).toEqual([
      [503, false],
      [503, false],
      [200, true],
    ]);
    fake.state.throttleNext = 10;
    await expect(client.call('crm.contact.get', { id: 1 })).rejects.toThrow(/QUERY_LIMIT_EXCEEDED/);
  });

  it('meets the leaky bucket of a real portal: a burst above 50 is queued, not lost', async () => {
    let clock = 0;
    const limited = await startFakeBitrix24({ limit: 5, drainPerSecond: 2, now: () => clock });
    try {
      const client = createBitrix24Client({
        auth: { kind: 'webhook', url: limited.webhookUrl },
        allowHosts: loopback,
        // The pause passes time on the fake's clock: the bucket drains while the client waits.
        sleep: async (ms) => void (clock += ms),
      });
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          client.call('crm.duplicate.findbycomm', { type: 'PHONE', values: [`+7916000000${i}`] }),
        ),
      );
      expect(answers).toHaveLength(12);
    } finally {
      await limited.close();
    }
  });

  it('telephony needs an application: a webhook gets WRONG_AUTH_TYPE', async () => {
    const client = createBitrix24Client({
      auth: { kind: 'webhook', url: fake.webhookUrl },
      allowHosts: loopback,
    });
    const store = new Map<string, CallLogProgress>();
    await expect(
      logCallToBitrix24(
        client,
        { get: async (k) => store.get(k) ?? null, save: async (k, v) => void store.set(k, { ...v }) },
        {
          callId: 'c-hook',
          phone: '89165550101',
          direction: 'inbound',
          startedAt: new Date(),
          durationSec: 5,
          userId: 1,
        },
      ),
    ).rejects.toThrow(/WRONG_AUTH_TYPE/);
  });
});

describe('Bitrix24 as an OAuth application', () => {
  it('refreshes once after expired_token, with every concurrent caller getting the new token', async () => {
    const { stored, tokens } = oauthTokens();
    const client = createBitrix24Client({
      auth: { kind: 'oauth', endpoint: `${fake.base}/rest/`, tokens },
      allowHosts: loopback,
    });
    const before = fake.state.tokenExchanges;
    const firstRefresh = stored.refreshToken;
    fake.expireAccessTokens();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        client.call('crm.duplicate.findbycomm', { type: 'PHONE', values: ['+7'] }),
      ),
    );
    expect(results).toHaveLength(8);
    expect(fake.state.tokenExchanges - before).toBe(1);
    expect(stored.refreshToken).not.toBe(firstRefresh);
    // The old refresh token no longer works: rotation happened and the new one was kept.
    await expect(
      exchangeBitrix24Token({
        oauthUrl: fake.base,
        clientId: fake.clientId,
        clientSecret: fake.clientSecret,
        grant: { refreshToken: firstRefresh },
        allowHosts: loopback,
      }),
    ).rejects.toThrow(/invalid_grant/);
  });

  it('logs a call with its recording once, however often the log is retried', async () => {
    const { tokens } = oauthTokens();
    const client = createBitrix24Client({
      auth: { kind: 'oauth', endpoint: `${fake.base}/rest/`, tokens },
      allowHosts: loopback,
    });
    const store = new Map<string, CallLogProgress>();
    const call = {
      callId: 'call-42',
      phone: '89165550101',
      direction: 'inbound' as const,
      startedAt: new Date(),
      durationSec: 37,
      recordUrl: 'https://example.com/r/call-42.wav',
      userId: 1,
    };
    // A worker that crashes right after register, before storing Bitrix24's CALL_ID: nothing is saved.
    const forgetful = { get: async () => null, save: async () => {} };
    let saves = 0;
    const crashing = {
      get: async () => null,
      save: async () => {
        saves += 1;
        throw new Error('worker crashed');
      },
    };
    await expect(logCallToBitrix24(client, crashing, call)).rejects.toThrow(/crashed/);
    expect(saves).toBe(1);
    const durable = {
      get: async (k: string) => store.get(k) ?? null,
      save: async (k: string, v: CallLogProgress) => void store.set(k, { ...v }),
    };
    const first = await logCallToBitrix24(client, durable, call);
    const again = await logCallToBitrix24(client, durable, call);
    expect(again).toEqual(first);
    // A retry that lost everything we stored: Bitrix24's dedup answers the same call, finish finds it done.
    await logCallToBitrix24(client, forgetful, call);
    const ours = fake.state.calls.filter((c) => c.key.includes('call-42'));
    expect(ours).toHaveLength(1);
    expect(fake.state.activities.filter((a) => a.callId === ours[0]!.CALL_ID)).toHaveLength(1);
    expect(ours[0]).toMatchObject({ finished: true, recordUrl: call.recordUrl, phone: '+79165550101' });
  });
});
