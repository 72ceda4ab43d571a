import type { RouteGuard } from '~/.server/access/permissions';
import { openApiDocument } from '~/.server/api/openapi';

export const guard: RouteGuard = 'public';

export function loader() {
  return Response.json(openApiDocument(), { headers: { 'Cache-Control': 'public, max-age=300' } });
}
