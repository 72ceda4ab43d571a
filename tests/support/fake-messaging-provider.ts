/**
 * A local server that speaks the messaging providers' HTTP shapes (issue 22): SMS.ru's POST /sms/send and GET
 * /sms/status (form fields, JSON answers with per-number status codes), and the Telegram Bot API's POST
 * /bot<token>/sendMessage, and SMSC.ru's POST /sys/send.php and /sys/status.php (fmt=3 JSON, our own `id`). Used by the server tests, the browser test and the bench in place of the cloud.
 *
 * It also plays the providers' side of inbound: SMS.ru's POST /callback/add and Telegram's setWebhook record
 * where to call, and smsRuCallback / telegramUpdate then call that URL the way the provider does (SMS.ru's
 * `data[n]` form with its sha256 `hash`; a Telegram Update with the secret_token header).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSent {
  provider: 'smsru' | 'smsc' | 'telegram';
  to: string;
  text: string;
  credential: string;
  id: string;
}

export interface FakeProvider {
  url: string;
  sent: FakeSent[];
  /** Answer the next n sends with HTTP 500 (a provider outage). */
  failNext(n: number): void;
  /** How many SMS.ru status requests were answered. */
  readonly statusRequests: number;
  /** Delivery state SMS.ru reports for every message from now on (103 delivered, 104 failed, 102 on the way). */
  setDeliveryCode(code: number): void;
  /** Callback URLs registered with SMS.ru's callback/add, by api_id. */
  smsRuCallbacks: Map<string, string>;
  /** Webhooks registered with Telegram's setWebhook, by bot token. */
  telegramWebhooks: Map<string, { url: string; secret: string }>;
  /** Calls the api_id's callback URL with these entries, signed as SMS.ru signs them; answers status and body. */
  smsRuCallback(
    apiId: string,
    entries: string[],
    opts?: { hash?: string },
  ): Promise<{ status: number; body: string }>;
  /** Delivers an Update to the bot's webhook with its secret header (or the one given). */
  telegramUpdate(
    botToken: string,
    update: unknown,
    opts?: { secret?: string },
  ): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/** SMS.ru's callback signature: sha256 of the api_id followed by every entry in order. */
export const smsRuCallbackHash = (apiId: string, entries: string[]) =>
  createHash('sha256')
    .update(apiId + entries.join(''))
    .digest('hex');

const read = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

export async function startFakeMessagingProvider(
  opts: { record?: boolean; port?: number } = {},
): Promise<FakeProvider> {
  const sent: FakeSent[] = [];
  let failures = 0;
  let statusRequests = 0;
  let deliveryCode = 103;
  let counter = 0;
  const smsRuCallbacks = new Map<string, string>();
  /** SMSC.ru messages by `${id}@${phone}`, with the status code their status query answers. */
  const smscIds = new Map<string, number>();
  const telegramWebhooks = new Map<string, { url: string; secret: string }>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await read(req);
      const url = new URL(req.url ?? '/', 'http://fake');
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.method === 'POST' && failures > 0) {
        failures -= 1;
        return json(500, { status: 'ERROR', status_code: 500 });
      }
      if (req.method === 'POST' && url.pathname === '/sms/send') {
        const form = new URLSearchParams(body);
        const to = form.get('to') ?? '';
        const apiId = form.get('api_id') ?? '';
        if (apiId === 'bad')
          return json(200, { status: 'ERROR', status_code: 200, status_text: 'Неправильный api_id' });
        const id = `000000-${++counter}`;
        if (opts.record !== false)
          sent.push({ provider: 'smsru', to, text: form.get('msg') ?? '', credential: apiId, id });
        return json(200, {
          status: 'OK',
          status_code: 100,
          sms: { [to]: { status: 'OK', status_code: 100, sms_id: id } },
          balance: 100.5,
        });
      }
      if (req.method === 'POST' && url.pathname === '/sys/send.php') {
        const form = new URLSearchParams(body);
        const credential = form.get('apikey') ?? `${form.get('login')}:${form.get('psw')}`;
        if (form.get('fmt') !== '3') return json(400, { error: 'fmt=3 expected' });
        if (credential === 'bad') return json(200, { error: 'authorise error', error_code: 2 });
        const phones = form.get('phones') ?? '';
        if (!/^\d{10,15}$/.test(phones)) return json(200, { error: 'invalid number', error_code: 7 });
        const id = form.get('id') ?? String(++counter);
        smscIds.set(`${id}@${phones}`, deliveryCode === 103 ? 1 : deliveryCode === 104 ? 20 : 0);
        if (opts.record !== false)
          sent.push({ provider: 'smsc', to: phones, text: form.get('mes') ?? '', credential, id });
        return json(200, { id, cnt: 1 });
      }
      if (req.method === 'POST' && url.pathname === '/sys/status.php') {
        const form = new URLSearchParams(body);
        const status = smscIds.get(`${form.get('id')}@${form.get('phone')}`);
        return json(
          200,
          status === undefined ? { status: -3, err: 0 } : { status, err: 0, last_timestamp: 0 },
        );
      }
      if (req.method === 'POST' && url.pathname === '/callback/add') {
        const form = new URLSearchParams(body);
        smsRuCallbacks.set(form.get('api_id') ?? '', form.get('url') ?? '');
        return json(200, { status: 'OK', status_code: 100, callback: [...smsRuCallbacks.values()] });
      }
      const hook = /^\/bot([^/]+)\/setWebhook$/.exec(url.pathname);
      if (req.method === 'POST' && hook) {
        const { url: target, secret_token } = JSON.parse(body) as { url: string; secret_token?: string };
        telegramWebhooks.set(hook[1] ?? '', { url: target, secret: secret_token ?? '' });
        return json(200, { ok: true, result: true, description: 'Webhook was set' });
      }
      if (req.method === 'GET' && url.pathname === '/sms/status') {
        statusRequests += 1;
        // Up to 100 ids, comma-separated, each answered under its own key.
        const ids = (url.searchParams.get('sms_id') ?? '').split(',').filter(Boolean);
        const entry = {
          status: 'OK',
          status_code: deliveryCode,
          status_text: deliveryCode === 103 ? 'Сообщение доставлено' : 'Не доставлено',
        };
        return json(200, {
          status: 'OK',
          status_code: 100,
          sms: Object.fromEntries(ids.map((id) => [id, entry])),
        });
      }
      const bot = /^\/bot([^/]+)\/sendMessage$/.exec(url.pathname);
      if (req.method === 'POST' && bot) {
        const message = JSON.parse(body) as { chat_id: string | number; text: string };
        if (String(message.chat_id) === '0')
          return json(400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
        const id = ++counter;
        if (opts.record !== false)
          sent.push({
            provider: 'telegram',
            to: String(message.chat_id),
            text: message.text,
            credential: bot[1] ?? '',
            id: String(id),
          });
        return json(200, {
          ok: true,
          result: { message_id: id, chat: { id: message.chat_id }, text: message.text },
        });
      }
      json(404, { ok: false, error_code: 404, description: 'Not Found' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    get statusRequests() {
      return statusRequests;
    },
    failNext: (n) => {
      failures = n;
    },
    setDeliveryCode: (code) => {
      deliveryCode = code;
    },
    smsRuCallbacks,
    telegramWebhooks,
    async smsRuCallback(apiId, entries, opts = {}) {
      const target = smsRuCallbacks.get(apiId);
      if (!target) throw new Error(`no SMS.ru callback registered for ${apiId}`);
      const form = new URLSearchParams();
      entries.forEach((entry, i) => form.set(`data[${i}]`, entry));
      form.set('hash', opts.hash ?? smsRuCallbackHash(apiId, entries));
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      });
      return { status: res.status, body: await res.text() };
    },
    async telegramUpdate(botToken, update, opts = {}) {
      const target = telegramWebhooks.get(botToken);
      if (!target) throw new Error(`no Telegram webhook set for ${botToken}`);
      const res = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-telegram-bot-api-secret-token': opts.secret ?? target.secret,
        },
        body: JSON.stringify(update),
      });
      return { status: res.status, body: await res.text() };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
