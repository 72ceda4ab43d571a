// Serves one Remix route module's action over real HTTP on loopback, so a local fake provider can call our
// callback URL the way the provider would (path parameters taken from a pattern such as `/inbound/:token`).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RouteModule } from './route-call.ts';

export async function serveRoute(
  mod: RouteModule,
  pattern: string,
): Promise<{ url: string; close: () => Promise<void> }> {
  const names = [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const matcher = new RegExp(`^${pattern.replace(/:(\w+)/g, '([^/]+)')}$`);
  const server: Server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const m = matcher.exec(url.pathname);
      if (!m || !mod.action) {
        res.writeHead(404).end();
        return;
      }
      const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const request = new Request(url, {
        method: req.method,
        headers,
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      });
      let answer: unknown;
      try {
        answer = await mod.action({ request, params, context: {} });
      } catch (thrown) {
        answer = thrown;
      }
      const response = answer instanceof Response ? answer : Response.json(answer);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
