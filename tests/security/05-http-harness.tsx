// The web process's real Express stack (createWebApp + mountRemix + the app's entry.server) over real HTTP,
// with a small Remix build of its own: a document route with a form action, and resource routes that show
// what Remix saw (the client address, the URL). Used by the header, log, proxy and Origin tests.
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import type { ServerBuild } from '@remix-run/node';
import { Scripts } from '@remix-run/react';
import pino from 'pino';
import handleRequest from '../../app/entry.server.tsx';
import { useNonce } from '../../app/components/nonce.tsx';
import { clientInfo } from '#server/auth/client-info.server.ts';
import { createWebApp, mountRemix, type WebAppOptions } from '#server/http/web-app.ts';

/** Like app/root.tsx's Layout: Remix's scripts with the response's nonce. */
function Document() {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <title>harness</title>
      </head>
      <body>
        <p>hello</p>
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

const route = (id: string, path: string | undefined, module: object, parentId?: string) => ({
  id,
  path,
  parentId,
  module,
});

const routes = {
  root: route('root', '', { default: Document, ErrorBoundary: () => <p>error</p> }),
  'routes/form': route(
    'routes/form',
    'form',
    {
      default: () => <p>form</p>,
      action: () => Response.json({ done: true }),
    },
    'root',
  ),
  'routes/whoami': route(
    'routes/whoami',
    'whoami',
    {
      loader: ({ request }: { request: Request }) =>
        Response.json({ ip: clientInfo(request).ip, url: request.url }),
      action: ({ request }: { request: Request }) =>
        Response.json({ ip: clientInfo(request).ip, url: request.url }),
    },
    'root',
  ),
  'routes/api': route(
    'routes/api',
    'api/v1/*',
    { loader: () => Response.json({ ok: true }), action: () => Response.json({ ok: true }) },
    'root',
  ),
  'routes/invite': route(
    'routes/invite',
    'invite/:token',
    { default: () => <p>invite</p>, loader: () => null },
    'root',
  ),
  // Like app/routes/$.tsx: unknown pages are a 404 thrown from a loader.
  'routes/$': route(
    'routes/$',
    '*',
    {
      default: () => null,
      loader: () => {
        throw new Response(null, { status: 404 });
      },
    },
    'root',
  ),
};

const entryRoute = (id: string, parentId?: string) => ({
  id,
  parentId,
  path: routes[id as keyof typeof routes].path,
  module: `/build/${id}.js`,
  hasAction: id === 'routes/form' || id === 'routes/whoami' || id === 'routes/api',
  hasLoader: id !== 'root' && id !== 'routes/form',
  hasClientAction: false,
  hasClientLoader: false,
  hasErrorBoundary: id === 'root',
  imports: [],
});

const build = {
  mode: 'production',
  entry: { module: { default: handleRequest } },
  routes,
  assets: {
    entry: { module: '/build/entry.client.js', imports: [] },
    routes: Object.fromEntries(
      Object.values(routes).map((r) => [r.id, entryRoute(r.id, 'parentId' in r ? r.parentId : undefined)]),
    ),
    url: '/build/manifest.js',
    version: 'harness',
  },
  publicPath: '/build/',
  assetsBuildDirectory: 'build/client',
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
  },
  isSpaMode: false,
} as unknown as ServerBuild;

export interface RunningWebApp {
  url: string;
  port: number;
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startWebApp(
  overrides: Partial<Omit<WebAppOptions, 'logger' | 'healthChecks'>> = {},
): Promise<RunningWebApp> {
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level: 'info' }, sink);
  const app = createWebApp({
    publicUrl: 'http://localhost:3000',
    logger,
    healthChecks: {},
    ...overrides,
  });
  mountRemix(app, build, 'production');
  const server: Server = createServer(app);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    logs,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
