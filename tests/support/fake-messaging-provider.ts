/**
 * A local server that speaks the messaging providers' HTTP shapes (issue 22): SMS.ru's POST /sms/send and GET
 * /sms/status (form fields, JSON answers with per-number status codes), and the Telegram Bot API's POST
 * /bot<token>/sendMessage. Used by the server tests, the browser test and the bench in place of the cloud.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSent {
  provider: 'smsru' | 'telegram';
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
  /** Delivery state SMS.ru reports for every message from now on (103 delivered, 104 failed, 102 on the way). */
  setDeliveryCode(code: number): void;
  close(): Promise<void>;
}

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
  let deliveryCode = 103;
  let counter = 0;
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
      if (req.method === 'GET' && url.pathname === '/sms/status') {
        const id = url.searchParams.get('sms_id') ?? '';
        return json(200, {
          status: 'OK',
          status_code: 100,
          sms: {
            [id]: {
              status: 'OK',
              status_code: deliveryCode,
              status_text: deliveryCode === 103 ? 'Сообщение доставлено' : 'Не доставлено',
            },
          },
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
    failNext: (n) => {
      failures = n;
    },
    setDeliveryCode: (code) => {
      deliveryCode = code;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
