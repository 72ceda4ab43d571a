import { apiError } from '../api/api-error.ts';
import {
  DEPENDENCY_RETRY_AFTER_SECONDS,
  unavailableDependency,
  type Dependency,
} from '../errors/dependency-unavailable.ts';
import { createLogger, type Logger } from '../logger.ts';

const WHAT: Record<Dependency, string> = { database: 'The database', redis: 'The queue and cache (Redis)' };

let logger: Logger | undefined;
const log = () => (logger ??= createLogger('web'));

/**
 * The answer while a dependency is out of reach: 503 with Retry-After. API requests get the API's error
 * shape (code `dependency_unavailable`); pages get a plain 503 that the error boundary shows as "temporarily
 * unavailable" in the person's language. The driver's own text (hosts, ports, SQL) is logged, never sent.
 */
export function outageResponse(request: Request | undefined, dependency: Dependency): Response {
  const headers = { 'Retry-After': String(DEPENDENCY_RETRY_AFTER_SECONDS), 'Cache-Control': 'no-store' };
  const isApi = request ? new URL(request.url).pathname.startsWith('/api/') : false;
  if (isApi) {
    return apiError(
      503,
      'dependency_unavailable',
      `${WHAT[dependency]} is unavailable right now. Try again in a few seconds.`,
      { headers },
    );
  }
  return new Response('dependency_unavailable', { status: 503, headers });
}

type Handler = (args: { request?: Request }) => unknown;

/**
 * Wraps a route's loader or action: an error that says PostgreSQL or Redis cannot be reached becomes the
 * 503 above (thrown, so Remix sends it as it is, or shows the error boundary for a page); any other error
 * goes on as before.
 */
export function answeringOutages<F extends Handler>(handler: F): F {
  const wrapped = async (args: Parameters<F>[0]) => {
    try {
      return await handler(args);
    } catch (e) {
      const dependency = unavailableDependency(e);
      if (!dependency) throw e;
      const url = args?.request ? new URL(args.request.url).pathname : undefined;
      log().warn(
        { dependency, url, err: e instanceof Error ? e.message : String(e) },
        'dependency unavailable',
      );
      throw outageResponse(args?.request, dependency);
    }
  };
  return wrapped as unknown as F;
}
