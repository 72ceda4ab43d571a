import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { PageHeader } from '~/components/ui/page-header';
import { VoiceTestPanel } from '~/components/voice/voice-test-panel';
import { useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { requireAgent } from '~/.server/agents/agents.server';
import { MISSING } from '~/.server/http/missing';
import { projectLoader } from '~/.server/http/project-route';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('voice.metaTitle') },
];

/** Talk to an agent's draft by voice (the studio's test console opens the same panel). */
export const loader = projectLoader(
  { permission: 'agents.edit', ids: { agentId: MISSING.agent } },
  async ({ access, ids }) => {
    const agent = await requireAgent(access.projectId, ids.agentId);
    return { projectId: access.projectId, agent: { id: agent.id, name: agent.name } };
  },
);

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
