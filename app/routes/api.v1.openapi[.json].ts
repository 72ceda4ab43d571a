import { openApiDocument } from '~/.server/api/openapi';
import { publicRoute } from '~/.server/http/route-guard';

export const loader = publicRoute(() =>
  Response.json(openApiDocument(), { headers: { 'Cache-Control': 'public, max-age=300' } }),
);
