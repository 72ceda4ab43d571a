import { ServiceError } from '../errors/service-error.ts';

/** In a page loader, a service's 4xx becomes that HTTP response (the error page shows it); the rest throw. */
export async function answerPageServiceErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ServiceError && e.status < 500) throw new Response(e.message, { status: e.status });
    throw e;
  }
}
