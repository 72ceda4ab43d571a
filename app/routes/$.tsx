import { publicRoute } from '~/.server/http/route-guard';

/**
 * Catch-all for unknown pages. Throwing here (instead of letting nothing match) makes Remix run the
 * root loader first, so the root error boundary can show the 404 page in the visitor's language.
 */
export const loader = publicRoute((): never => {
  throw new Response(null, { status: 404, statusText: 'Not Found' });
});

export default function NotFound() {
  return null;
}
