import type { RouteGuard } from '~/.server/access/permissions';
import { apiError } from '~/.server/api/api-error';

export const guard: RouteGuard = 'public';

/** Unknown API paths answer JSON, not the HTML 404 page. */
export function loader() {
  return apiError(404, 'not_found', 'No such API endpoint. See /api/v1/openapi.json.');
}
export const action = loader;
