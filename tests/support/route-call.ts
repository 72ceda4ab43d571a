// Calls a Remix route module's loader or action in-process with a real Request, the way Remix would,
// and returns the Response whether the route returned or threw it.
import { signAccessToken } from '#server/auth/jwt.server.ts';
import { authContext } from '#server/auth/auth-context.server.ts';
import { CLIENT_IP_HEADER } from '#server/auth/client-info.server.ts';

/**
 * The client address of this test file's requests, as the web process would pass it on. One per file (each
 * file loads this module anew), so per-address limits counted in one file never spill into another that
 * shares the worker's Redis prefix.
 */
const fileClientIp = `2001:db8::${crypto.randomUUID().slice(0, 4)}:${crypto.randomUUID().slice(0, 4)}`;

type Handler = (args: {
  request: Request;
  params: Record<string, string>;
  context: Record<string, unknown>;
}) => unknown;
export interface RouteModule {
  loader?: Handler;
  action?: Handler;
}

export async function bearerFor(userId: string): Promise<Record<string, string>> {
  const token = await signAccessToken(authContext().keys, { userId, sessionId: crypto.randomUUID() });
  return { authorization: `Bearer ${token}` };
}

export async function callRoute(
  mod: RouteModule,
  opts: {
    method: string;
    path: string;
    params: Record<string, string>;
    headers?: Record<string, string>;
    body?: unknown;
  },
): Promise<Response> {
  const handler = opts.method === 'GET' ? mod.loader : mod.action;
  if (!handler) throw new Error(`route has no ${opts.method === 'GET' ? 'loader' : 'action'}`);
  const request = new Request(`http://localhost${opts.path}`, {
    method: opts.method,
    headers: { 'content-type': 'application/json', [CLIENT_IP_HEADER]: fileClientIp, ...opts.headers },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  try {
    const result = await handler({ request, params: opts.params, context: {} });
    if (result instanceof Response) return result;
    return Response.json(result);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** A JSON answer as tests read it: walked freely, each value then checked by an assertion. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests walk arbitrary JSON answers
export type JsonAnswer = Record<string, any>;

/** `callRoute`, with the answer's text and its JSON (null for an empty body). */
export async function callRouteJson(
  mod: RouteModule,
  opts: Parameters<typeof callRoute>[1],
): Promise<{ status: number; res: Response; text: string; json: JsonAnswer }> {
  const res = await callRoute(mod, opts);
  const text = await res.text();
  return { status: res.status, res, text, json: (text ? JSON.parse(text) : null) as JsonAnswer };
}
