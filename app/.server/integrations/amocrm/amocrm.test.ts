// The amoCRM client and CRM port against a local amoCRM-speaking server (fake-amocrm): the code exchange,
// contacts found and created by number, a note, a deal moved, a task; 7 requests a second kept (requests
// queue, and a 429 is waited out); rotating refresh tokens under concurrency (one exchange, the new pair
// stored before use, a reused refresh token refused).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { singleFlightTokens } from '../bitrix24/bitrix24-client.ts';
import { createAmoCrmClient } from './amocrm-client.ts';
import { amoCrmPort } from './amocrm-crm-port.ts';
import { exchangeAmoCrmToken } from './amocrm-oauth.ts';
import { startFakeAmoCrm, type FakeAmoCrm } from './testing/fake-amocrm.ts';

let fake: FakeAmoCrm;
beforeAll(async () => {
  fake = await startFakeAmoCrm();
});
afterAll(async () => {
  await fake.close();
});

const signal = new AbortController().signal;
const allowHosts = ['127.0.0.1'];

/** Tokens kept as the credentials service would: the pair replaced whole, the order of writes recorded. */
function memoryTokens(initial: { access: string; refresh: string }) {
  let stored = { accessToken: initial.access, refreshToken: initial.refresh };
  const writes: string[] = [];
  const source = singleFlightTokens({
    read: async () => stored,
    async exchange() {
      const next = await exchangeAmoCrmToken({
        baseUrl: fake.base,
        clientId: fake.clientId,
        clientSecret: fake.clientSecret,
        redirectUri: fake.redirectUri,
        grant: { refreshToken: stored.refreshToken },
        allowHosts,
      });
      stored = { accessToken: next.access_token, refreshToken: next.refresh_token };
      writes.push(next.refresh_token);
      return stored;
    },
  });
  return { source, writes, stored: () => stored };
}

describe('amoCRM', () => {
  it('exchanges the code, then finds, creates and updates contacts, notes, deals and tasks', async () => {
    const tokens = await exchangeAmoCrmToken({
      baseUrl: fake.base,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      redirectUri: fake.redirectUri,
      grant: { code: 'amo-code' },
      allowHosts,
    });
    await expect(
      exchangeAmoCrmToken({
        baseUrl: fake.base,
        clientId: fake.clientId,
        clientSecret: fake.clientSecret,
        redirectUri: fake.redirectUri,
        grant: { code: 'amo-code' },
        allowHosts,
      }),
    ).rejects.toThrow(/Authorization code has expired/);
    const { source } = memoryTokens({ access: tokens.access_token, refresh: tokens.refresh_token });
    const crm = amoCrmPort(createAmoCrmClient({ baseUrl: fake.base, tokens: source, allowHosts }));

    expect(await crm.findContact({ phone: '+79165550101', signal })).toBeNull();
    expect(fake.state.requests.at(-1)).toEqual({ route: 'GET /api/v4/contacts', status: 204 });
    const created = await crm.upsertContact({ phone: '8 916 555-01-01', name: 'Анна', signal });
    expect(created).toMatchObject({ name: 'Анна', phones: ['+79165550101'] });
    const found = await crm.findContact({ phone: '89165550101', signal });
    expect(found?.id).toBe(created.id);
    await crm.upsertContact({ phone: '+79165550101', email: 'anna@example.ru', signal });
    const updated = await crm.findContact({ phone: '+79165550101', signal });
    expect(updated).toMatchObject({ id: created.id, phones: ['+79165550101'], emails: ['anna@example.ru'] });
    expect([...fake.state.contacts.values()]).toHaveLength(1);

    const note = await crm.addNote({ contactId: created.id, text: 'Спросила про цены', signal });
    expect(fake.state.notes).toEqual([
      expect.objectContaining({ id: Number(note.id), entityId: Number(created.id), note_type: 'common' }),
    ]);
    const deal = await crm.createDeal({ title: 'Заявка', contactId: created.id, amount: 1500, signal });
    expect(deal.stage).toBe('142001');
    expect(await crm.moveDeal({ dealId: deal.id, stage: '142', signal })).toEqual({
      id: deal.id,
      stage: '142',
    });
    expect(fake.state.leads.get(Number(deal.id))).toMatchObject({ status_id: 142, price: 1500 });
    await expect(crm.moveDeal({ dealId: deal.id, stage: 'Won', signal })).rejects.toThrow(/status ids/);
    await crm.createTask({
      contactId: created.id,
      title: 'Перезвонить',
      dueAt: '2026-12-08T10:00:00Z',
      signal,
    });
    expect(fake.state.tasks).toEqual([
      expect.objectContaining({
        entity_type: 'contacts',
        entity_id: Number(created.id),
        complete_till: 1_796_724_000,
      }),
    ]);
  });

  it('keeps to 7 requests a second: a burst queues instead of being refused, and a 429 is waited out', async () => {
    const t = fake.install();
    const { source } = memoryTokens(t);
    // The account's last second holds none of the earlier tests' requests (the limit is the account's).
    await expect.poll(() => fake.state.sentAt.filter((s) => s > Date.now() - 1000).length).toBe(0);
    const before = fake.state.requests.length;
    const crm = amoCrmPort(createAmoCrmClient({ baseUrl: fake.base, tokens: source, allowHosts }));
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        crm.findContact({ phone: `+7916000${String(i).padStart(4, '0')}`, signal }),
      ),
    );
    expect(answers.every((a) => a === null)).toBe(true);
    const burst = fake.state.requests.slice(before);
    expect(burst).toHaveLength(12);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(0);

    // A client that does not know the limit (or another process sharing the account): 429s, retried.
    const greedy = amoCrmPort(
      createAmoCrmClient({ baseUrl: fake.base, tokens: source, allowHosts, perSecond: 100, backoffMs: 300 }),
    );
    const from = fake.state.requests.length;
    const all = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        greedy.findContact({ phone: `+7916111${String(i).padStart(4, '0')}`, signal }),
      ),
    );
    expect(all).toHaveLength(10);
    const seen = fake.state.requests.slice(from);
    expect(seen.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expect(seen.filter((r) => r.status === 204)).toHaveLength(10);
  });

  it('refreshes an expired token once for concurrent callers, storing the rotated pair before using it', async () => {
    const t = fake.install();
    const tokens = memoryTokens(t);
    const crm = amoCrmPort(createAmoCrmClient({ baseUrl: fake.base, tokens: tokens.source, allowHosts }));
    fake.expireAccessTokens();
    const exchanges = fake.state.tokenExchanges;
    await Promise.all(Array.from({ length: 5 }, () => crm.findContact({ phone: '+79160000999', signal })));
    expect(fake.state.tokenExchanges - exchanges).toBe(1);
    expect(tokens.writes).toEqual([tokens.stored().refreshToken]);
    expect(fake.state.refreshTokens.has(tokens.stored().refreshToken)).toBe(true);
    // The spent refresh token is refused, as amoCRM does: losing the new one would disconnect the account.
    await expect(
      exchangeAmoCrmToken({
        baseUrl: fake.base,
        clientId: fake.clientId,
        clientSecret: fake.clientSecret,
        redirectUri: fake.redirectUri,
        grant: { refreshToken: t.refresh },
        allowHosts,
      }),
    ).rejects.toThrow(/Token has been revoked/);
  });

  it('refuses an account on a private address the project does not allow', async () => {
    const { source } = memoryTokens(fake.install());
    const crm = amoCrmPort(createAmoCrmClient({ baseUrl: fake.base, tokens: source, allowHosts: [] }));
    await expect(crm.findContact({ phone: '+79160000001', signal })).rejects.toThrow();
  });
});
