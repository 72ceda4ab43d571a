import { apiError } from '~/.server/api/api-error';
import { publicRoute } from '~/.server/http/route-guard';

/** Unknown API paths answer JSON, not the HTML 404 page. */
export const loader = publicRoute(() =>
  apiError(404, 'not_found', 'No such API endpoint. See /api/v1/openapi.json.'),
);
export const action = loader;
