import { listTemplates, templateListQuery } from '~/.server/agents/templates';
import { projectApiLoader, queryInput } from '~/.server/http/api-route';

/** The templates a new agent can start from (id, language, name, description, size). */
export const loader = projectApiLoader({ permission: 'agents.read' }, ({ request }) => {
  const { language } = queryInput(request, templateListQuery);
  return Response.json({ templates: listTemplates(language) });
});
