import type { RouteGuard } from '~/.server/access/permissions';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { PageHeader } from '~/components/ui/page-header';
import { VoiceTestPanel } from '~/components/voice/voice-test-panel';
import { useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { requireProjectPage } from '~/.server/access/project-page.server';
import { getAgent } from '~/.server/agents/agents.server';

export const guard: RouteGuard = 'agents.edit';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('voice.metaTitle') },
];

/** Talk to an agent's draft by voice (the studio's test console opens the same panel). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProjectPage(request, params.projectId, 'agents.edit');
  const agent = params.agentId ? await getAgent(access.projectId, params.agentId).catch(() => null) : null;
  if (!agent) throw new Response('Not found', { status: 404 });
  return { projectId: access.projectId, agent: { id: agent.id, name: agent.name } };
}

export default function VoiceTestPage() {
  const { projectId, agent } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="space-y-6">
      <PageHeader
        title={t('voice.title', { agent: agent.name })}
        description={`${t('voice.description')} ${t('voice.draft')}`}
      />
      <VoiceTestPanel projectId={projectId} agentId={agent.id} />
    </div>
  );
}
